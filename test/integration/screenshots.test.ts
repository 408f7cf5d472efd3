/**
 * The README's and the walkthrough's pictures, taken in a real VS Code on the demo workspace (scripts/demo.mjs, what
 * `npm start` opens): the tree, its Problems node, the entry editor, the walkthrough, a purge confirmation and the
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
import { clickButton, clickRow, evalInFrame, frameText, resizeSideBar, screenshot, skipWithoutBridge } from './bridge';
import { activateExtension, workspaceDir } from './helpers';

/** scripts/demo.mjs: the demo workspace `npm start` opens. */
interface DemoModule {
  DEMO: Array<{ target: string }>;
  placeDemo(workspace: string, options: { fresh: boolean }): void;
}

const SIDEBAR = ['.part.activitybar', '.part.sidebar'];
/** An entry with a JSON value worth showing: account:1's projection of type 0x1281de33…. */
const ENTRY = '61/6163636f756e743a3100e266589033de81120000000000000000459ec758b6ac60bd.bin';

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

  it('the Problems node: temp files with their age (readme-problems.png)', async () => {
    await clickRow('61'); // collapse it again
    await clickRow('Problems');
    await settle();
    await clean();
    await screenshot('readme-problems.png', SIDEBAR, 300);
  });

  it('the entry editor beside the tree (readme-editor.png)', async () => {
    const file = path.join(events, ENTRY);
    assert.equal(await vscode.commands.executeCommand('batpakCache.revealEntry', vscode.Uri.file(file)), true);
    await vscode.commands.executeCommand('batpakCache.openEntry', { file });
    await frameText('account:1', 20_000);
    await clean();
    await screenshot('readme-editor.png');
    await screenshot('walkthrough-editor.png', ['.part.editor'], 560);
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
