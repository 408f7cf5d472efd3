/**
 * The audit against batpak's fixtures, checked against their manifests: the stale and mixed scenarios with their
 * stores, a compiler upgrade faked by copying a group under a new type hash (the key bytes are the name), a schema
 * bump, and a root of 40-byte trailers holding 16-byte leftovers. Clean-ups remove exactly what the audit counted.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AUDIT_CLASSES, AuditClass, CacheInputError, ClassReport, cleanUp, EntryRecord, entryFreshness, groupKindHints, readStore, RootCensus, scanCensus, summarizeFreshness, walk } from '../../src/core';
import { copyFixture, fixturesDir, listFiles, Manifest, readManifest } from './helpers';
import { readable, upgradedRoot } from './upgrades';

const report = (census: RootCensus, cls: AuditClass): ClassReport => census.audit.classes.find((r) => r.class === cls) as ClassReport;

/** Each class's count, for a compact assertion. */
const counts = (census: RootCensus): Record<AuditClass, number> => Object.fromEntries(census.audit.classes.map((r) => [r.class, r.count])) as Record<AuditClass, number>;
const none = Object.fromEntries(AUDIT_CLASSES.map((cls) => [cls, 0])) as Record<AuditClass, number>;

/** Runs a clean-up of `classes` and returns the files it removed, sorted. */
async function removedBy(census: RootCensus, classes: AuditClass[], storeDir?: string): Promise<string[]> {
  const before = listFiles(census.root);
  const summary = await cleanUp(census, classes, { store: storeDir === undefined ? undefined : readStore(storeDir) });
  const after = new Set(listFiles(census.root));
  const removed = before.filter((rel) => !after.has(rel));
  assert.equal(summary.deleted, removed.length, 'the summary counts what was removed');
  assert.equal(summary.failedCount, 0);
  return removed;
}

/** The manifest's entities the store holds: every entity projected or appended to. */
function storeEntities(manifest: Manifest): Set<string> {
  return new Set([...(manifest.project_calls ?? []).map((c) => c.entity), ...manifest.operations.flatMap((o) => (o.entity ? [o.entity] : []))]);
}

