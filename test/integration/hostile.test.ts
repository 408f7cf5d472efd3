/**
 * Hostile trees and roots in a real VS Code (trusted workspace): a shard of 20,000 files is expanded one page at a
 * time while the extension host keeps turning, and `/`, the home directory or a link to it are refused as the root of
 * every destructive command. (The unit suite runs the same shard at 10,000 and 100,000 files in the core.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { EntryNode, Node } from '../../src/extension/tree/nodes';
import { age, JAN_2024_US, v1, v2, writeEntry } from '../unit/builders';
import { clickButton, skipWithoutBridge } from './bridge';
import { activateExtension, nodeLabel, shownRoot } from './helpers';

const SHARD_FILES = 20_000;

describe('hostile trees and roots', function () {
  this.timeout(180_000);
  let api: ExtensionApi;
  let scratch: string;

  before(async () => {
    api = await activateExtension();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-hostile-'));
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const label = (node: Node): string => nodeLabel(api, node);

  it(`expands a shard of ${SHARD_FILES.toLocaleString('en')} files one page at a time, the extension host turning meanwhile`, async () => {
    const root = path.join(scratch, 'cache');
    const trailer = v1(BigInt(Date.now()) * 1000n, 1n);
    // Entities a0, a1, ...: every key starts with "a", so all of them land in shard 61.
    for (let i = 0; i < SHARD_FILES; i++) writeEntry(root, { entity: `a${i}`, typeHash: 0x42n, value: '{}', trailer });
    await vscode.commands.executeCommand('batpakCache.addRoot', { root });
    try {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const rootNode = await shownRoot(api, root);
      const shard = (await api.tree.getChildren(rootNode)).find((n) => label(n) === '61');
      assert.ok(shard);
      const page = await api.tree.getChildren(shard);
      const ms = performance.now() - started;
      delay.disable();
      const stallMs = delay.max / 1e6;
      console.log(`      ${SHARD_FILES} files in one shard: root and first page in ${Math.round(ms)} ms, longest extension-host stall ${Math.round(stallMs)} ms`);
      assert.equal(page.length, 501, 'a page of 500 and Load more');
      assert.equal(label(page[500]), 'Load more (19,500 remaining)');
      assert.equal(api.tree.getTreeItem(shard).description, '500 of 20,000');
      assert.ok(ms < 30_000, `took ${Math.round(ms)} ms`);
      assert.ok(stallMs < 2_000, `the extension host stalled for ${Math.round(stallMs)} ms`);
    } finally {
      await vscode.commands.executeCommand('batpakCache.removeRoot', { root });
    }
  });

  it('deletes an entry picked in a root reached through a symlink, and only that one', async function () {
    skipWithoutBridge(this);
    const real = path.join(scratch, 'real-cache');
    const gone = writeEntry(real, { entity: 'user:1', kindsHash: 1n });
    const kept = writeEntry(real, { entity: 'user:2', kindsHash: 1n });
    const link = path.join(scratch, 'linked-cache');
    fs.symlinkSync(real, link);
    // As the settings name it (Add Cache Root would store the real path).
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('batpakCache');
    await config().update('roots', [link], vscode.ConfigurationTarget.Workspace);
    try {
      const [shard] = await api.tree.getChildren(await shownRoot(api, link));
      const node = (await api.tree.getChildren(shard)).find((n) => (n as EntryNode).record?.path === gone.rel);
      assert.ok(node, `${gone.rel} is listed`);
      const deleting = vscode.commands.executeCommand('batpakCache.deleteEntry', node);
      await clickButton('Delete 1 File');
      await deleting;
      assert.equal(fs.existsSync(gone.abs), false, 'the picked entry is deleted');
      assert.equal(fs.existsSync(kept.abs), true, 'its neighbour stays');
    } finally {
      await config().update('roots', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('refuses /, the home directory and a link to it as the root of every destructive command', async () => {
    const home = os.homedir();
    const link = path.join(scratch, 'home-link');
    fs.symlinkSync(home, link);
    // Files each command would delete in the home directory if it did not refuse (the return value is undefined both
    // when a command refuses and when it finds nothing to do). Only in run-suite's scratch home, beside its bridge.
    assert.equal(path.dirname(home), path.dirname(String(process.env.BATPAK_BRIDGE_DIR)), 'HOME is the run\'s scratch home');
    // Like any home, it holds more than shard directories (one that does would pass as a cache root, by design).
    fs.mkdirSync(path.join(home, 'Documents'), { recursive: true });
    const canaries = [
      writeEntry(home, { entity: 'a1', typeHash: 0x42n, schema: 0n, kindsHash: 1n, trailer: v2(JAN_2024_US) }).abs,
      writeEntry(home, { key: Buffer.from([0x61, 0x00]) }).abs,
      path.join(home, '61', '.tmpcanary'),
    ];
    fs.writeFileSync(canaries[2], 'half-written');
    age(canaries[2], 3_600_000);
    for (const root of ['/', os.homedir(), link]) {
      const attempts: Array<[string, Record<string, unknown>]> = [
        ['batpakCache.deletePrefix', { root, prefixHex: '61', confirm: false }],
        ['batpakCache.purgeAll', { root, confirm: false }],
        ['batpakCache.deleteEntity', { root, entity: 'a1', confirm: false }],
        ['batpakCache.purgeShard', { root, shard: '61', confirm: false }],
        ['batpakCache.purgeGroup', { root, group: '0x42:0', confirm: false }],
        ['batpakCache.purgeOlderThan', { root, olderThanMs: 0, confirm: false }],
        ['batpakCache.deleteEntry', { root, files: ['61/6100.bin'], confirm: false }],
        ['batpakCache.repair', { root, tempGraceMs: 0, confirm: false }],
      ];
      for (const [command, args] of attempts) {
        assert.equal(await vscode.commands.executeCommand(command, args), undefined, `${command} on ${root} refuses`);
        for (const file of canaries) assert.ok(fs.existsSync(file), `${command} on ${root} left ${file}`);
      }
    }
  });
});
