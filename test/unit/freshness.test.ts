/**
 * Freshness against the store: every entry of every fixture that has a store/ directory, judged against the
 * manifest's current_watermark and stale_vs_store (what batpak itself saw), plus small stores written here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  ALL_KINDS_HASH,
  assessFreshness,
  EntryRecord,
  executePurge,
  groupId,
  groupKindHints,
  kindsHash,
  NOT_FRESH,
  planPurge,
  readStore,
  Selector,
  summarizeFreshness,
  walk,
} from '../../src/core';
import { sipHash13 } from '../../src/core/siphash';
import { copyFixture, fixturesDir, listFiles, readManifest, scenarios, tempDir } from './helpers';
import { TestStore } from './storeWriter';

/** SipHash-1-3 (keys zero) the plain way, with BigInt: the reference the 32-bit version is checked against. */
function referenceSipHash13(bytes: Uint8Array): bigint {
  const mask = (1n << 64n) - 1n;
  const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & mask;
  const v = [0x736f6d6570736575n, 0x646f72616e646f6dn, 0x6c7967656e657261n, 0x7465646279746573n];
  const round = (): void => {
    v[0] = (v[0] + v[1]) & mask; v[1] = rotl(v[1], 13n) ^ v[0]; v[0] = rotl(v[0], 32n);
    v[2] = (v[2] + v[3]) & mask; v[3] = rotl(v[3], 16n) ^ v[2];
    v[0] = (v[0] + v[3]) & mask; v[3] = rotl(v[3], 21n) ^ v[0];
    v[2] = (v[2] + v[1]) & mask; v[1] = rotl(v[1], 17n) ^ v[2]; v[2] = rotl(v[2], 32n);
  };
  const words = Math.floor(bytes.length / 8);
  for (let w = 0; w <= words; w++) {
    let m = w === words ? BigInt(bytes.length & 0xff) << 56n : 0n;
    for (let i = 0; i < 8 && w * 8 + i < bytes.length; i++) m |= BigInt(bytes[w * 8 + i]) << BigInt(8 * i);
    v[3] ^= m;
    round();
    v[0] ^= m;
  }
  v[2] ^= 0xffn;
  round();
  round();
  round();
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}

describe('kinds hash (SipHash-1-3, keys zero)', () => {
  it('reproduces the hashes batpak c940fd5c wrote into its keys', () => {
    assert.equal(kindsHash([]), ALL_KINDS_HASH);
    assert.equal(kindsHash([0x1002, 0x1001]), 0x3205a2fdaba94fb6n);
    assert.equal(kindsHash([0x2001, 0x2002, 0x2003]), 0xb638b4e6b346b64an);
  });

  it('equals the plain BigInt SipHash-1-3 for any bytes (every length mod 8, carries between halves)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => sipHash13(bytes) === referenceSipHash13(bytes)), { numRuns: 2000 });
  });
});

describe('freshness: every entry of every fixture with a store', function () {
  this.timeout(30_000);
  const tally = { entries: 0, none: 0, exact: 0, k1Filtered: 0, staleNeverFresh: 0, hintChanged: 0 };
  after(() => console.log(`      ${JSON.stringify(tally)}`));

  for (const scenario of scenarios()) {
    it(`${scenario}: manifest-stale entries are never fresh; k2 keys and all-kinds projections match current_watermark exactly`, async () => {
      const manifest = readManifest(scenario);
      const store = readStore(path.join(fixturesDir, scenario, 'store'));
      const allKinds = new Set((manifest.projection_types ?? []).filter((p) => p.relevant_event_kinds.length === 0).map((p) => p.type_disc_u64_hex));
      const records: EntryRecord[] = [];
      for await (const record of walk(path.join(fixturesDir, scenario, 'cache'))) if (record.kind === 'entry') records.push(record);
      const hints = groupKindHints(records, store);
      const files = new Map(manifest.files.map((f) => [f.path, f]));
      for (const record of records) {
        tally.entries++;
        const file = files.get(record.path);
        const freshness = assessFreshness(record, store, { groupKinds: hints.get(groupId(record.key)) });
        if (assessFreshness(record, store)?.state !== freshness?.state) tally.hintChanged++;
        if (!freshness) {
          assert.ok(record.key.layout === 'raw' || !record.trailer, `${record.path}: only raw keys and entries without a trailer have none`);
          tally.none++;
          continue;
        }
        assert.ok(file, `${record.path} is in the manifest`);
        if (file.stale_vs_store === undefined) continue;
        if (file.stale_vs_store) {
          tally.staleNeverFresh++;
          assert.notEqual(freshness.state, 'fresh', `${record.path}: stale in the manifest`);
        }
        if (freshness.state === 'fresh') assert.equal(file.stale_vs_store, false, `${record.path}: fresh but stale in the manifest`);
        const current = file.current_watermark ?? null;
        if (record.key.layout === 'k2' || allKinds.has(String(file.key?.type_disc_u64_hex))) {
          tally.exact++;
          assert.equal(freshness.lastEventSequence, current, `${record.path}: last relevant event`);
          const watermark = BigInt(String(file.watermark));
          const expected = current === null ? 'unknown-entity' : watermark === BigInt(current) ? 'fresh' : watermark > BigInt(current) ? 'ahead' : 'stale';
          // A k1 key does not say its projection consumes every kind: newer events make it stale or maybe-stale.
          const states = expected === 'stale' && record.key.layout === 'k1' ? ['stale', 'maybe-stale'] : [expected];
          assert.ok(states.includes(freshness.state), `${record.path}: ${freshness.state}, expected ${expected}`);
          if (freshness.state === 'stale' && freshness.relevantKinds?.length === 0) {
            const history = store.entities.get(record.key.entity?.toString('hex') ?? '');
            assert.equal(freshness.eventsBehind, history && history.sequences.length - 1 - history.sequences.lastIndexOf(Number(watermark)), `${record.path}: events behind`);
          }
        } else tally.k1Filtered++;
      }
    });
  }

  it('compared entries exactly against batpak, stale ones among them (a suite that compared nothing proves nothing)', () => {
    assert.ok(tally.exact > 0, `exact comparisons: ${tally.exact}`);
    assert.ok(tally.staleNeverFresh > 0, `stale entries checked: ${tally.staleNeverFresh}`);
  });
});