describe('audit: batpak scenarios with their stores', function () {
  this.timeout(60_000);

  it('cache-0.3.0/mixed: corrupt, orphaned temp and unknown entities as the manifest has them; live twin groups are not classed', async () => {
    const scenario = 'cache-0.3.0/mixed';
    const manifest = readManifest(scenario);
    const storeDir = path.join(fixturesDir, scenario, 'store');
    const root = copyFixture(scenario);
    const census = await scanCensus(root, { storeDir, tempGraceMs: 0, staleAfterEvents: 1_000_000 });
    const corrupt = manifest.files.filter((f) => f.status === 'corrupt_short').map((f) => f.path).sort();
    const temp = manifest.files.filter((f) => f.kind === 'orphan_tempfile').map((f) => f.path).sort();
    const known = storeEntities(manifest);
    const unknown = manifest.files.filter((f) => readable(f) && f.key?.entity_utf8 !== undefined && !known.has(f.key.entity_utf8)).map((f) => f.path).sort();
    assert.deepEqual(counts(census), { ...none, corrupt: corrupt.length, 'orphaned-temp': temp.length, 'unknown-entity': unknown.length });
    assert.deepEqual(report(census, 'corrupt').sample, corrupt);
    assert.deepEqual(report(census, 'orphaned-temp').sample, temp);
    // AuditTrail and SeenMarker: same schema, same entities, different type hashes, written alongside: both in use.
    assert.deepEqual(census.audit.unclassified, []);
    assert.deepEqual(await removedBy(census, [...AUDIT_CLASSES], storeDir), [...corrupt, ...temp, ...unknown].sort(), 'every class at once: each file once');
  });

  it('cache-0.6-c940fd5c/stale: the stale class holds the entries N or more relevant events behind (N = 1, 2, 5)', async () => {
    const scenario = 'cache-0.6-c940fd5c/stale';
    const manifest = readManifest(scenario);
    const storeDir = path.join(fixturesDir, scenario, 'store');
    const relevant = new Map((manifest.projection_types ?? []).map((p) => [p.type_disc_u64_hex, p.relevant_event_kinds.map((k) => parseInt(k, 16))]));
    // Events behind, from the manifest: the entity's relevant events appended after the watermark.
    const behind = (f: (typeof manifest.files)[number]): number => {
      const kinds = relevant.get(String(f.key?.type_disc_u64_hex)) ?? [];
      return manifest.operations.filter(
        (o) => o.entity === f.key?.entity_utf8 && Number(o.global_sequence) > Number(f.watermark) && (kinds.length === 0 || kinds.includes(parseInt(String(o.kind), 16))),
      ).length;
    };
    const stale = manifest.files.filter((f) => f.stale_vs_store);
    assert.ok(stale.length > 10);
    for (const n of [1, 2, 5]) {
      const census = await scanCensus(copyFixture(scenario), { storeDir, staleAfterEvents: n });
      const expected = stale.filter((f) => behind(f) >= n).map((f) => f.path).sort();
      assert.equal(report(census, 'stale').count, expected.length, `N = ${n}`);
      assert.deepEqual(report(census, 'stale').sample, expected.slice(0, 10), `N = ${n}`);
      const histogram = census.freshness?.behind;
      assert.ok(histogram);
      assert.equal(histogram.counts.reduce((a, b) => a + b, 0), stale.length, 'every stale entry is in the events-behind histogram');
      if (n === 2) {
        // batpak re-projects one of them after the audit: cached again at the current watermark, it is fresh and kept.
        const again = manifest.files.find((f) => f.path === expected[0]);
        assert.ok(again && typeof again.current_watermark === 'number');
        const file = path.join(census.root, again.path);
        const bytes = fs.readFileSync(file);
        bytes.writeBigUInt64LE(BigInt(again.current_watermark), bytes.length - 40);
        fs.writeFileSync(file, bytes);
        assert.deepEqual(await removedBy(census, ['stale'], storeDir), expected.slice(1));
      }
    }
  });

  it('cache-0.3.0/stale (k1 keys, judged once the whole root is scanned): stale entries are all stale in the manifest', async () => {
    const scenario = 'cache-0.3.0/stale';
    const manifest = readManifest(scenario);
    const root = copyFixture(scenario);
    const store = readStore(path.join(fixturesDir, scenario, 'store'));
    const census = await scanCensus(root, { storeDir: store.dir, staleAfterEvents: 1 });
    const staleInManifest = new Set(manifest.files.filter((f) => f.stale_vs_store).map((f) => f.path));
    const stale = report(census, 'stale');
    assert.ok(stale.count > 0 && stale.count <= staleInManifest.size);
    for (const rel of stale.sample) assert.ok(staleInManifest.has(rel), `${rel} is stale in the manifest`);
    // Judged in the workers once every directory's hints were in, as one pass over every entry judges them.
    const entries: EntryRecord[] = [];
    for await (const record of walk(root)) if (record.kind === 'entry' && record.status === 'ok') entries.push(record);
    const hints = groupKindHints(entries, store);
    assert.deepEqual(census.freshness?.counts, summarizeFreshness(entries.map((e) => entryFreshness(e, store, hints))));
    assert.deepEqual(census.freshness?.groupKinds, hints);
    for (const rel of await removedBy(census, ['stale'], store.dir)) assert.ok(staleInManifest.has(rel), `${rel} removed as stale is stale in the manifest`);
  });

  it('store classes are not decided without a store, nor against a store read with warnings (its events may be missing)', async () => {
    const scenario = 'cache-0.3.0/mixed';
    const undecided = (census: RootCensus) => [report(census, 'unknown-entity'), report(census, 'stale')].map((r) => [r.undecided, r.count]);
    assert.deepEqual(undecided(await scanCensus(copyFixture(scenario))), [['no-store', 0], ['no-store', 0]]);
    const damaged = path.join(fixturesDir, 'stores-0.3.0', 'T3_crc_mid_active', 'store');
    assert.ok(readStore(damaged).warnings.length > 0);
    assert.deepEqual(undecided(await scanCensus(copyFixture(scenario), { storeDir: damaged, staleAfterEvents: 1 })), [['store-warnings', 0], ['store-warnings', 0]]);
    const judged = await scanCensus(copyFixture(scenario), { storeDir: path.join(fixturesDir, scenario, 'store') });
    await assert.rejects(cleanUp(judged, ['unknown-entity']), (error: unknown) => error instanceof CacheInputError && error.problem?.code === 'clean-needs-store');
  });
});

