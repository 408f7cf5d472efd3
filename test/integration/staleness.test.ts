/**
 * Store-aware staleness in a real VS Code: real batpak caches next to the real event stores they were projected from
 * (copied into the workspace), judged entry by entry against the fixtures' manifests, filtered, purged and linked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { Node, RootNode } from '../../src/extension/tree/nodes';
import { listFiles, ManifestFile, readManifest } from '../unit/helpers';
import { clickButton, evalInFrame, frameText, pressKeys, skipWithoutBridge } from './bridge';
import { activateExtension, nodeLabel, place, shownRoot, workspaceDir } from './helpers';

/** The cache entries of a scenario's manifest, with batpak's own verdict against the store. */
const manifest = (scenario: string): ManifestFile[] => readManifest(scenario).files.filter((f) => f.kind === 'cache_entry');

/** The entry files under a root, as sorted `/`-separated relative paths (the manifests' form). */
function entryFiles(root: string): string[] {
  return listFiles(root).filter((f) => f.endsWith('.bin'));
}

describe('staleness against the event store', function () {
  const scenario = 'cache-0.6-c940fd5c/stale';
  const stale = new Set(manifest(scenario).filter((f) => f.stale_vs_store).map((f) => f.path));
  /** The short group each row starts with while no name is known: `1281de33:0`. */
  const projections = new Map(manifest(scenario).map((f) => [f.path, `${f.key?.type_disc_u64_hex?.slice(2).padStart(16, '0').slice(0, 8)}:${f.key?.schema_version}`]));
  let api: ExtensionApi;
  let linked: string;
  let unlinked: string;

  const text = (node: Node): { label: string; description: string; icon: string } => {
    const item = api.tree.getTreeItem(node);
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
    return { label: nodeLabel(api, node), description: String(item.description ?? ''), icon };
  };

  async function root(dir: string): Promise<RootNode> {
    const node = await shownRoot(api, dir);
    await node.state.statistics();
    await node.state.freshness();
    return node;
  }

  /** Every entry node below a root, shard by shard, with its path relative to the root. */
  async function entries(node: RootNode): Promise<Array<{ path: string; node: Node }>> {
    const all: Array<{ path: string; node: Node }> = [];
    for (const shard of await api.tree.getChildren(node)) {
      for (const child of await api.tree.getChildren(shard)) {
        const record = (child as unknown as { record?: { path: string } }).record;
        if (record) all.push({ path: record.path, node: child });
      }
    }
    return all;
  }

  before(async () => {
    linked = place(scenario, 'cache', 'svc6/events-cache');
    place(scenario, 'store', 'svc6/events');
    unlinked = place('cache-0.3.0/basic', 'cache', 'lonely/cache');
    api = await activateExtension();
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  after(async () => {
    await vscode.commands.executeCommand('batpakCache.clearFilter');
    await vscode.workspace.getConfiguration('batpakCache').update('roots', undefined, vscode.ConfigurationTarget.Workspace);
    for (const dir of ['svc6', 'lonely', 'store-elsewhere']) fs.rmSync(path.join(workspaceDir(), dir), { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it('finds the store beside the cache and counts the stale entries on the root', async () => {
    const node = await root(linked);
    assert.equal(node.state.resolvedLink?.dir, path.join(workspaceDir(), 'svc6', 'events'));
    assert.match(text(node).description, new RegExp(`^${manifest(scenario).length} entries · .* · ${stale.size} stale$`));
    const tooltip = api.tree.resolveTreeItem(api.tree.getTreeItem(node), node);
    assert.match((tooltip.tooltip as vscode.MarkdownString).value, /found beside the cache/);
  });

  it('marks every entry fresh or stale by N events, as batpak judged it, in the singular for one event', async () => {
    const shown = await entries(await root(linked));
    assert.equal(shown.length, manifest(scenario).length);
    const behind = new Set<number>();
    for (const { path: file, node } of shown) {
      const { description, icon } = text(node);
      if (stale.has(file)) {
        const [, count, noun] = new RegExp(`^${projections.get(file)} · stale by (\\d+) (events?) · wm \\d+`).exec(description) ?? [];
        assert.equal(noun, count === '1' ? 'event' : 'events', `${file}: ${description}`);
        behind.add(Number(count));
        assert.equal(icon, 'sync', file);
      } else {
        assert.match(description, new RegExp(`^${projections.get(file)} · fresh · wm \\d+`), file);
        assert.equal(icon, 'pass', file);
      }
    }
    assert.ok(behind.has(1) && behind.size > 1, `one event behind and more: ${[...behind].join(', ')}`);
  });

  it('filters the view to the entries that are not fresh, and says when a root has no store', async () => {
    assert.equal(await vscode.commands.executeCommand('batpakCache.filter', { notFresh: true }), 'not fresh against the store');
    const shown = (await entries(await root(linked))).map((e) => e.path).sort();
    assert.deepEqual(shown, [...stale].sort());
    const lonely = await api.tree.getChildren(await root(unlinked));
    assert.match(text(lonely[0]).label, /No event store is linked to this root/);
    await vscode.commands.executeCommand('batpakCache.clearFilter');
  });

  it('shows what a stale purge will delete, and deletes nothing when declined', async function () {
    skipWithoutBridge(this);
    const before = entryFiles(linked);
    const pending = vscode.commands.executeCommand('batpakCache.purgeNotFresh', { root: linked });
    const dialog = await frameText('against the store', 20_000);
    assert.match(dialog, new RegExp(`Delete ${stale.size} entries`));
    await clickButton('Cancel');
    assert.equal(await pending, undefined);
    assert.deepEqual(entryFiles(linked), before);
  });

  it('says in the entry editor how many events behind an entry is, and of which kinds, as the tree says it', async function () {
    skipWithoutBridge(this);
    const file = [...stale].sort()[0];
    // Only this entry's editor may answer: none left open by earlier tests.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path.join(linked, file)), 'batpakCache.entryEditor');
    const shown = await frameText('events against the store', 30_000);
    assert.ok(shown.includes(path.basename(file, '.bin')), 'the editor of the entry opened');
    assert.match(shown, /A `?Consistent`? read would replay this entry: it is stale by \d+ events against the store .*newer events of kinds 0x[0-9a-f]{4}/s);
    const [, count] = /it is stale by (\d+) events/.exec(shown) ?? [];
    const badges = await evalInFrame<string[]>('events against the store', `[...document.querySelectorAll('.badge')].map((b) => b.textContent)`);
    assert.ok(badges.includes(`stale by ${count} events`), `the badge says it as the verdict and the tree do: ${badges.join(', ')}`);
    assert.doesNotMatch(shown, /events behind|1 events/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('purges every stale entry in one command and keeps the fresh ones', async () => {
    const summary = (await vscode.commands.executeCommand('batpakCache.purgeNotFresh', { root: linked, confirm: false })) as { deleted: number };
    assert.equal(summary.deleted, stale.size);
    const left = entryFiles(linked);
    assert.equal(left.length, manifest(scenario).length - stale.size);
    for (const file of left) assert.ok(!stale.has(file), `${file} was fresh and stays`);
    assert.match(text(await root(linked)).description, /all fresh$/);
  });

  it('asks which root a palette command is for, and does nothing when dismissed', async function () {
    skipWithoutBridge(this);
    const pending = vscode.commands.executeCommand('batpakCache.purgeNotFresh');
    const picker = await frameText('Choose a Cache Root', 20_000);
    assert.ok(picker.includes(linked) && picker.includes(unlinked), 'both roots are offered');
    await pressKeys(['Escape']);
    assert.equal(await pending, undefined);
  });

  it('links a store the user picks, keeps the link in the settings, and refuses a directory that is not a store', async () => {
    const elsewhere = place('cache-0.3.0/basic', 'store', 'store-elsewhere');
    assert.equal(await vscode.commands.executeCommand('batpakCache.linkStore', { root: unlinked, store: path.join(workspaceDir(), 'lonely') }), undefined);
    assert.equal(await vscode.commands.executeCommand('batpakCache.linkStore', { root: unlinked, store: elsewhere }), elsewhere);
    const roots = vscode.workspace.getConfiguration('batpakCache').inspect<unknown[]>('roots')?.workspaceValue;
    assert.deepEqual(roots, [{ cache: unlinked, store: elsewhere }]);
    const node = await root(unlinked);
    assert.deepEqual(node.state.resolvedLink, { dir: elsewhere, source: 'configured' });
    // The basic fixture was projected from this very store: nothing in it is stale (k1 keys leave a few "maybe").
    assert.match(text(node).description, /^51 entries · /);
    assert.doesNotMatch(text(node).description, /\d stale/);
  });
});