describe('freshness: states on a store written here', () => {
  const dir = path.join(tempDir(), 'store');
  const store = new TestStore(dir);
  // a: A B A B; b: A; c: A C
  for (const [entity, kind] of [['a', 1], ['a', 2], ['a', 1], ['a', 2], ['b', 1], ['c', 1], ['c', 3]] as const) store.append({ entity, kind });
  const view = readStore(dir);
  const entry = (entity: string, watermark: number, kinds?: number[], typeHash = 7n): Pick<EntryRecord, 'key' | 'trailer'> => ({
    key: { layout: kinds ? 'k2' : 'k1', entity: Buffer.from(entity), typeHash, schemaVersion: 0n, ...(kinds ? { kindsHash: kindsHash(kinds) } : {}) },
    trailer: { format: kinds ? 'v2' : 'v1', watermark: BigInt(watermark), cachedAtUs: 0n },
  });

  it('k2: the kinds hash names the relevant set; newer irrelevant events keep it fresh', () => {
    assert.deepEqual(assessFreshness(entry('a', 2, [1]), view), { state: 'fresh', eventsBehind: 0, lastEventSequence: 2, relevantKinds: [1], newerKinds: [2] });
    assert.deepEqual(assessFreshness(entry('a', 0, [1]), view), { state: 'stale', eventsBehind: 1, lastEventSequence: 2, relevantKinds: [1], newerKinds: [1, 2] });
    assert.equal(assessFreshness(entry('a', 0, []), view)?.eventsBehind, 3);
  });

  it('k1: newer events of the kind at the watermark make it stale, others maybe-stale; a group hint adds kinds', () => {
    assert.deepEqual(assessFreshness(entry('c', 5), view), { state: 'maybe-stale', eventsBehind: 1, lastEventSequence: 6, relevantKinds: null, newerKinds: [3] });
    assert.equal(assessFreshness(entry('a', 1), view)?.state, 'stale');
    assert.equal(assessFreshness(entry('a', 1), view)?.eventsBehind, 1);
    assert.equal(assessFreshness(entry('a', 3), view)?.state, 'fresh');
    const hints = groupKindHints([entry('c', 5), entry('b', 4), entry('x', 6, undefined, 8n), entry('c', 6, undefined, 9n)], view);
    assert.deepEqual([...(hints.get(groupId(entry('c', 5).key)) ?? [])], [1]);
    assert.equal(assessFreshness(entry('a', 0), view, { groupKinds: new Set([2]) })?.eventsBehind, 3);
  });

  it('ahead, unknown entity, and no freshness for raw keys or entries without a trailer', () => {
    assert.equal(assessFreshness(entry('b', 99), view)?.state, 'ahead');
    assert.equal(assessFreshness(entry('b', 99, [1]), view)?.state, 'ahead');
    assert.equal(assessFreshness(entry('zzz', 1), view)?.state, 'unknown-entity');
    assert.equal(assessFreshness({ ...entry('a', 1), key: { layout: 'raw' } }, view), null);
    assert.equal(assessFreshness({ ...entry('a', 1), trailer: null }, view), null);
    const counts = summarizeFreshness([assessFreshness(entry('a', 3), view), assessFreshness(entry('zzz', 1), view), null]);
    assert.deepEqual(counts, { fresh: 1, stale: 0, 'maybe-stale': 0, ahead: 0, 'unknown-entity': 1, none: 1 });
  });
});

