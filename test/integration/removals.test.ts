/**
 * Deletes through the command API keep the Safety section's promises, in a real VS Code: Delete Entry only in a
 * cache root and only batpak's files (all or nothing), young temp files only when acknowledged, no empty prefix, a
 * separate Purge All Entries, and claims left by an interrupted removal shown in Problems and put back by Repair.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { claimName, RemovalSummary } from '../../src/core';
import type { ExtensionApi } from '../../src/extension/extension';
import type { Node, ProblemFileNode } from '../../src/extension/tree/nodes';
import { age } from '../unit/builders';
import { fixturesDir, listFiles } from '../unit/helpers';
import { clickButton, frameText, skipWithoutBridge } from './bridge';
import { activateExtension, nodeLabel, shownRoot } from './helpers';

const run = (command: string, args: Record<string, unknown>): Thenable<RemovalSummary | undefined> => vscode.commands.executeCommand(command, args);

describe('deletes through the command API', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let scratch: string;
  let root: string;

  before(async () => {
    api = await activateExtension();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-removals-'));
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** A fresh copy of a real cache, added as a root of the view for the test. */
  beforeEach(async () => {
    root = path.join(fs.mkdtempSync(path.join(scratch, 'r-')), 'cache');
    fs.cpSync(path.join(fixturesDir, 'cache-0.6-c940fd5c/delete_prefix/cache'), root, { recursive: true });
    await vscode.commands.executeCommand('batpakCache.addRoot', { root });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('batpakCache.removeRoot', { root });
  });

  const anEntry = (): string => listFiles(root).find((f) => f.startsWith('61/') && f.endsWith('.bin')) as string;

  it('Delete Entry refuses a folder that is not a cache root: the notes beside docs/ stay', async () => {
    const notes = path.join(scratch, 'notes');
    fs.mkdirSync(path.join(notes, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(notes, 'docs', 'README.md'), 'mine');
    fs.writeFileSync(path.join(notes, 'notes.txt'), 'mine too');
    assert.equal(await run('batpakCache.deleteEntry', { root: notes, files: ['docs/README.md'], confirm: false }), undefined);
    assert.deepEqual(listFiles(notes), ['docs/README.md', 'notes.txt']);
  });

  it('Delete Entry refuses every file when one is not batpak\'s, before anything is removed', async function () {
    const entry = anEntry();
    fs.writeFileSync(path.join(root, '61', 'notes.txt'), 'mine');
    const before = listFiles(root);
    for (const files of [[entry, '61/notes.txt'], [entry, '../cache/61/notes.txt'], [entry, 'docs/README.md'], [entry, '63']]) {
      assert.equal(await run('batpakCache.deleteEntry', { root, files, confirm: false }), undefined, files.join(', '));
      assert.deepEqual(listFiles(root), before, `${files.join(', ')}: nothing is deleted`);
    }
    if (process.env.BATPAK_BRIDGE_DIR) await frameText('63 (not a file of a shard directory of the root)');
    const summary = await run('batpakCache.deleteEntry', { root, files: [entry], confirm: false });
    assert.equal(summary?.deleted, 1);
    assert.deepEqual(listFiles(root), before.filter((f) => f !== entry));
  });

  it('a young temp file needs allowYoungTemp: true, also with confirm: false; an old one does not', async () => {
    const [young, old] = ['63/.tmpYoung1', '63/.tmpOldOne'];
    fs.writeFileSync(path.join(root, young), 'a write in progress');
    fs.writeFileSync(path.join(root, old), 'an orphan');
    age(path.join(root, old), 3_600_000);
    assert.equal(await run('batpakCache.deleteEntry', { root, files: [old, young], confirm: false }), undefined, 'refused: one is young');
    assert.ok(fs.existsSync(path.join(root, old)) && fs.existsSync(path.join(root, young)), 'both stay');
    assert.equal((await run('batpakCache.deleteEntry', { root, files: [old], confirm: false }))?.deleted, 1);
    assert.equal((await run('batpakCache.deleteEntry', { root, files: [young], confirm: false, allowYoungTemp: true }))?.deleted, 1);
    assert.ok(!fs.existsSync(path.join(root, young)));
  });

  it('the Problems node asks before deleting a young temp file, naming it', async function () {
    skipWithoutBridge(this);
    const young = '63/.tmpYoung2';
    fs.writeFileSync(path.join(root, young), 'a write in progress');
    const node = (await problemFiles()).find((n) => n.record.path === young);
    assert.ok(node, `${young} is listed under Problems`);
    const deleting = vscode.commands.executeCommand('batpakCache.deleteEntry', node);
    const dialog = await frameText('may be writes in progress');
    assert.match(dialog, /63\/\.tmpYoung2/);
    await clickButton('Delete, Young Temp Files Included');
    assert.equal(((await deleting) as RemovalSummary | undefined)?.deleted, 1);
    assert.ok(!fs.existsSync(path.join(root, young)));
  });

  it('Purge by Key Prefix refuses an empty prefix; Purge All Entries deletes every entry, and only entries', async () => {
    const before = listFiles(root);
    for (const prefix of [{ prefixText: '' }, { prefixHex: '' }, { prefixHex: '0x' }, { prefixHex: ' ' }]) {
      assert.equal(await run('batpakCache.deletePrefix', { root, ...prefix, confirm: false }), undefined, JSON.stringify(prefix));
      assert.deepEqual(listFiles(root), before, `${JSON.stringify(prefix)} deletes nothing`);
    }
    const entries = before.filter((f) => f.endsWith('.bin'));
    const summary = await run('batpakCache.purgeAll', { root, confirm: false });
    assert.equal(summary?.deleted, entries.length);
    assert.deepEqual(listFiles(root), before.filter((f) => !f.endsWith('.bin')), 'the temp files stay');
  });

  it('a claim left by an interrupted removal shows under Problems, and Repair puts it back', async () => {
    // The fixture's own damage first: then the claim is all there is to repair.
    assert.ok(await run('batpakCache.repair', { root, tempGraceMs: 3_600_000, confirm: false }));
    const entry = anEntry();
    const bytes = fs.readFileSync(path.join(root, entry));
    const claimed = `61/${claimName(path.basename(entry, '.bin'))}`;
    fs.renameSync(path.join(root, entry), path.join(root, claimed));
    const node = (await problemFiles()).find((n) => n.record.path === claimed) as Node;
    const problems = node.parent as Node;
    assert.equal(nodeLabel(api, problems), 'Problems');
    assert.equal(api.tree.getTreeItem(problems).description, '2 temp · 1 claimed');
    const item = api.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'problem:claim');
    assert.equal(nodeLabel(api, node), `${claimed.slice(0, '61/.batpak-explorer-0123456789ab'.length)}…`);
    assert.match(String(item.description), /^claimed entry · \d+ B · /);
    assert.match(String(item.tooltip), new RegExp(`batpak cannot see it under this name\\.\\n\\nRepair Cache… puts it back as ${entry} when that name is free`));
    const summary = await run('batpakCache.repair', { root, tempGraceMs: 3_600_000, confirm: false });
    assert.equal(summary?.restored, 1);
    assert.deepEqual(fs.readFileSync(path.join(root, entry)), bytes);
    assert.ok(!fs.existsSync(path.join(root, claimed)));
  });

  /** The files of the root's Problems node. */
  async function problemFiles(): Promise<ProblemFileNode[]> {
    await vscode.commands.executeCommand('batpakCache.refresh');
    const [problems] = await api.tree.getChildren(await shownRoot(api, root));
    return (await api.tree.getChildren(problems)) as ProblemFileNode[];
  }
});
