/**
 * The README's and the walkthrough's pictures, taken in a real VS Code on the demo workspace (scripts/demo.mjs, what
 * `npm start` opens, its projection groups named): the tree, its Problems node, a root's menu, the entry editor (on a
 * damaged entry too), the walkthrough, a purge confirmation, two entries compared, the tree filtered by value and the
 * Cache Overview (in light, dark and high-contrast themes).
 * The walkthrough gets smaller cuts of the same views (they ship in the .vsix). `npm run screenshots` runs only these
 * tests and copies the pictures into media/; `npm test` runs them too, so they never rot.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { clickButton, clickRow, evalInFrame, frameText, pressKeys, resizeSideBar, screenshot, skipWithoutBridge } from './bridge';
import { activateExtension, workspaceDir } from './helpers';

/** scripts/demo.mjs: the demo workspace `npm start` opens. */
interface DemoModule {
  DEMO: Array<{ target: string }>;
  placeDemo(workspace: string, options: { fresh: boolean }): void;
  demoGroupNames(): Record<string, string>;
}

const SIDEBAR = ['.part.activitybar', '.part.sidebar'];
/** An entry with a JSON value worth showing: account:1's projection of type 0x1281de33…. */
const ENTRY = '61/6163636f756e743a3100e266589033de81120000000000000000459ec758b6ac60bd.bin';
/** user:émile's projection, two bytes of its JSON overwritten (the fixture harness's damage, trailer intact). */
const DAMAGED = '75/757365723ac3a96d696c65000e1273e07d1d2e160000000000000000b64fa9abfda20532.bin';
/** account:1's and account:10's AccountBalance: a few fields apart. */
const BALANCES = ['61/6163636f756e743a3100e8a584a11b37774902000000000000004ab646b3e6b438b6.bin', '61/6163636f756e743a313000e8a584a11b37774902000000000000004ab646b3e6b438b6.bin'];

/** Lets the workbench finish drawing (tree rows, hovers, webviews) before a picture. */
const settle = (): Promise<void> => sleep(800);

async function clean(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await settle();
}