describe('freshness: a k2 entry in a store of more than 16 kinds', () => {
  const dir = path.join(tempDir(), 'store');
  const store = new TestStore(dir);
  // a: kinds 1 2 3; b: 1, then 3 (never 2); x: kinds 4 to 20 (more than are searched).
  const events: Array<[string, number]> = [['a', 1], ['a', 2], ['a', 3], ['b', 1], ['b', 3]];
  for (let kind = 4; kind <= 20; kind++) events.push(['x', kind]);
  for (const [entity, kind] of events) store.append({ entity, kind });
  const view = readStore(dir);
  const entry = (entity: string, watermark: number): Pick<EntryRecord, 'key' | 'trailer'> => ({
    key: { layout: 'k2', entity: Buffer.from(entity), typeHash: 7n, schemaVersion: 0n, kindsHash: kindsHash([1, 2]) },
    trailer: { format: 'v2', watermark: BigInt(watermark), cachedAtUs: 0n },
  });

  it('matches the projection kinds of an entity that lacks one of them, judged first or not', () => {
    // b's newer event is of kind 3, which the projection (kinds 1 and 2) does not consume.
    assert.deepEqual(assessFreshness(entry('b', 3), view), { state: 'fresh', eventsBehind: 0, lastEventSequence: 3, relevantKinds: [1, 2], newerKinds: [3] });
    assert.equal(assessFreshness(entry('a', 0), view)?.state, 'stale');
  });
});

describe('purge of every entry that is not fresh', () => {
  const scenario = 'cache-0.6-c940fd5c/stale';

  it('plans and deletes exactly the entries the manifest marks stale; fresh ones stay byte for byte', async () => {
    const root = copyFixture(scenario);
    const store = readStore(path.join(fixturesDir, scenario, 'store'));
    const files = readManifest(scenario).files;
    const stale = files.filter((f) => f.stale_vs_store).map((f) => f.path).sort();
    const selector: Selector = { kind: 'freshness', states: NOT_FRESH, store };
    const plan = await planPurge(root, selector);
    assert.equal(plan.count, stale.length);
    const before = new Map(listFiles(root).map((rel) => [rel, fs.readFileSync(path.join(root, rel))]));
    const summary = await executePurge(root, selector);
    assert.deepEqual([summary.deleted, summary.failedCount], [stale.length, 0]);
    const after = listFiles(root);
    assert.deepEqual([...before.keys()].filter((rel) => !after.includes(rel)), stale);
    for (const rel of after) assert.deepEqual(fs.readFileSync(path.join(root, rel)), before.get(rel), `${rel} unchanged`);
  });

  it('an entry batpak re-projects between plan and execute (now fresh) is kept', async () => {
    const root = copyFixture(scenario);
    const store = readStore(path.join(fixturesDir, scenario, 'store'));
    const selector: Selector = { kind: 'freshness', states: ['stale'], store };
    const file = readManifest(scenario).files.find((f) => f.stale_vs_store);
    assert.ok(file && typeof file.current_watermark === 'number');
    const planned = (await planPurge(root, selector)).count;
    // The new version carries the current watermark; batpak writes it aside and renames it over the old one.
    const abs = path.join(root, file.path);
    const bytes = fs.readFileSync(abs);
    bytes.writeBigUInt64LE(BigInt(file.current_watermark), bytes.length - 40);
    fs.writeFileSync(`${abs}.new`, bytes);
    fs.renameSync(`${abs}.new`, abs);
    const summary = await executePurge(root, selector);
    assert.equal(summary.deleted, planned - 1);
    assert.deepEqual(fs.readFileSync(abs), bytes, 'the re-projected entry stays');
  });

  it('raw keys and corrupt entries are never matched', async () => {
    const scenario = 'cache-0.6-c940fd5c/corrupt';
    const root = copyFixture(scenario);
    const store = readStore(path.join(fixturesDir, scenario, 'store'));
    const selector: Selector = { kind: 'freshness', states: NOT_FRESH, store };
    const plan = await planPurge(root, selector);
    const records: EntryRecord[] = [];
    for await (const record of walk(root)) if (record.kind === 'entry') records.push(record);
    // The fixture holds both kinds the purge must pass over, next to entries it does remove.
    const unjudged = records.filter((r) => r.key.layout === 'raw' || !r.trailer);
    assert.ok(unjudged.some((r) => r.key.layout === 'raw') && unjudged.some((r) => !r.trailer), 'the fixture has raw keys and entries without a trailer');
    // What batpak's manifest says is not fresh: behind the store, or a store key whose entity the store never saw.
    const expected = readManifest(scenario)
      .files.filter((f) => f.kind === 'cache_entry' && f.key?.entity_hex !== undefined && !f.key.parse_error && f.watermark != null)
      .filter((f) => f.stale_vs_store === true || f.current_watermark == null)
      .map((f) => f.path)
      .sort();
    assert.ok(expected.length > 0, 'some entries are not fresh');
    assert.equal(plan.count, expected.length);
    const before = listFiles(root);
    await executePurge(root, selector);
    const after = listFiles(root);
    assert.deepEqual(before.filter((rel) => !after.includes(rel)), expected);
  });
});