describe('audit: a compiler upgrade (a group copied under a new type hash, written later)', function () {
  this.timeout(60_000);
  const NEW_HASH = 0x1111222233334444n;

  for (const [scenario, typeHash] of [
    ['cache-0.6-c940fd5c/basic', '0x162e1d7de073120e'],
    ['cache-0.3.0/basic', '0xca7e5fbf536cb84b'],
  ] as const) {
    it(`${scenario}: the old group is superseded, exactly its files are removed, and nothing else changes`, async () => {
      const upgraded = upgradedRoot(scenario, { typeHash, newTypeHash: NEW_HASH, laterUs: 1_000_000n });
      const census = await scanCensus(upgraded.root);
      assert.deepEqual(counts(census), { ...none, superseded: upgraded.replaced.length });
      const superseded = report(census, 'superseded');
      assert.deepEqual(superseded.groups.map((g) => [g.group.typeHash, g.by.typeHash, g.count]), [[BigInt(typeHash), NEW_HASH, upgraded.replaced.length]]);
      assert.deepEqual(census.audit.unclassified, []);
      const before = new Map(listFiles(upgraded.root).map((rel) => [rel, fs.readFileSync(path.join(upgraded.root, rel))]));
      assert.deepEqual(await removedBy(census, ['superseded']), upgraded.replaced);
      for (const rel of listFiles(upgraded.root)) assert.deepEqual(fs.readFileSync(path.join(upgraded.root, rel)), before.get(rel), `${rel} unchanged`);
    });
  }

  it('an upgrade that re-cached only some entities: the old group is unclassified (partly covered), not superseded', async () => {
    const upgraded = upgradedRoot('cache-0.6-c940fd5c/basic', { typeHash: '0x162e1d7de073120e', newTypeHash: NEW_HASH, laterUs: 1_000_000n, entities: (e) => e !== 'counter:beta' });
    const census = await scanCensus(upgraded.root);
    assert.equal(report(census, 'superseded').count, 0);
    assert.deepEqual(
      census.audit.unclassified.map((u) => [u.group.typeHash, u.rule, u.why, u.candidate.typeHash, u.covered, u.entities]),
      [[0x162e1d7de073120en, 'superseded', 'partly-covered', NEW_HASH, upgraded.copies.length, upgraded.replaced.length]],
    );
  });

  it('k1 keys carry no kinds hash: only the very same entities make a later group a replacement', async () => {
    const scenario = 'cache-0.3.0/basic';
    const typeHash = '0xca7e5fbf536cb84b';
    // Some entities re-cached: any projection of the same schema could be that later group. Not classed, not listed.
    const some = upgradedRoot(scenario, { typeHash, newTypeHash: NEW_HASH, laterUs: 1_000_000n, entities: (e) => e !== 'counter:beta' });
    const partly = await scanCensus(some.root);
    assert.equal(partly.audit.total.count, 0);
    assert.deepEqual(partly.audit.unclassified, []);
    // Every entity re-cached and one more: unclassified, the entity sets differ.
    const more = upgradedRoot(scenario, { typeHash, newTypeHash: NEW_HASH, laterUs: 1_000_000n });
    fs.rmSync(path.join(more.root, more.replaced[0]));
    const census = await scanCensus(more.root);
    assert.equal(report(census, 'superseded').count, 0);
    assert.deepEqual(census.audit.unclassified.map((u) => [u.why, u.covered, u.entities, u.candidateEntities]), [['entity-sets-differ', more.replaced.length - 1, more.replaced.length - 1, more.copies.length]]);
  });

  it('an implausible cached-at in the old group hides which was written first: unclassified (undated), not superseded', async () => {
    const upgraded = upgradedRoot('cache-0.6-c940fd5c/basic', { typeHash: '0x162e1d7de073120e', newTypeHash: NEW_HASH, laterUs: 1_000_000n });
    // One old entry's cached-at damaged into the year 2300 (batpak has no checksum: such values occur).
    const damaged = path.join(upgraded.root, upgraded.replaced[0]);
    const bytes = fs.readFileSync(damaged);
    bytes.writeBigInt64LE(10_413_792_000_000_000n, bytes.length - 32);
    fs.writeFileSync(damaged, bytes);
    const census = await scanCensus(upgraded.root);
    assert.equal(report(census, 'superseded').count, 0);
    assert.deepEqual(census.audit.unclassified.map((u) => [u.why, u.undated, u.covered, u.entities]), [['undated', 1, upgraded.replaced.length, upgraded.replaced.length]]);
  });

  it('copies written at the same times as the originals: both groups are in use, nothing is classed or listed', async () => {
    const upgraded = upgradedRoot('cache-0.6-c940fd5c/basic', { typeHash: '0x162e1d7de073120e', newTypeHash: NEW_HASH, laterUs: 0n });
    const census = await scanCensus(upgraded.root);
    assert.equal(census.audit.total.count, 0);
    assert.deepEqual(census.audit.unclassified, []);
  });

  it('an entry cached again after the audit is kept by the clean-up; the rest of its group is removed', async () => {
    const upgraded = upgradedRoot('cache-0.6-c940fd5c/basic', { typeHash: '0x162e1d7de073120e', newTypeHash: NEW_HASH, laterUs: 1_000_000n });
    const census = await scanCensus(upgraded.root);
    // The old service writes one entry again (a later cached-at), after the audit and before the clean-up.
    const rewritten = upgradedRoot('cache-0.6-c940fd5c/basic', { typeHash: '0x162e1d7de073120e', laterUs: 5_000_000n }).root;
    const again = upgraded.replaced[0];
    fs.copyFileSync(path.join(rewritten, again), path.join(upgraded.root, again));
    assert.deepEqual(await removedBy(census, ['superseded']), upgraded.replaced.slice(1));
    assert.ok(fs.existsSync(path.join(upgraded.root, again)));
  });
});

