/**
 * The Cache Overview in a real VS Code, on a real batpak cache beside the event store it was projected from: what its
 * tables show equals `batpak-cache stats --json` (the built CLI), a click on a bar filters the tree to what the bar
 * counted, and Clean Up removes exactly the files its preview listed (on a copy of the fixture in the workspace).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { displayLocale, humanFormat } from '../../src/core';
import type { ExtensionApi } from '../../src/extension/extension';
import type { Node, RootNode } from '../../src/extension/tree/nodes';
import { listFiles, readManifest, repoRoot } from '../unit/helpers';
import { clickButton, evalInFrame, frameText, skipWithoutBridge } from './bridge';
import { activateExtension, place, shownRoot, workspaceDir } from './helpers';

/** Numbers as the extension writes them, in the display language of the test's VS Code. */
const { formatBytes, formatCount } = humanFormat(displayLocale(vscode.env.language));

const SCENARIO = 'cache-0.6-c940fd5c/stale';
/** The audit's stale class from 5 events behind: 4 of the fixture's entries (its manifest has them 5 to 19 behind). */
const STALE_AFTER = 5;

/** The built CLI's JSON answer, as a user would run it. */
function cli(...args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args, '--json'], { encoding: 'utf8' })) as Record<string, unknown>;
}

const entries = (n: number): string => (n === 1 ? '1 entry' : `${formatCount(n)} entries`);

