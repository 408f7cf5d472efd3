/**
 * The explorer tree in a real VS Code: discovery of real batpak caches copied into the workspace, the nodes a user
 * sees in each grouping, paging, filters, and what every destructive command does on disk.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { Node, RootNode } from '../../src/extension/tree/nodes';
import { listFiles } from '../unit/helpers';
import { bridgeAvailable, clickButton, frameText, screenshot, skipWithoutBridge } from './bridge';
import { activateExtension, nodeLabel, place, shownRoot, workspaceDir } from './helpers';

let api: ExtensionApi;

async function children(node?: Node): Promise<Node[]> {
  return api.tree.getChildren(node);
}

async function labels(node?: Node): Promise<Array<{ label: string; description: string }>> {
  return (await children(node)).map((n) => ({ label: nodeLabel(api, n), description: String(api.tree.getTreeItem(n).description ?? '') }));
}

async function rootNode(root: string): Promise<Node> {
  return shownRoot(api, root);
}

describe('cache explorer tree', function () {
  let v3: string;
  let v6: string;

  before(async () => {
    v3 = place('cache-0.3.0/mixed', 'cache', 'app/cache');
    v6 = place('cache-0.6-c940fd5c/delete_prefix', 'cache', 'svc/events-cache');
    fs.mkdirSync(path.join(workspaceDir(), 'node_modules', 'dep', 'cache', 'ab'), { recursive: true });
    fs.copyFileSync(path.join(v3, '61', fs.readdirSync(path.join(v3, '61'))[0]), path.join(workspaceDir(), 'node_modules', 'dep', 'cache', 'ab', 'ab.bin'));
    api = await activateExtension();
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it('discovers the caches in the workspace, not those under node_modules', async () => {
    const roots = (await children()).map((n) => (n as unknown as { state: { path: string } }).state.path);
    assert.deepEqual(roots.sort(), [v3, v6].sort());
  });

  it('shows a root with its counts once scanned, and shards with entry counts', async () => {
    const node = await rootNode(v6);
    await (node as unknown as { state: { statistics(): Promise<unknown> } }).state.statistics();
    const item = api.tree.getTreeItem(node);
    assert.equal(item.label, 'events-cache');
    assert.match(String(item.description), /^61 entries · \d/);
    const shards = await labels(node);
    assert.deepEqual(shards[0], { label: 'Problems', description: '2 temp' });
    assert.deepEqual(shards.find((s) => s.label === '61'), { label: '61', description: '22 entries' });
  });

  it('drawing a root starts no scan; refreshing it (a change) does', async () => {
    const node = (await rootNode(v6)) as RootNode;
    await node.state.statistics();
    node.state.invalidate();
    api.tree.getTreeItem(node);
    assert.equal(node.state.needsScan, true, 'getTreeItem only draws');
    api.tree.refresh(node);
    assert.equal(node.state.needsScan, false, 'a refresh scans again');
    await node.state.statistics();
  });

  it('shows entries with watermark and age, corrupt ones marked', async () => {
    const shard61 = (await children(await rootNode(v6))).find((n) => api.tree.getTreeItem(n).label === '61');
    assert.ok(shard61);
    const entries = await children(shard61);
    assert.equal(entries.length, 22);
    const items = entries.map((e) => api.tree.getTreeItem(e));
    const ok = items.find((i) => i.label === 'account:1' && /^[0-9a-f]{8}:\d+ · wm /.test(String(i.description)));
    assert.ok(ok, 'an ok entry shows its projection group (no name is known) and its watermark');
    const corrupt = items.find((i) => i.contextValue === 'entry:corrupt');
    assert.ok(corrupt, 'the corrupt entry is marked');
    assert.match(String(corrupt.description), /too-short/);
  });

  it('reveals an entry in the tree', async function () {
    const shard = path.join(v6, '61');
    const file = path.join(shard, fs.readdirSync(shard).filter((f) => f.endsWith('.bin')).sort()[0]);
    const revealed = await vscode.commands.executeCommand('batpakCache.revealEntry', vscode.Uri.file(file)).then(undefined, (e: unknown) => String(e));
    assert.equal(revealed, true);
    if (bridgeAvailable()) {
      await new Promise((r) => setTimeout(r, 1000));
      await screenshot('tree.png');
    }
  });

  it('reveals an entry under its entity and its projection group when grouped so; a raw key only by shard', async () => {
    const shard = path.join(v6, '61');
    const names = fs.readdirSync(shard).filter((f) => f.endsWith('.bin')).sort();
    const storeKey = path.join(shard, names.find((f) => f.length > 20) as string);
    const rawKey = path.join(shard, '61.bin');
    try {
      for (const grouping of ['entity', 'group']) {
        await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping });
        assert.equal(await vscode.commands.executeCommand('batpakCache.revealEntry', vscode.Uri.file(storeKey)), true, grouping);
        assert.equal(await vscode.commands.executeCommand('batpakCache.revealEntry', vscode.Uri.file(rawKey)), undefined, `${grouping}: a raw key is not listed`);
        const shown = (await api.tree.getChildren(await rootNode(v6))).map((n) => n.id);
        assert.ok(shown.some((id) => id.includes(grouping === 'entity' ? '|entity|' : '|group|')), `${grouping} nodes are shown`);
      }
    } finally {
      await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping: 'shard' });
    }
  });

  it('pages children with honest totals', async () => {
    await vscode.workspace.getConfiguration('batpakCache').update('pageSize', 5, vscode.ConfigurationTarget.Global);
    try {
      const shard61 = (await children(await rootNode(v6))).find((n) => api.tree.getTreeItem(n).label === '61');
      assert.ok(shard61);
      const page = await children(shard61);
      assert.equal(page.length, 6);
      assert.equal(api.tree.getTreeItem(page[5]).label, 'Load more (17 remaining)');
      assert.equal(api.tree.getTreeItem(shard61).description, '5 of 22');
      await vscode.commands.executeCommand('batpakCache.loadMore', page[5]);
      assert.equal(api.tree.getTreeItem(shard61).description, '10 of 22', 'redrawn before its children are asked for');
      const more = await children(shard61);
      assert.equal(more.length, 11);
      // Load more appends the next page (hostile-sizes.test.ts shows it opens only that page's files): the entries
      // shown stay the very nodes they were, neither listed nor read again.
      for (let i = 0; i < 5; i++) assert.equal(more[i], page[i], `entry ${i} is kept`);
      assert.equal(api.tree.getTreeItem(more[10]).label, 'Load more (12 remaining)');
    } finally {
      await vscode.workspace.getConfiguration('batpakCache').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('groups by entity and by projection group', async () => {
    await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping: 'entity' });
    const entities = await labels(await rootNode(v6));
    assert.ok(entities.some((e) => e.label === 'account:1' && /entries$/.test(e.description)));
    await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping: 'group' });
    const groups = await labels(await rootNode(v6));
    assert.ok(groups.some((g) => /^[0-9a-f]{8} · schema \d+$/.test(g.label) && /newest/.test(g.description)));
    await vscode.commands.executeCommand('batpakCache.setGrouping', { grouping: 'shard' });
  });

  it('filters by prefix, rejects a bad hex prefix, and clears', async () => {
    await vscode.commands.executeCommand('batpakCache.filter', { prefixText: 'account:1' });
    const shards = await labels(await rootNode(v6));
    assert.deepEqual(shards.filter((s) => s.label !== 'Problems'), [{ label: '61', description: '14 entries' }]);
    const refused = await vscode.commands.executeCommand('batpakCache.filter', { prefixHex: 'abc' });
    assert.equal(refused, undefined, 'an odd-length hex prefix is refused');
    await vscode.commands.executeCommand('batpakCache.clearFilter');
    assert.ok((await labels(await rootNode(v6))).length > 5);
  });

  it('purges an entity: exactly its files go, temp files stay', async () => {
    const before = listFiles(v6);
    const summary = (await vscode.commands.executeCommand('batpakCache.deleteEntity', { root: v6, entity: 'account:1', confirm: false })) as { deleted: number };
    const after = listFiles(v6);
    const gone = before.filter((f) => !after.includes(f));
    assert.equal(summary.deleted, gone.length);
    assert.ok(gone.length > 0 && gone.every((f) => f.startsWith(`61${path.sep}6163636f756e743a3100`)), 'only account:1 entries');
    assert.ok(after.some((f) => f.includes('.tmp')), 'temp files stay');
  });

  it('purges a prefix, a shard, a group and old entries, and repairs', async () => {
    const run = async (command: string, args: Record<string, unknown>): Promise<{ deleted: number } | undefined> =>
      (await vscode.commands.executeCommand(command, { root: v3, confirm: false, ...args })) as { deleted: number } | undefined;
    assert.equal((await run('batpakCache.deletePrefix', { prefixText: 'zzz-nothing' })), undefined, 'nothing matched');
    const d = (await run('batpakCache.deletePrefix', { prefixHex: '64' }))?.deleted;
    assert.ok(d && d > 0);
    assert.ok(!listFiles(v3).some((f) => f.startsWith('64/64')));
    await run('batpakCache.purgeShard', { shard: '63' });
    assert.deepEqual(listFiles(v3).filter((f) => f.startsWith('63/') && f.endsWith('.bin')), []);
    assert.ok(listFiles(v3).some((f) => f.startsWith('63/.tmp')), 'the temp file in 63 survives a shard purge');
    const groupArg = '0x7ead8a246153a00b:0';
    const g = await run('batpakCache.purgeGroup', { group: groupArg });
    assert.ok(g && g.deleted > 0);
    const old = await run('batpakCache.purgeOlderThan', { olderThanMs: 0 });
    assert.ok(old && old.deleted > 0);
    assert.deepEqual(listFiles(v3).filter((f) => f.endsWith('.bin') && fs.statSync(path.join(v3, f)).size >= 16), []);
    const repaired = await run('batpakCache.repair', { tempGraceMs: 0 });
    assert.ok(repaired && repaired.deleted > 0);
    assert.deepEqual(listFiles(v3), [], 'corrupt entries and the orphaned temp file are gone');
  });

  it('refuses bad arguments and roots outside caches, changing nothing', async () => {
    const before = listFiles(v6);
    assert.equal(await vscode.commands.executeCommand('batpakCache.deletePrefix', { root: v6, prefixHex: 'zz', confirm: false }), undefined);
    assert.equal(await vscode.commands.executeCommand('batpakCache.deletePrefix', { root: '/', prefixText: '', confirm: false }), undefined);
    assert.equal(await vscode.commands.executeCommand('batpakCache.deleteEntity', { root: v6, entity: 42, confirm: false }), undefined);
    assert.equal(await vscode.commands.executeCommand('batpakCache.deleteEntry', { root: v6, files: ['../../etc/passwd'], confirm: false }), undefined);
    assert.deepEqual(listFiles(v6), before);
  });

  it("says what is wrong with a typed value in the extension's words, not the command line's", async function () {
    skipWithoutBridge(this);
    await vscode.commands.executeCommand('notifications.clearAll');
    assert.equal(await vscode.commands.executeCommand('batpakCache.deletePrefix', { root: v6, prefixHex: 'account:1', confirm: false }), undefined);
    const shown = await frameText('has characters other than 0-9 and a-f');
    assert.ok(shown.includes('The hex prefix "account:1" has characters other than 0-9 and a-f: enter hex digits, or a text prefix (without 0x).'), shown);
    assert.doesNotMatch(shown, /--prefix/);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it("a purge's sample tells an entity's entries apart by their projection group, sorted", async function () {
    skipWithoutBridge(this);
    const pending = vscode.commands.executeCommand('batpakCache.deleteEntity', { root: v6, entity: 'account:10' });
    const dialog = await frameText('may survive', 20_000);
    const lines = dialog.match(/• account:10 · group [0-9a-f]{8}:\d+/g) ?? [];
    assert.deepEqual(lines, ['0af02dd6:0', '3b6c9eeb:7', '1281de33:0', '4977371b:2'].map((group) => `• account:10 · group ${group}`), dialog);
    await clickButton('Cancel');
    assert.equal(await pending, undefined);
  });

  it('refreshes after an external write', async () => {
    const node = await rootNode(v6);
    const count = async () => (await labels(node)).find((s) => s.label === '75')?.description;
    const before = await count();
    const refreshes = api.watcherRefreshes();
    const source = path.join(v6, '75', fs.readdirSync(path.join(v6, '75')).find((f) => f.endsWith('.bin')) as string);
    fs.copyFileSync(source, path.join(v6, '75', '75ff00ff.bin'));
    const deadline = Date.now() + 30_000;
    // A refresh the earlier tests' writes started may land just before the write: the view shows it by the next one.
    while ((api.watcherRefreshes() === refreshes || (await count()) === before) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.watcherRefreshes() > refreshes, 'the watcher noticed the write');
    assert.notEqual(await count(), before);
  });

  it('asks before deleting: the modal names the count, and declining changes nothing', async function () {
    skipWithoutBridge(this);
    const before = listFiles(v6);
    const pending = vscode.commands.executeCommand('batpakCache.purgeShard', { root: v6, shard: '72' });
    const dialog = await frameText('may survive', 20_000);
    assert.match(dialog, /Delete \d+ entries/);
    await screenshot('purge-confirmation.png');
    await clickButton('Cancel');
    assert.equal(await pending, undefined);
    assert.deepEqual(listFiles(v6), before);
  });
});
