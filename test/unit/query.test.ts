/**
 * The views' listings: pages cut from one listing, and selectors that need each entry's trailer (entity counts agree
 * with the entries listed, and both with batpak's manifest).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listEntries, NOT_FRESH, readStore, scanValues, Selector, summarizeEntities, summarizeShards } from '../../src/core';
import { emptyRoot, writeEntry } from './builders';
import { fixturesDir, ManifestFile, readManifest } from './helpers';

const scenario = 'cache-0.6-c940fd5c/stale';
const root = path.join(fixturesDir, scenario, 'cache');

/** Entries per entity (hex) among the manifest's entries that pass `keep`. */
function expectedCounts(keep: (file: ManifestFile) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of readManifest(scenario).files) {
    const entity = file.key?.entity_hex;
    if (file.kind !== 'cache_entry' || entity === undefined || !keep(file)) continue;
    counts.set(entity, (counts.get(entity) ?? 0) + 1);
  }
  return counts;
}

async function counted(selectors: Selector[]): Promise<Map<string, number>> {
  return new Map((await summarizeEntities(root, 'k2', selectors)).entities.map((e) => [e.entityHex, e.count]));
}

describe('summarizeEntities with selectors that read trailers', () => {
  it('counts only the entries that are not fresh against the store, per entity, as batpak judged them', async () => {
    const selector: Selector = { kind: 'freshness', states: NOT_FRESH, store: readStore(path.join(fixturesDir, scenario, 'store')) };
    const expected = expectedCounts((file) => file.stale_vs_store === true);
    assert.ok(expected.size > 0 && expected.size < expectedCounts(() => true).size, 'the fixture has entities with and without stale entries');
    assert.deepEqual(await counted([selector]), expected);
    const listed = await listEntries(root, { selectors: [selector], layout: 'k2' });
    assert.equal(listed.total, [...expected.values()].reduce((a, b) => a + b, 0));
    const stale = readManifest(scenario).files.filter((file) => file.stale_vs_store === true).map((file) => file.path);
    assert.deepEqual((await listed.page(0, 1000)).map((record) => record.path), stale.sort(), 'the entries batpak saw stale, in path order');
  });

  it('counts nothing older than a cutoff before every entry, and everything before a cutoff after them', async () => {
    assert.deepEqual(await counted([{ kind: 'olderThan', cutoffUs: 0n }]), new Map());
    assert.deepEqual(await counted([{ kind: 'olderThan', cutoffUs: BigInt(Date.now()) * 1000n }]), expectedCounts(() => true));
  });
});

describe('listEntries: pages', () => {
  let root: string;
  const names = Array.from({ length: 25 }, (_, i) => `61${i.toString(16).padStart(2, '0')}.bin`);
  before(() => {
    root = emptyRoot();
    for (let i = 0; i < 25; i++) writeEntry(root, { key: Buffer.from([0x61, i]) });
    fs.writeFileSync(path.join(root, '61', '.tmpAAAAAA'), '');
  });

  it('offset and limit cut the sorted entries of one listing; total counts them all, temp files not', async () => {
    const listing = await listEntries(root, { selectors: [{ kind: 'shard', shard: '61' }], layout: undefined });
    assert.equal(listing.total, 25);
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 10) seen.push(...(await listing.page(offset, 10)).map((r) => r.name));
    assert.deepEqual(seen, names, 'pages cover every entry once, in order');
  });

  it('a selector decides the total; a page holds only what it takes', async () => {
    const listing = await listEntries(root, { selectors: [{ kind: 'prefix', prefix: Buffer.from([0x61, 0x10]) }], layout: undefined });
    assert.equal(listing.total, 1);
    assert.deepEqual((await listing.page(0, 100)).map((r) => r.name), ['6110.bin']);
  });

  it('an offset past the end gives an empty page and the real total; a file gone since is left out', async () => {
    const listing = await listEntries(root, { selectors: [], layout: undefined });
    assert.deepEqual([listing.total, (await listing.page(1000, 10)).length], [25, 0]);
    fs.rmSync(path.join(root, '61', names[1]));
    assert.deepEqual((await listing.page(0, 3)).map((r) => r.name), [names[0], names[2]]);
  });
});

describe('the paths selector (a selection, or what a query by value matched)', () => {
  const manifest = readManifest(scenario).files.filter((file) => file.kind === 'cache_entry');
  // Two entries of one shard and one of another, and a path that names no file.
  const chosen = [manifest[0].path, manifest[1].path, manifest[manifest.length - 1].path];
  const selector: Selector = { kind: 'paths', paths: new Set([...chosen, '61/6100.bin']) };

  it('lists, counts and scans exactly the entries named', async () => {
    const listing = await listEntries(root, { selectors: [selector], layout: 'k2' });
    assert.deepEqual((await listing.page(0, 10)).map((r) => r.path), [...chosen].sort());
    const shards = (await summarizeShards(root, 'k2', [selector])).shards.filter((s) => s.entries > 0);
    const perShard = new Map<string, number>();
    for (const file of chosen) perShard.set(file.slice(0, 2), (perShard.get(file.slice(0, 2)) ?? 0) + 1);
    assert.deepEqual(new Map(shards.map((s) => [s.dir, s.entries])), perShard);
    const scanned: string[] = [];
    for await (const content of scanValues(root, { selectors: [selector] })) scanned.push(content.record.path);
    assert.deepEqual(scanned, [...chosen].sort());
  });

  it('with another selector, only the entries both take', async () => {
    const shard = chosen[0].slice(0, 2);
    const listing = await listEntries(root, { selectors: [selector, { kind: 'shard', shard }], layout: 'k2' });
    assert.deepEqual((await listing.page(0, 10)).map((r) => r.path), chosen.filter((p) => p.startsWith(`${shard}/`)).sort());
  });
});