/** The rows of a chart's table in the webview: [label, text, detail] as the user reads them. */
function tableRows(chart: string): Promise<string[][]> {
  return evalInFrame<string[][]>('Entries by projection group', `[...document.querySelectorAll('table[data-chart="${chart}"] tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent))`);
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('the Cache Overview', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let root: string;
  let store: string;

  /** The entry paths the tree shows under the root (grouped by shard), as the filter left them. */
  async function shownEntries(): Promise<string[]> {
    const node: RootNode = await shownRoot(api, root);
    const shards: Node[] = await api.tree.getChildren(node);
    const below = await Promise.all(shards.map((shard) => api.tree.getChildren(shard)));
    return below
      .flat()
      .flatMap((n) => ((n as unknown as { record?: { path: string } }).record?.path ?? []))
      .sort();
  }

  before(async function () {
    skipWithoutBridge(this);
    root = place(SCENARIO, 'cache', 'ov/events-cache');
    store = place(SCENARIO, 'store', 'ov/events');
    api = await activateExtension();
    const config = vscode.workspace.getConfiguration('batpakCache');
    await config.update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await config.update('staleAfterEvents', STALE_AFTER, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('batpakCache.refresh');
    await vscode.commands.executeCommand('batpakCache.openOverview', { root });
    await frameText('Entries by projection group', 30_000);
    // The first census of the copy may be the one without its store's verdicts: wait for the freshness chart.
    await until('the freshness chart', () => api.overview(root)?.charts.find((c) => c.id === 'freshness'));
    await frameText('Freshness against the event store', 30_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('batpakCache.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('batpakCache').update('staleAfterEvents', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(path.join(workspaceDir(), 'ov'), { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it('shows the numbers of stats --json: groups, ages, sizes, freshness, events behind, trailers, temp files', async () => {
    const stats = cli('stats', root, '--store', store) as {
      groups: Array<{ typeHash: string; count: number; bytes: number }>;
      cachedAtAges: { counts: number[] };
      sizes: { counts: number[] };
      freshness: { counts: Record<string, number>; eventsBehind: { counts: number[] } };
      trailers: { v1: number; v2: number; none: number };
      temp: { young: { count: number }; orphaned: { count: number } };
    };
    const groups = await tableRows('groups');
    assert.equal(groups.length, stats.groups.length);
    for (const g of stats.groups) {
      const row = groups.find(([label]) => label.includes(g.typeHash.slice(2)));
      assert.deepEqual(row?.slice(1), [entries(g.count), formatBytes(g.bytes)], g.typeHash);
    }
    const counts = async (chart: string): Promise<string[]> => (await tableRows(chart)).map((row) => row[1]);
    assert.deepEqual(await counts('ages'), stats.cachedAtAges.counts.map(entries));
    assert.deepEqual(await counts('sizes'), stats.sizes.counts.map(entries));
    const f = stats.freshness.counts;
    assert.deepEqual(await counts('freshness'), [f.fresh, f.stale, f['maybe-stale'], f.ahead, f['unknown-entity'], f.none].map(entries));
    assert.deepEqual(await counts('behind'), stats.freshness.eventsBehind.counts.map(entries));
    assert.deepEqual(await counts('trailers'), [stats.trailers.v2, stats.trailers.v1, stats.trailers.none].map(entries));
    const files = (n: number): string => (n === 1 ? '1 file' : `${formatCount(n)} files`);
    assert.deepEqual(await counts('temp'), [stats.temp.young.count, stats.temp.orphaned.count].map(files));
  });

  it("is linked from the root's tooltip", async () => {
    const node = await shownRoot(api, root);
    const tooltip = api.tree.resolveTreeItem(api.tree.getTreeItem(node), node).tooltip as vscode.MarkdownString;
    const link = `command:batpakCache.openOverview?${encodeURIComponent(JSON.stringify({ root }))}`;
    assert.ok(tooltip.value.includes(`[Open Cache Overview](${link})`), tooltip.value);
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: ['batpakCache.openOverview'] });
  });

  it('filters the tree to a projection group when its bar is clicked', async () => {
    type Group = { typeHash: string; schemaVersion: string; kindsHash: string | null; count: number };
    const biggest = (cli('stats', root) as { groups: Group[] }).groups[0];
    // `ls --json` is NDJSON: one file a line.
    const listed = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'ls', root, '--json'], { encoding: 'utf8' });
    const expected = listed
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { path: string; key?: Omit<Group, 'count'> })
      .filter(({ key }) => key?.typeHash === biggest.typeHash && key.schemaVersion === biggest.schemaVersion && key.kindsHash === biggest.kindsHash)
      .map((file) => file.path);
    assert.equal(expected.length, biggest.count);
    const bar = `.chart-groups .row[data-filter*="${biggest.typeHash.slice(2)}"]`;
    // A button for the keyboard and for screen readers, saying what it does.
    const [role, tabIndex, label] = await evalInFrame<[string, number, string]>('Entries by projection group', `(() => { const e = document.querySelector('${bar}'); return [e.getAttribute('role'), e.tabIndex, e.getAttribute('aria-label')]; })()`);
    assert.deepEqual([role, tabIndex], ['button', 0]);
    assert.match(label, new RegExp(`^Filter the Batpak Cache view to k2 ${biggest.typeHash.slice(2)}:`));
    await evalInFrame('Entries by projection group', `document.querySelector('${bar}').click()`);
    await until('the group filter', () => (api.tree.currentFilter?.keys?.label.startsWith('group') ? true : undefined));
    assert.deepEqual(await shownEntries(), expected.sort());
  });

  it('filters the tree to a range of cached-at ages and to a freshness state', async () => {
    const ages = api.overview(root)?.charts.find((c) => c.id === 'ages')?.bars.filter((bar) => bar.value > 0) ?? [];
    assert.ok(ages.length > 0);
    for (const bar of ages) {
      await evalInFrame('Entries by projection group', `document.querySelector('.chart-ages .row[data-filter="${bar.filter}"]').click()`);
      await until('the age filter', () => (api.tree.currentFilter?.keys?.label === `cached ${bar.label} ago` ? true : undefined));
      assert.equal((await shownEntries()).length, bar.value, bar.label);
    }
    // batpak's own verdict, from the fixture's manifest.
    const stale = readManifest(SCENARIO).files.filter((f) => f.kind === 'cache_entry' && f.stale_vs_store).map((f) => f.path);
    await evalInFrame('Entries by projection group', `document.querySelector('.chart-freshness .row[data-filter="freshness:stale"]').click()`);
    await until('the freshness filter', () => (api.tree.currentFilter?.keys?.label === 'stale' ? true : undefined));
    assert.deepEqual(await shownEntries(), stale.sort());
  });

  it('names the projection groups that batpakCache.groupNames names', async () => {
    const settings = path.join(workspaceDir(), '.vscode', 'settings.json');
    const saved = fs.existsSync(settings) ? fs.readFileSync(settings, 'utf8') : undefined;
    const biggest = (cli('stats', root) as { groups: Array<{ typeHash: string; schemaVersion: string; kindsHash: string }> }).groups[0];
    const current = saved === undefined ? {} : (JSON.parse(saved) as object);
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    fs.writeFileSync(settings, JSON.stringify({ ...current, 'batpakCache.groupNames': { [`${biggest.typeHash}:${biggest.schemaVersion}:${biggest.kindsHash}`]: 'AccountBalance' } }));
    try {
      const rows = await until('the named group', async () => {
        const groups = await tableRows('groups').catch(() => []);
        return groups.some(([label]) => label.startsWith('AccountBalance (k2 ')) ? groups : undefined;
      });
      assert.equal(rows.filter(([label]) => label.startsWith('AccountBalance')).length, 1);
    } finally {
      if (saved === undefined) fs.rmSync(settings);
      else fs.writeFileSync(settings, saved);
    }
  });

  it('filters the tree to an audit class when its name is clicked, with the keyboard', async () => {
    const audit = cli('audit', root, '--store', store, '--stale-by', String(STALE_AFTER)) as { audit: { classes: Array<{ class: string; count: number; sample: string[] }> } };
    const stale = audit.audit.classes.find((c) => c.class === 'stale');
    assert.equal(stale?.count, 4);
    await evalInFrame(
      'Entries by projection group',
      `(() => { const name = document.querySelector('tr[data-class="stale"] .class-name'); name.focus(); name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })); })()`,
    );
    await until('the audit filter', () => (api.tree.currentFilter?.keys?.label === 'audit: stale' ? true : undefined));
    assert.deepEqual(await shownEntries(), [...stale.sample].sort());
    await vscode.commands.executeCommand('batpakCache.clearFilter');
  });

  it('Clean Up removes exactly the files its preview listed, and the overview shows the root without them', async () => {
    const before = listFiles(root);
    await evalInFrame('Entries by projection group', `(() => { const box = document.querySelector('input[data-class="stale"]'); box.click(); document.querySelector('button.clean').click(); })()`);
    const dialog = await frameText('A file written since the audit stays', 20_000);
    const previewed = before.filter((file) => dialog.includes(file));
    assert.equal(previewed.length, 4, dialog);
    await clickButton('Delete 4 files');
    await until('the clean-up', () => (listFiles(root).length === before.length - 4 ? true : undefined));
    assert.deepEqual(listFiles(root), before.filter((file) => !previewed.includes(file)));
    // The watcher's refresh takes a new census: the overview draws it.
    await until('the overview after the clean-up', () => (api.overview(root)?.audit.find((row) => row.auditClass === 'stale')?.count === 0 ? true : undefined));
    await frameText('43 entries', 20_000);
  });

  it('redraws when the root changes on disk (the watcher)', async () => {
    const victim = listFiles(root).find((file) => file.endsWith('.bin')) as string;
    fs.rmSync(path.join(root, victim));
    await frameText('42 entries · ', 20_000);
    assert.match(api.overview(root)?.subtitle ?? '', /^42 entries · /);
  });
});
