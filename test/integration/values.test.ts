/**
 * Comparing values, filtering by value, exporting and copying fixtures, in a real VS Code on real batpak caches:
 * what the diff editor's documents hold, what the filtered tree lists and what an export file holds are each checked
 * against the fixtures' manifests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'lossless-json';
import * as vscode from 'vscode';
import { encodeTrailer, writeFixture } from '../../src/core';
import type { ComparisonResult } from '../../src/extension/commands/compare';
import type { ExportResult } from '../../src/extension/commands/export';
import type { ExtensionApi } from '../../src/extension/extension';
import type { EntryNode } from '../../src/extension/tree/nodes';
import { emptyRoot } from '../unit/builders';
import { byPath } from '../unit/cliRun';
import { checkExport, decoded } from '../unit/exportCheck';
import { copyFixture, listFiles, ManifestFile, readManifest, scenarios, tempDir } from '../unit/helpers';
import { bridgeAvailable, frameText, pressKeys, screenshot, skipWithoutBridge } from './bridge';
import { activateExtension, nodeLabel, place, shownRoot, workspaceDir } from './helpers';

const BASIC = 'cache-0.6-c940fd5c/basic';
const ADVERSARIAL = 'cache-0.6-c940fd5c/adversarial';

/** The one entry of `entity` and projection `type` in a scenario's manifest. */
function entryOf(scenario: string, entity: string, type: string): ManifestFile {
  const file = readManifest(scenario).files.find((f) => f.key?.entity_utf8 === entity && f.key?.projection_type === type);
  assert.ok(file, `${scenario} has ${entity} ${type}`);
  return file;
}

/** The value pretty-printed by another library than the extension's (lossless-json keeps every digit): the expected text. */
const pretty = (file: ManifestFile): string => stringify(parse(file.value_utf8 as string), undefined, 2) as string;

async function text(uri: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
}

