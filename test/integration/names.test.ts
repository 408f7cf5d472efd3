/**
 * Projection names in a real VS Code, on a real batpak cache: rows show the short group until a group is named, then
 * its name (rows, tooltip, group node, entry editor), and a name whose group a rebuild replaced is carried over only
 * when the user says so.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { EntryNode, RootNode } from '../../src/extension/tree/nodes';
import { readManifest } from '../unit/helpers';
import { clickButton, frameText, skipWithoutBridge } from './bridge';
import { activateExtension, nodeLabel, place, shownRoot, workspaceDir } from './helpers';

const SCENARIO = 'cache-0.6-c940fd5c/delete_prefix';

interface ProjectionType {
  name: string;
  type_disc_u64_hex: string;
  schema_version: number;
  relevant_kinds_hash_u64_hex: string;
}

const manifest = readManifest(SCENARIO);
const account = (manifest as unknown as { projection_types: ProjectionType[] }).projection_types.find((t) => t.name === 'AccountBalance') as ProjectionType;
const hex16 = (hex: string): string => hex.slice(2).padStart(16, '0');
/** The group's key as batpak's manifest spells it, and as Name Projection Group… writes it. */
const written = `${account.type_disc_u64_hex}:${account.schema_version}:${account.relevant_kinds_hash_u64_hex}`;
const canonical = `${hex16(account.type_disc_u64_hex)}:${account.schema_version}:${hex16(account.relevant_kinds_hash_u64_hex)}`;

/** What each entry row starts with, unnamed: `4977371b:2 · `, or nothing for a raw key. */
function shortPrefix(path: string): string {
  const key = manifest.files.find((f) => f.path === path)?.key;
  return key?.store_shaped ? `${hex16(key.type_disc_u64_hex as string).slice(0, 8)}:${key.schema_version} · ` : '';
}

const isAccountBalance = (path: string): boolean => manifest.files.find((f) => f.path === path)?.key?.type_disc_u64_hex === account.type_disc_u64_hex;

describe('projection names', function () {
  this.timeout(90_000);
  let api: ExtensionApi;
  let root: string;

  /** Every entry row of the root: its path and description. */
  async function rows(): Promise<Map<string, string>> {
    const node = await shownRoot(api, root);
    const found = new Map<string, string>();
    for (const shard of await api.tree.getChildren(node)) {
      for (const child of await api.tree.getChildren(shard)) {
        const record = (child as Partial<EntryNode>).record;
        if (record?.kind === 'entry') found.set(record.path, String(api.tree.getTreeItem(child).description));
      }
    }
    return found;
  }

  /** Waits until every row starts as `expected(path)` says (a names change relabels the tree a moment later). */
  async function rowsStart(expected: (path: string) => string): Promise<Map<string, string>> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const shown = await rows();
      const wrong = [...shown].filter(([file, description]) => !description.startsWith(expected(file)));
      if (shown.size > 0 && wrong.length === 0) return shown;
      if (Date.now() > deadline) assert.fail(`rows not as expected: ${JSON.stringify(wrong.slice(0, 3))}`);
      await sleep(100);
    }
  }

  const groupNames = (): unknown => vscode.workspace.getConfiguration('batpakCache').inspect('groupNames')?.workspaceValue;

  before(async () => {
    root = place(SCENARIO, 'cache', 'named/cache');
    api = await activateExtension();
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('batpakCache.refresh');
    await (await shownRoot(api, root)).state.statistics();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.getConfiguration('batpakCache').update('groupNames', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    fs.rmSync(path.join(workspaceDir(), 'named'), { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it('rows start with the short group; Name Projection Group… names the group on every row of it, its tooltip and its group node', async () => {
    const unnamed = await rowsStart(shortPrefix);
    assert.equal(unnamed.size, manifest.files.filter((f) => f.kind === 'cache_entry').length);
    assert.ok([...unnamed.keys()].some((file) => shortPrefix(file) === ''), 'raw keys are among the rows, with no group');

    assert.equal(await vscode.commands.executeCommand('batpakCache.nameGroup', { group: written, name: 'AccountBalance' }), canonical);
    assert.deepEqual(groupNames(), { [canonical]: 'AccountBalance' }, 'written to the workspace settings, where the CLI finds it too');
    const named = await rowsStart((file) => (isAccountBalance(file) ? 'AccountBalance · ' : shortPrefix(file)));
    assert.ok([...named.keys()].filter(isAccountBalance).length >= 5, 'every AccountBalance row');

    const node = (await api.tree.getChildren(await shownRoot(api, root))).find((n) => nodeLabel(api, n) === '61') as RootNode;
    const entry = (await api.tree.getChildren(node)).find((n) => isAccountBalance((n as Partial<EntryNode>).record?.path ?? '')) as EntryNode;
    const tooltip = api.tree.resolveTreeItem(api.tree.getTreeItem(entry), entry).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /\| Projection \| AccountBalance \|/);

    await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping: 'group' });
    const groups = (await api.tree.getChildren(await shownRoot(api, root))).map((n) => ({ label: nodeLabel(api, n), description: String(api.tree.getTreeItem(n).description) }));
    assert.ok(groups.some((g) => g.label === 'AccountBalance' && g.description.startsWith(`${hex16(account.type_disc_u64_hex).slice(0, 8)}:2 · `)), JSON.stringify(groups));
    await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping: 'shard' });
  });

  it("names the projection in the entry editor's header", async function () {
    skipWithoutBridge(this);
    const file = manifest.files.find((f) => isAccountBalance(f.path) && f.key?.entity_utf8 === 'account:1')?.path as string;
    await vscode.commands.executeCommand('batpakCache.openEntry', { file: path.join(root, file) });
    await frameText('Entity · AccountBalance', 20_000);
  });

  it('an empty name removes it: the rows show the short group again', async () => {
    assert.equal(await vscode.commands.executeCommand('batpakCache.nameGroup', { group: canonical, name: '' }), canonical);
    assert.equal(groupNames(), undefined);
    await rowsStart(shortPrefix);
  });

  it('offers to carry a name over to the one new group of its schema version and kinds hash, and moves it only when asked', async function () {
    skipWithoutBridge(this);
    // A build with another compiler: the name's type hash is no longer in the cache.
    const old = `${account.type_disc_u64_hex.slice(0, -1)}9:${account.schema_version}:${account.relevant_kinds_hash_u64_hex}`;
    await vscode.workspace.getConfiguration('batpakCache').update('groupNames', { [old]: 'AccountBalance' }, vscode.ConfigurationTarget.Workspace);
    const offer = await frameText('Carry the name over?', 20_000);
    assert.ok(offer.includes(canonical), 'names the successor');
    await rowsStart(shortPrefix); // nothing moved yet
    await clickButton('Carry Over');
    const deadline = Date.now() + 10_000;
    while (JSON.stringify(groupNames()) !== JSON.stringify({ [canonical]: 'AccountBalance' }) && Date.now() < deadline) await sleep(100);
    assert.deepEqual(groupNames(), { [canonical]: 'AccountBalance' });
    await rowsStart((file) => (isAccountBalance(file) ? 'AccountBalance · ' : shortPrefix(file)));
  });
});