describe('audit: a schema bump and legacy trailers', function () {
  this.timeout(60_000);

  it('cache-0.6-c940fd5c/basic with AccountBalance re-cached at schema 3: the schema-2 group is old-schema', async () => {
    const upgraded = upgradedRoot('cache-0.6-c940fd5c/basic', { typeHash: '0x4977371ba184a5e8', newSchema: 3n, laterUs: 1_000_000n });
    const census = await scanCensus(upgraded.root);
    assert.deepEqual(counts(census), { ...none, 'old-schema': upgraded.replaced.length });
    assert.deepEqual(report(census, 'old-schema').groups.map((g) => [g.group.schemaVersion, g.by.schemaVersion]), [[2n, 3n]]);
    assert.deepEqual(await removedBy(census, ['old-schema']), upgraded.replaced);
  });

  it('16-byte entries of batpak 0.3.0 left in a root batpak 0.6 writes: legacy trailers, and only those', async () => {
    const root = copyFixture('cache-0.6-c940fd5c/basic');
    const legacyScenario = 'cache-0.3.0/basic';
    const leftovers = readManifest(legacyScenario).files.filter((f) => readable(f) && ['6e', 'e8'].includes(f.path.split('/')[0]));
    for (const file of leftovers) {
      fs.mkdirSync(path.join(root, path.dirname(file.path)), { recursive: true });
      fs.copyFileSync(path.join(fixturesDir, legacyScenario, 'cache', file.path), path.join(root, file.path));
    }
    const census = await scanCensus(root);
    assert.ok(leftovers.length > 3);
    assert.deepEqual(counts(census), { ...none, 'legacy-trailer': leftovers.length });
    assert.equal(report(census, 'legacy-trailer').bytes, leftovers.reduce((sum, f) => sum + f.file_len, 0));
    assert.deepEqual(await removedBy(census, [...AUDIT_CLASSES.filter((cls) => cls !== 'unknown-entity' && cls !== 'stale')]), leftovers.map((f) => f.path).sort());
  });
});