describe('compare, filter by value, export', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let basic: string;
  let adversarial: string;

  /** The entry nodes of a root, shard by shard. */
  async function entryNodes(root: string): Promise<EntryNode[]> {
    const all: EntryNode[] = [];
    for (const shard of await api.tree.getChildren(await shownRoot(api, root))) {
      for (const child of await api.tree.getChildren(shard)) if ((child as Partial<EntryNode>).record?.kind === 'entry') all.push(child as EntryNode);
    }
    return all;
  }

  const nodeOf = async (root: string, file: ManifestFile): Promise<EntryNode> => {
    const node = (await entryNodes(root)).find((n) => n.record.path === file.path);
    assert.ok(node, `${file.path} is shown`);
    return node;
  };

  before(async () => {
    basic = place(BASIC, 'cache', 'kv/basic/cache');
    adversarial = place(ADVERSARIAL, 'cache', 'kv/adversarial/cache');
    api = await activateExtension();
    // Configured rather than discovered: discovery stops after 2 s, which a loaded machine can take to find both.
    for (const root of [basic, adversarial]) await vscode.commands.executeCommand('batpakCache.addRoot', { root });
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('batpakCache.clearFilter');
    await vscode.workspace.getConfiguration('batpakCache').update('roots', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(workspaceDir(), 'kv'), { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  describe('compare', () => {
    it('Compare Entries opens the diff editor on two entries: each side the exact pretty JSON of its value, the trailer facts in the title', async () => {
      const a = entryOf(BASIC, 'account:1', 'AuditTrail');
      const b = entryOf(BASIC, 'account:10', 'AuditTrail');
      const [nodeA, nodeB] = [await nodeOf(basic, a), await nodeOf(basic, b)];
      const result = (await vscode.commands.executeCommand('batpakCache.compareEntries', nodeA, [nodeA, nodeB])) as ComparisonResult;
      assert.deepEqual([result.as, result.same], ['json', false]);
      assert.equal(await text(result.left), pretty(a));
      assert.equal(await text(result.right), pretty(b));
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'the diff editor is active');
      assert.deepEqual([tab.input.original.toString(), tab.input.modified.toString()], [result.left, result.right]);
      assert.equal(tab.label, result.title);
      assert.match(result.title, new RegExp(`^account:1 · 1281de33:0 \\(wm ${a.watermark}, .+ ago\\) ↔ account:10 · 1281de33:0 \\(wm ${b.watermark}, .+ ago\\)$`));
      if (bridgeAvailable()) {
        await sleep(800);
        await screenshot('compare.png');
      }
    });

    it('keeps every digit of 64-bit numbers and the keys in stored order; refuses one entry or an entry without a value', async () => {
      const a = entryOf(ADVERSARIAL, 'wallet:3', 'WalletTally');
      const b = entryOf(ADVERSARIAL, 'wallet:300', 'WalletTally');
      const result = (await vscode.commands.executeCommand('batpakCache.compareEntries', { files: [path.join(adversarial, a.path), path.join(adversarial, b.path)] })) as ComparisonResult;
      assert.equal(await text(result.left), pretty(a));
      assert.match(await text(result.left), /^ {2}"deposited": 18446744073709551615,$/m);
      assert.equal(await text(result.right), pretty(b));
      const [nodeA] = [await nodeOf(adversarial, a)];
      assert.equal(await vscode.commands.executeCommand('batpakCache.compareEntries', nodeA, [nodeA]), undefined, 'one entry is not two');
      const corrupt = readManifest(ADVERSARIAL).files.find((f) => f.status === 'corrupt_short') as ManifestFile;
      assert.equal(await vscode.commands.executeCommand('batpakCache.compareEntries', { files: [path.join(adversarial, a.path), path.join(adversarial, corrupt.path)] }), undefined);
    });

    it("Compare with… offers the entity's other projections and the group's other entities", async function () {
      skipWithoutBridge(this);
      const a = entryOf(BASIC, 'account:1', 'AccountBalance');
      const pending = vscode.commands.executeCommand('batpakCache.compareWith', vscode.Uri.file(path.join(basic, a.path)));
      const picker = await frameText('Same projection group', 20_000);
      // Each section's label is drawn beside its first row.
      assert.match(picker, /Same entity/);
      assert.match(picker, /account:1\s*1281de33:0 · wm 221/, "the entity's AuditTrail");
      assert.match(picker, /account:10\s*4977371b:2 · wm 192/, "the group's account:10");
      await pressKeys(['Escape']);
      assert.equal(await pending, undefined);
      const b = entryOf(BASIC, 'account:1', 'AuditTrail');
      const result = (await vscode.commands.executeCommand('batpakCache.compareWith', { file: path.join(basic, a.path), with: path.join(basic, b.path) })) as ComparisonResult;
      assert.equal(await text(result.right), pretty(b));
    });

    it('Compare with Previous Version: the value an open entry held before the service rewrote it, against the new one', async () => {
      const entry = entryOf(BASIC, 'account:2', 'AccountBalance');
      const file = path.join(basic, entry.path);
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'batpakCache.entryEditor');
      const rendered = async (revision: number): Promise<void> => {
        const deadline = Date.now() + 20_000;
        while ((api.editorState(vscode.Uri.file(file))?.renderedRevision ?? -1) < revision) {
          if (Date.now() > deadline) assert.fail(`the editor did not render revision ${revision}`);
          await sleep(50);
        }
      };
      await rendered(1);
      assert.equal(await vscode.commands.executeCommand('batpakCache.compareWithPrevious', { file }), undefined, 'nothing earlier was seen');
      // The service rewrites the entry as batpak does: a temp file renamed over it, a new value and watermark.
      const value = `{"owner":"Owner Two","currency":"EUR","balance_cents":${Number(JSON.parse(entry.value_utf8 as string).balance_cents) - 500},"tx_count":31,"last_memo":"tx #30"}`;
      const watermark = BigInt(entry.watermark as number) + 3n;
      const temp = path.join(path.dirname(file), '.tmpReWr1t');
      fs.writeFileSync(temp, Buffer.concat([Buffer.from(value), encodeTrailer({ format: 'v2', watermark, cachedAtUs: BigInt(Date.now()) * 1000n, cachedAtMonoNs: 1n, processBootNs: 1n })]));
      fs.renameSync(temp, file);
      await rendered(2);
      const result = (await vscode.commands.executeCommand('batpakCache.compareWithPrevious', { file })) as ComparisonResult;
      assert.equal(await text(result.left), pretty(entry));
      assert.equal(await text(result.right), stringify(parse(value), undefined, 2));
      assert.match(result.title, new RegExp(`^account:2 · 4977371b:2: wm ${entry.watermark} → ${watermark}, replaced (now|.+ ago)$`));
    });
  });

  describe('filter by value', () => {
    const query = '{"balance_cents": {"$gt": 200000}}';
    /** The entries of the root whose manifest value the query implies. */
    const implied = (keep: (file: ManifestFile) => boolean): string[] =>
      readManifest(BASIC)
        .files.filter((f) => f.kind === 'cache_entry' && keep(f) && typeof (decoded(f) as { balance_cents?: unknown })?.balance_cents === 'bigint' && (decoded(f) as { balance_cents: bigint }).balance_cents > 200000n)
        .map((f) => f.path)
        .sort(byPath);

    afterEach(async () => {
      await vscode.commands.executeCommand('batpakCache.clearFilter');
    });

    it('the tree lists only the entries whose value matches, alone and with a key filter', async () => {
      assert.equal(await vscode.commands.executeCommand('batpakCache.filter', { where: query }), `value ${query}`);
      const matched = (await entryNodes(basic)).map((n) => n.record.path);
      assert.ok(implied(() => true).length >= 3, 'the query finds entries in the fixture');
      assert.deepEqual(matched, implied(() => true));
      const shards = (await api.tree.getChildren(await shownRoot(api, basic))).map((n) => nodeLabel(api, n)).filter((label) => label !== 'Problems');
      assert.deepEqual(shards, [...new Set(matched.map((p) => p.slice(0, 2)))], 'only the shards holding a match');

      assert.equal(await vscode.commands.executeCommand('batpakCache.filter', { prefixText: 'account:1', where: query }), `prefix "account:1" · value ${query}`);
      const both = (await entryNodes(basic)).map((n) => n.record.path);
      assert.deepEqual(both, implied((f) => f.key?.entity_utf8?.startsWith('account:1') === true));
      assert.equal(both.length, 2, 'account:10 and account:11');
    });

    it('a query that does not parse is refused, saying where, and the filter stays as it was', async () => {
      await vscode.commands.executeCommand('batpakCache.filter', { prefixText: 'account:1' });
      assert.equal(await vscode.commands.executeCommand('batpakCache.filter', { where: '{"balance_cents": {"$lt": 0}' }), undefined);
      assert.equal(api.tree.filterLabel, 'prefix "account:1"');
      if (bridgeAvailable()) assert.match(await frameText('The query is not JSON', 20_000), /at character 29/);
    });

    it('follows a rewrite: a root that changed is read again', async () => {
      await vscode.commands.executeCommand('batpakCache.filter', { where: '{"owner": "Owner Twenty"}' });
      assert.deepEqual((await entryNodes(basic)).length, 0);
      const entry = entryOf(BASIC, '订单:7', 'AccountBalance');
      const file = path.join(basic, entry.path);
      const bytes = fs.readFileSync(file);
      const value = Buffer.from(JSON.stringify({ owner: 'Owner Twenty' }));
      // As batpak writes: a temp file renamed over the entry.
      const temp = path.join(path.dirname(file), '.tmpF1lter');
      fs.writeFileSync(temp, Buffer.concat([value, bytes.subarray(bytes.length - 40)]));
      fs.renameSync(temp, file);
      const deadline = Date.now() + 30_000;
      while ((await entryNodes(basic)).length === 0 && Date.now() < deadline) await sleep(200);
      assert.deepEqual((await entryNodes(basic)).map((n) => n.record.path), [entry.path]);
    });
  });

  describe('export', () => {
    for (const scenario of scenarios()) {
      it(`${scenario}: the whole root read back from the file, every value byte for byte as the manifest records it`, async () => {
        const out = path.join(tempDir(), 'export.ndjson');
        const result = (await vscode.commands.executeCommand('batpakCache.export', { root: copyFixture(scenario), out })) as ExportResult;
        const written = fs.readFileSync(out, 'utf8');
        checkExport(scenario, written);
        assert.deepEqual([result.entries, result.bytes, result.cancelled], [written.split('\n').length - 1, Buffer.byteLength(written), false]);
      });
    }

    it('a selection, or what the query matches; never into the cache root, never over a file unless told', async () => {
      const root = copyFixture(BASIC);
      const dir = tempDir();
      const files = [entryOf(BASIC, 'account:1', 'AuditTrail').path, entryOf(BASIC, 'account:2', 'EventCount').path].sort(byPath);
      const out = path.join(dir, 'selection.ndjson');
      await vscode.commands.executeCommand('batpakCache.export', { root, out, files });
      assert.deepEqual(fs.readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { path: string }).path), files);
      const query = path.join(dir, 'query.ndjson');
      const result = (await vscode.commands.executeCommand('batpakCache.export', { root, out: query, where: '{"currency": "EUR"}' })) as ExportResult;
      assert.equal(result.entries, readManifest(BASIC).files.filter((f) => f.value_utf8?.includes('"currency":"EUR"')).length);

      const before = listFiles(root);
      assert.equal(await vscode.commands.executeCommand('batpakCache.export', { root, out: path.join(root, '61', 'x.ndjson') }), undefined);
      assert.deepEqual(listFiles(root), before, 'nothing written into the root');
      fs.writeFileSync(out, 'keep me');
      assert.equal(await vscode.commands.executeCommand('batpakCache.export', { root, out }), undefined);
      assert.equal(fs.readFileSync(out, 'utf8'), 'keep me');
      assert.equal(((await vscode.commands.executeCommand('batpakCache.export', { root, out, force: true })) as ExportResult).entries, before.filter((f) => f.endsWith('.bin')).length);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['query.ndjson', 'selection.ndjson'], 'no partial file left');
    });
  });

  it('Copy as Test Fixture: the clipboard holds the entry file, written back byte for byte', async () => {
    const entry = entryOf(ADVERSARIAL, 'wallet:3', 'WalletTally');
    const node = await nodeOf(adversarial, entry);
    const copied = (await vscode.commands.executeCommand('batpakCache.copyAsFixture', node)) as string;
    assert.equal(await vscode.env.clipboard.readText(), copied);
    const target = emptyRoot();
    const written = await writeFixture(target, JSON.parse(copied));
    assert.deepEqual(fs.readFileSync(written), fs.readFileSync(path.join(adversarial, entry.path)));
  });
});
