/**
 * The README's and the walkthrough's pictures, taken in a real VS Code on the demo workspace (scripts/demo.mjs, what
 * `npm start` opens): the tree, its Problems node, the entry editor, the walkthrough and a purge confirmation.
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
});
