/**
 * Restricted Mode (run by `--restricted`, in a workspace that is not trusted): browsing works, nothing can be
 * deleted, and cache roots from workspace settings are ignored.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { fixturesDir } from '../unit/helpers';
import { activateExtension, place } from './helpers';


function files(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).sort();
}

describe('Restricted Mode', () => {
  let api: ExtensionApi;
  let inWorkspace: string;
  let outside: string;

  before(async () => {
    inWorkspace = place('cache-0.3.0/mixed', 'cache', 'cache');
    outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'restricted-')), 'cache');
    fs.cpSync(path.join(fixturesDir, 'cache-0.3.0/basic/cache'), outside, { recursive: true });
    api = await activateExtension();
  });

  it('runs untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('ignores batpakCache.roots from workspace settings, but still browses the workspace', async () => {
    await vscode.workspace.getConfiguration('batpakCache').update('roots', [outside, '/', os.homedir()], vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('batpakCache.refresh');
    const roots = (await api.tree.getChildren()).map((n) => (n as unknown as { state: { path: string } }).state.path);
    assert.deepEqual(roots, [inWorkspace]);
    const shards = await api.tree.getChildren((await api.tree.getChildren())[0]);
    assert.ok(shards.length > 1, 'the discovered root can be browsed');
  });

  it('deletes nothing: purge, entity, shard, entry, repair, clean-up all refuse', async () => {
    const before = files(inWorkspace);
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['batpakCache.deletePrefix', { root: inWorkspace, prefixText: '', confirm: false }],
      ['batpakCache.deleteEntity', { root: inWorkspace, entity: 'account:1', confirm: false }],
      ['batpakCache.purgeAll', { root: inWorkspace, confirm: false }],
      ['batpakCache.purgeShard', { root: inWorkspace, shard: '61', confirm: false }],
      ['batpakCache.purgeOlderThan', { root: inWorkspace, olderThanMs: 0, confirm: false }],
      ['batpakCache.deleteEntry', { root: inWorkspace, files: [before.find((f) => f.endsWith('.bin'))], confirm: false }],
      ['batpakCache.repair', { root: inWorkspace, tempGraceMs: 0, confirm: false }],
      ['batpakCache.cleanUp', { root: inWorkspace, classes: ['corrupt', 'orphaned-temp'], confirm: false }],
      ['batpakCache.deletePrefix', { root: '/', prefixText: '', confirm: false }],
      ['batpakCache.deletePrefix', { root: os.homedir(), prefixText: '', confirm: false }],
    ];
    for (const [command, args] of attempts) {
      assert.equal(await vscode.commands.executeCommand(command, args), undefined, `${command} refuses`);
    }
    assert.deepEqual(files(inWorkspace), before);
  });

  it('shows the Cache Overview with its audit, but offers no Clean Up', async () => {
    await vscode.commands.executeCommand('batpakCache.openOverview', { root: inWorkspace });
    const deadline = Date.now() + 30_000;
    while (!api.overview(inWorkspace) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const overview = api.overview(inWorkspace);
    assert.ok(overview, 'the overview was drawn');
    assert.equal(overview.canClean, false);
    assert.ok(overview.audit.some((row) => row.count > 0), 'the audit found dead weight');
    assert.ok(overview.audit.every((row) => !row.cleanable));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
