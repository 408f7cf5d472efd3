/** The views' queries with selectors that need each entry's trailer: entity counts agree with the entries listed. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { NOT_FRESH, queryEntries, readStore, Selector, summarizeEntities } from '../../src/core';
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
    const listed = await queryEntries(root, { selectors: [selector], offset: 0, limit: 1000, layout: 'k2' });
    assert.equal(listed.total, [...expected.values()].reduce((a, b) => a + b, 0));
  });

  it('counts nothing older than a cutoff before every entry, and everything before a cutoff after them', async () => {
    assert.deepEqual(await counted([{ kind: 'olderThan', cutoffUs: 0n }]), new Map());
    assert.deepEqual(await counted([{ kind: 'olderThan', cutoffUs: BigInt(Date.now()) * 1000n }]), expectedCounts(() => true));
  });
});
