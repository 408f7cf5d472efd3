/**
 * The README's and the walkthrough's pictures, taken on the demo's real batpak caches in a real VS Code: the tree,
 * its Problems node, a purge confirmation and the entry editor. `npm run screenshots` runs only these tests and
 * copies the pictures from test-results/ into media/; in `npm test` they run too, so they never rot.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { clickButton, clickRow, frameText, resizeSideBar, screenshot, skipWithoutBridge } from './bridge';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
/** The caches `npm start` shows (scripts/start.mjs), where the tree tests expect them. */
const CACHES = { 'svc/events-cache': 'cache-0.6-c940fd5c/delete_prefix', 'app/cache': 'cache-0.3.0/mixed' };
const SIDEBAR = ['.part.activitybar', '.part.sidebar'];
/** An entry with a JSON value worth showing: account:1's projection of type 0x1281de33…. */
const ENTRY = '61/6163636f756e743a3100e266589033de81120000000000000000459ec758b6ac60bd.bin';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri.fsPath;
}

/** A fresh copy of a fixture cache, its files dated when batpak wrote them (as `npm start` does). */
function placeCache(target: string, scenario: string): string {
  const root = path.join(workspaceDir(), target);
  fs.rmSync(root, { recursive: true, force: true });
  fs.cpSync(path.join(fixtures, scenario, 'cache'), root, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(fixtures, scenario, 'manifest.json'), 'utf8')) as { provenance: { generated_at_unix_us: number } };
  const written = new Date(manifest.provenance.generated_at_unix_us / 1000);
  for (const file of fs.readdirSync(root, { recursive: true }) as string[]) fs.utimesSync(path.join(root, file), written, written);
  return root;
}

/** Lets the workbench finish drawing (tree rows, hovers, webviews) before a picture. */
const settle = (): Promise<void> => sleep(800);

async function clean(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await settle();
}

describe('README screenshots', function () {
  this.timeout(120_000);
  let events: string;

  before(async function () {
    skipWithoutBridge(this);
    events = placeCache('svc/events-cache', CACHES['svc/events-cache']);
    placeCache('app/cache', CACHES['app/cache']);
    await vscode.extensions.getExtension('batpak-tools.batpak-cache-explorer')?.activate();
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('batpakCache.refresh');
    await vscode.commands.executeCommand('batpakCache.explorer.focus');
    // Wide enough for entry descriptions ("wm 221 · 6 h ago") next to their labels.
    assert.ok((await resizeSideBar(440)) >= 400, 'the side bar is wide enough');
    await clean();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('the tree: roots with their counts, shards, entries with watermark and age (readme-tree.png)', async () => {
    await clickRow('events-cache');
    await settle();
    await clickRow('61');
    await settle();
    await clean();
    await screenshot('readme-tree.png', SIDEBAR);
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
    await clickButton('Cancel');
    assert.equal(await pending, undefined, 'declined: nothing deleted');
  });
});