describe('README screenshots', function () {
  this.timeout(120_000);
  let events: string;
  let demo: DemoModule;

  before(async function () {
    skipWithoutBridge(this);
    demo = (await import(pathToFileURL(path.resolve(__dirname, '..', '..', '..', 'scripts', 'demo.mjs')).href)) as DemoModule;
    demo.placeDemo(workspaceDir(), { fresh: true });
    events = path.join(workspaceDir(), 'svc', 'events-cache');
    await activateExtension();
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    // As npm start's demo does in .vscode/settings.json.
    await vscode.workspace.getConfiguration('batpakCache').update('groupNames', demo.demoGroupNames(), vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('batpakCache.refresh');
    await vscode.commands.executeCommand('batpakCache.explorer.focus');
    // Wide enough for entry descriptions ("wm 221 · 6 h ago") next to their labels.
    assert.ok((await resizeSideBar(520)) >= 480, 'the side bar is wide enough');
    await clean();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('batpakCache.clearFilter');
    await vscode.workspace.getConfiguration('batpakCache').update('groupNames', undefined, vscode.ConfigurationTarget.Workspace);
    // The other suites place their own caches, and expect no event store beside them.
    for (const { target } of demo?.DEMO ?? []) fs.rmSync(path.join(workspaceDir(), target), { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it('the tree: roots with their counts, shards, entries with watermark and age (readme-tree.png)', async () => {
    await clickRow('events-cache');
    // The first listing of a root waits for its scan, which a loaded machine slows down.
    await clickRow('61', 60_000);
    await settle();
    await clean();
    await screenshot('readme-tree.png', SIDEBAR);
    await screenshot('walkthrough-tree.png', SIDEBAR, 480);
  });

  it('the Problems node: temp files with their age, an entry an interrupted purge left claimed (readme-problems.png)', async () => {
    await clickRow('61'); // collapse it again
    await clickRow('Problems');
    await settle();
    await clean();
    await screenshot('readme-problems.png', SIDEBAR, 300);
  });

  it("a root's menu: Repair Cache and the purges, Purge All Entries among them (readme-menu.png)", async () => {
    await clickRow('Problems'); // collapse it again
    await clickRow('events-cache'); // selects the root (and collapses it): the menu opens on it
    await pressKeys(['Shift+F10']);
    await frameText('Purge All Entries…');
    await settle();
    await screenshot('readme-menu.png', [...SIDEBAR, '.context-view .monaco-menu']);
    await pressKeys(['Escape']);
    await clickRow('events-cache'); // expand it again, as the next pictures expect
  });

  it('the entry editor beside the tree (readme-editor.png)', async () => {
    const file = path.join(events, ENTRY);
    assert.equal(await vscode.commands.executeCommand('batpakCache.revealEntry', vscode.Uri.file(file)), true);
    await vscode.commands.executeCommand('batpakCache.openEntry', { file });
    // Text only the editor's webview shows (the tree shows account:1 too): a loaded machine starts webviews slowly.
    await frameText('read would', 60_000);
    await clean();
    await screenshot('readme-editor.png');
    await screenshot('walkthrough-editor.png', ['.part.editor'], 560);
  });

  it('a damaged entry in the editor: not valid JSON, and where parsing fails (readme-damaged.png)', async () => {
    await vscode.commands.executeCommand('batpakCache.openEntry', { file: path.join(events, DAMAGED) });
    await frameText('Not valid JSON', 60_000);
    await clean();
    await screenshot('readme-damaged.png', ['.part.editor'], 560);
  });

  it('the Events section beside the value: the events after the watermark, a payload opened (readme-events.png)', async () => {
    await vscode.commands.executeCommand('batpakCache.openEntry', { file: path.join(events, ENTRY) });
    await frameText('folded into this entry', 20_000);
    // Every event, the newest payload opened, the watermark line in view.
    await evalInFrame('folded into this entry', `document.getElementById('events-after-only').click()`);
    await frameText('#221', 10_000);
    await evalInFrame('folded into this entry', `document.querySelector('.event-head').click(), document.querySelector('.watermark-line').scrollIntoView({ block: 'center' })`);
    await frameText('late dep 2', 10_000);
    await clean();
    await screenshot('readme-events.png', ['.part.editor']);
  });

  it('the walkthrough, with its pictures (readme-walkthrough.png)', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'batpak-tools.batpak-cache-explorer#batpakCache.gettingStarted', false);
    const text = await frameText('Point it at your cache', 20_000);
    for (const step of ['Open the cache explorer', 'Inspect an entry', 'Purge or repair']) assert.ok(text.includes(step), `step ${step}`);
    await settle();
    await screenshot('readme-walkthrough.png');
  });

  it('a purge confirmation: count, size, a sample of keys (readme-purge.png)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clickRow('61'); // collapse it: the dialog stands out over a short tree
    await clean();
    const pending = vscode.commands.executeCommand('batpakCache.deleteEntity', { root: events, entity: 'account:1' });
    await frameText('may survive', 20_000);
    await settle();
    await screenshot('readme-purge.png');
    await screenshot('walkthrough-purge.png', ['.monaco-dialog-box']);
    await clickButton('Cancel');
    assert.equal(await pending, undefined, 'declined: nothing deleted');
  });

  it('two entries compared in the diff editor: exact pretty JSON, the trailer facts in the title (readme-compare.png)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.commands.executeCommand('batpakCache.revealEntry', vscode.Uri.file(path.join(events, BALANCES[0]))), true);
    const compared = (await vscode.commands.executeCommand('batpakCache.compareEntries', { files: BALANCES.map((file) => path.join(events, file)) })) as { title: string };
    assert.match(compared.title, /^account:1 · AccountBalance \(wm \d+, .*\) ↔ account:10 · AccountBalance/);
    await frameText('balance_cents', 20_000);
    await clean();
    await screenshot('readme-compare.png');
  });

  it('the tree filtered by value, its projections named (readme-filter.png)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const query = '{"recent.kind": "0x2002"}';
    assert.equal(await vscode.commands.executeCommand('batpakCache.filter', { where: query }), `value ${query}`);
    await frameText('Filtered by value', 60_000);
    await settle();
    await clean();
    await screenshot('readme-filter.png', SIDEBAR, 520);
    await vscode.commands.executeCommand('batpakCache.clearFilter');
  });

  it('the Cache Overview in light, dark and high contrast, in theme colours (overview-*.png, readme-overview.png)', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const fills: string[] = [];
    try {
      for (const [theme, kind, shot] of [
        ['Default Light Modern', 'vscode-light', 'overview-light.png'],
        ['Default High Contrast', 'vscode-high-contrast', 'overview-hc.png'],
        ['Default Dark Modern', 'vscode-dark', 'overview-dark.png'],
      ]) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('batpakCache.openOverview', { root: events });
        await frameText('Freshness against the event store', 30_000);
        assert.equal(await evalInFrame('Entries by projection group', `document.body.classList.contains('${kind}')`), true);
        // The bars take the theme's chart colour: set, and not the same in every theme.
        fills.push(await evalInFrame<string>('Entries by projection group', `getComputedStyle(document.querySelector('svg.bar .fill')).fill`));
        await clean();
        await screenshot(shot);
      }
      // The README's picture: the audit's classes and their Clean Up, below the charts.
      await evalInFrame('Entries by projection group', `document.querySelector('section.audit').scrollIntoView({ block: 'end' })`);
      await settle();
      await screenshot('readme-overview.png');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    assert.ok(fills.every((fill) => /^rgb/.test(fill)), fills.join(', '));
    assert.notEqual(fills[0], fills[2], 'light and dark bars differ');
  });
});
