/**
 * Purge: the plan counts what execution removes, for every selector, on copies of real fixtures; temp files, symlinks
 * and whatever lies outside the root are never touched; cancellation, permissions and concurrent rewrites are honest.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executePurge, planPurge, PurgePlan, RemovalSummary, Selector } from '../../src/core';
import { DAY_US, emptyRoot, JAN_2024_US, makeCanary, v1, v2, writeEntry } from './builders';
import { copyFixture, listFiles, ManifestFile, readManifest } from './helpers';
import { unprivilegedCli } from './unprivileged';

const V2_BASIC = 'cache-0.6-c940fd5c/basic';
const V1_BASIC = 'cache-0.3.0/basic';

interface Outcome {
  plan: PurgePlan;
  summary: RemovalSummary;
  /** Files gone from disk, as root-relative paths. */
  removed: string[];
}

async function purge(root: string, selector: Selector): Promise<Outcome> {
  const before = listFiles(root);
  const plan = await planPurge(root, selector);
  const summary = await executePurge(root, selector);
  const after = new Set(listFiles(root));
  return { plan, summary, removed: before.filter((file) => !after.has(file)) };
}

/** The plan, the summary and the disk all agree on exactly the expected files. */
function assertPurged(root: string, outcome: Outcome, expected: string[]): void {
  const { plan, summary, removed } = outcome;
  const bytes = expected.reduce((sum, rel) => sum + sizes.get(`${root}/${rel}`)!, 0);
  assert.deepEqual(removed, [...expected].sort(), 'the files removed from disk');
  assert.deepEqual([plan.count, plan.bytes, plan.unreadable], [expected.length, bytes, []], 'the plan');
  assert.deepEqual([summary.deleted, summary.bytes, summary.failedCount, summary.cancelled], [expected.length, bytes, 0, false], 'the summary');
  assert.equal(plan.sample.length, Math.min(10, expected.length));
  for (const sample of plan.sample) {
    assert.ok(expected.includes(sample.path), `sample ${sample.path} is planned`);
    assert.equal(path.basename(sample.path), `${sample.keyHex}.bin`);
  }
}

/** File sizes recorded before a purge, by absolute path. */
const sizes = new Map<string, number>();
function recordSizes(root: string): void {
  for (const rel of listFiles(root)) sizes.set(`${root}/${rel}`, fs.lstatSync(path.join(root, rel)).size);
}

function fixtureRoot(scenario: string): { root: string; entries: ManifestFile[] } {
  const root = copyFixture(scenario);
  recordSizes(root);
  return { root, entries: readManifest(scenario).files.filter((f) => f.kind === 'cache_entry') };
}

const hex = (text: string): string => Buffer.from(text).toString('hex');
const paths = (files: ManifestFile[], keep: (f: ManifestFile) => boolean): string[] => files.filter(keep).map((f) => f.path);

describe('purge: every selector on a copy of a real root', function () {
  this.timeout(20_000); // copies of real fixtures: slow on a loaded machine, never a speed assertion
  it('prefix "account:1" is a plain byte prefix: it also takes account:10 and account:11', async () => {
    const { root, entries } = fixtureRoot(V2_BASIC);
    const expected = paths(entries, (f) => f.key_hex!.startsWith(hex('account:1')));
    assert.ok(expected.some((p) => p.includes(hex('account:10'))));
    assertPurged(root, await purge(root, { kind: 'prefix', prefix: Buffer.from('account:1') }), expected);
  });

  it('the empty prefix takes every entry', async () => {
    const { root, entries } = fixtureRoot(V1_BASIC);
    assertPurged(root, await purge(root, { kind: 'prefix', prefix: Buffer.alloc(0) }), paths(entries, () => true));
  });

  it('entity account:1 takes only that entity, not account:10 whose name starts the same', async () => {
    const { root, entries } = fixtureRoot(V2_BASIC);
    const expected = paths(entries, (f) => f.key?.entity_utf8 === 'account:1');
    assert.equal(expected.length, 4);
    const outcome = await purge(root, { kind: 'entity', entity: Buffer.from('account:1') });
    assertPurged(root, outcome, expected);
    assert.ok(outcome.plan.sample.every((s) => s.label === 'account:1'), 'the sample reads as the entity');
  });

  it('entry takes exactly one file', async () => {
    const { root, entries } = fixtureRoot(V2_BASIC);
    const target = entries[5].path;
    assertPurged(root, await purge(root, { kind: 'entry', path: target }), [target]);
  });

  it('shard takes every entry of one shard directory', async () => {
    const { root, entries } = fixtureRoot(V1_BASIC);
    assertPurged(root, await purge(root, { kind: 'shard', shard: '63' }), paths(entries, (f) => f.path.startsWith('63/')));
  });

  describe('group', () => {
    const typeHash = 0x4977371ba184a5e8n;
    const kindsHash = 0xb638b4e6b346b64an;
    const inGroup = (f: ManifestFile): boolean => f.key?.type_disc_u64_hex === '0x4977371ba184a5e8' && f.key?.schema_version === 2;

    it('TYPE:SCHEMA takes the group whatever its kinds hash', async () => {
      const { root, entries } = fixtureRoot(V2_BASIC);
      const other = writeEntry(root, { entity: 'account:9', typeHash, schema: 2n, kindsHash: 0x1234n });
      recordSizes(root);
      assertPurged(root, await purge(root, { kind: 'group', typeHash, schemaVersion: 2n }), [...paths(entries, inGroup), other.rel]);
    });

    it('TYPE:SCHEMA:KINDS takes only that kinds hash', async () => {
      const { root, entries } = fixtureRoot(V2_BASIC);
      writeEntry(root, { entity: 'account:9', typeHash, schema: 2n, kindsHash: 0x1234n });
      recordSizes(root);
      const expected = paths(entries, inGroup);
      assert.equal(expected.length, 5);
      assertPurged(root, await purge(root, { kind: 'group', typeHash, schemaVersion: 2n, kindsHash }), expected);
    });

    it('in a k1 root (batpak 0.3.0) a group has no kinds hash', async () => {
      const { root, entries } = fixtureRoot(V1_BASIC);
      const expected = paths(entries, (f) => f.key?.type_disc_u64_hex === '0xa9ff25d1f10160c1' && f.key?.schema_version === 2);
      assert.equal(expected.length, 5);
      assertPurged(root, await purge(root, { kind: 'group', typeHash: 0xa9ff25d1f10160c1n, schemaVersion: 2n }), expected);
    });
  });

  it("olderThan compares the trailers' real cached-at times", async () => {
    const { root, entries } = fixtureRoot(V2_BASIC);
    const times = entries.map((f) => BigInt(String(f.cached_at_us))).sort((a, b) => (a < b ? -1 : 1));
    const cutoffUs = times[Math.floor(times.length / 2)];
    const expected = paths(entries, (f) => BigInt(String(f.cached_at_us)) < cutoffUs);
    assert.ok(expected.length > 0 && expected.length < entries.length);
    assertPurged(root, await purge(root, { kind: 'olderThan', cutoffUs }), expected);
    assert.deepEqual(fs.readdirSync(path.join(root, '61')).filter((n) => !n.endsWith('.bin')), [], 'no claimed file is left behind');
  });
});

describe('purge: what is never touched', function () {
  this.timeout(20_000); // copies of real fixtures: slow on a loaded machine, never a speed assertion
  it('temp files stay, even when their whole shard is purged', async () => {
    const root = copyFixture('cache-0.6-c940fd5c/delete_prefix');
    recordSizes(root);
    const outcome = await purge(root, { kind: 'shard', shard: '63' });
    assert.ok(outcome.summary.deleted > 0);
    assert.deepEqual(listFiles(root).filter((f) => f.startsWith('63/')), ['63/.tmprs6sHW', '63/.tmpsmOid9']);
  });

  describe('symlinks', () => {
    let root: string;
    let canary: ReturnType<typeof makeCanary>;
    beforeEach(() => {
      canary = makeCanary(); // holds files named like entries of "a", "account:1" and the raw key "a"
      root = emptyRoot();
      fs.symlinkSync(canary.dir, path.join(root, '61'));
      writeEntry(root, { key: Buffer.from('b') });
      fs.symlinkSync(path.join(canary.dir, 'canary.txt'), path.join(root, '62', '6263.bin'));
    });
    const selectors: Array<[string, Selector]> = [
      ['prefix "a" (its shard is the symlink)', { kind: 'prefix', prefix: Buffer.from('a') }],
      ['the empty prefix', { kind: 'prefix', prefix: Buffer.alloc(0) }],
      ['entity "account:1"', { kind: 'entity', entity: Buffer.from('account:1') }],
      ['entry 61/61.bin', { kind: 'entry', path: '61/61.bin' }],
      ['shard 61', { kind: 'shard', shard: '61' }],
      ['shard 62 (holds the entry-named symlink)', { kind: 'shard', shard: '62' }],
      ['the canary entries’ group', { kind: 'group', typeHash: 0x0123456789abcdefn, schemaVersion: 0n }],
      ['olderThan a cutoff after every entry', { kind: 'olderThan', cutoffUs: JAN_2024_US + DAY_US }],
    ];
    for (const [name, selector] of selectors) {
      it(`${name}: neither plans nor removes anything through a symlink`, async () => {
        const plan = await planPurge(root, selector);
        const summary = await executePurge(root, selector);
        const real = selector.kind === 'prefix' && selector.prefix.length === 0 || selector.kind === 'olderThan' || (selector.kind === 'shard' && selector.shard === '62');
        // Only 62/62.bin is a real entry of the root.
        assert.deepEqual([plan.count, summary.deleted], real ? [1, 1] : [0, 0]);
        assert.deepEqual(plan.sample.map((s) => s.path), real ? ['62/62.bin'] : []);
        canary.assertUntouched();
        assert.ok(fs.lstatSync(path.join(root, '61')).isSymbolicLink(), 'the symlinked shard is still there');
        assert.ok(fs.lstatSync(path.join(root, '62', '6263.bin')).isSymbolicLink(), 'the entry-named symlink is still there');
      });
    }
  });
});

describe('purge: interruptions and failures', () => {
  it('cancelling mid-way returns a summary whose count is exactly what left the disk', async function () {
    this.timeout(20_000);
    const root = emptyRoot();
    for (let i = 0; i < 600; i++) writeEntry(root, { key: Buffer.from([0x61, i >> 8, i & 0xff]) });
    for (let i = 0; i < 300; i++) writeEntry(root, { key: Buffer.from([0x62, i >> 8, i & 0xff]) });
    const controller = new AbortController();
    const summary = await executePurge(root, { kind: 'prefix', prefix: Buffer.alloc(0) }, { signal: controller.signal, onProgress: () => controller.abort() });
    const left = listFiles(root).length;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.deleted > 0 && summary.deleted < 900, `stopped part-way (${summary.deleted})`);
    assert.equal(summary.deleted, 900 - left, 'deleted count = files actually gone');
    assert.equal(summary.failedCount, 0);
  });

  it('a read-only shard directory: its entries fail with a reason, the rest is removed', function () {
    // Root may unlink in a 0555 directory: the purge runs in the CLI as a user permissions hold for.
    const unprivileged = unprivilegedCli(this);
    const built = emptyRoot();
    const locked = [writeEntry(built, { key: Buffer.from('a1') }), writeEntry(built, { key: Buffer.from('a2') })];
    const free = writeEntry(built, { key: Buffer.from('b1') });
    const root = unprivileged.own(built);
    fs.chmodSync(path.join(root, '61'), 0o555);
    try {
      const result = unprivileged.run(['purge', root, '--all', '--yes', '--json']);
      assert.equal(result.status, 1, result.stderr);
      const { summary } = JSON.parse(result.stdout) as { summary: { deleted: number; failedCount: number; failed: Array<{ path: string; reason: string }> } };
      assert.deepEqual([summary.deleted, summary.failedCount], [1, 2]);
      assert.deepEqual(summary.failed.map((f) => f.path).sort(), locked.map((e) => e.rel));
      for (const failure of summary.failed) assert.match(failure.reason, /permission denied/);
      assert.deepEqual(listFiles(root), locked.map((e) => e.rel), `${free.rel} is gone, the locked ones stay`);
    } finally {
      fs.chmodSync(path.join(root, '61'), 0o755);
    }
  });

  it('olderThan: an entry rewritten with a new cached-at between plan and execute is kept', async () => {
    const root = emptyRoot();
    const old = JAN_2024_US;
    const rewritten = writeEntry(root, { entity: 'user:1', kindsHash: 1n, trailer: v2(old) });
    const stale = writeEntry(root, { entity: 'user:2', kindsHash: 1n, trailer: v2(old) });
    const selector: Selector = { kind: 'olderThan', cutoffUs: old + DAY_US };
    assert.equal((await planPurge(root, selector)).count, 2);
    // batpak rewrites the entry the way it always writes: a temp file renamed over the old one.
    const fresh = writeEntry(path.join(root, '..', 'staging'), { entity: 'user:1', kindsHash: 1n, value: '{"n":2}', trailer: v2(old + 2n * DAY_US) });
    fs.renameSync(fresh.abs, rewritten.abs);
    const content = fs.readFileSync(rewritten.abs);
    const summary = await executePurge(root, selector);
    assert.deepEqual([summary.deleted, summary.skipped], [1, 1]);
    assert.ok(!fs.existsSync(stale.abs));
    assert.deepEqual(fs.readFileSync(rewritten.abs), content, 'the new version stays, unchanged');
    assert.deepEqual(listFiles(root), [rewritten.rel], 'and nothing else is left beside it');
  });

  it('olderThan: execution reads each trailer as the plan did, also a v1 value that ends in the v2 magic', async () => {
    // A root written by batpak 0.3.0 (k1 keys, v1 trailers), where one file happens to end in the v2 magic: batpak
    // reads it as v1, and so does the plan. Execution must too, or it judges another cached-at than the preview did.
    const root = emptyRoot();
    const old = ['a', 'b', 'c'].map((entity) => writeEntry(root, { entity, trailer: v1(JAN_2024_US - DAY_US) }));
    const odd = writeEntry(root, { entity: 'd', trailer: v2(JAN_2024_US + 365n * DAY_US) });
    const selector: Selector = { kind: 'olderThan', cutoffUs: JAN_2024_US };
    const plan = await planPurge(root, selector);
    const summary = await executePurge(root, selector);
    // Read as v1, its cached-at is the magic taken as a signed number: long before the cutoff.
    assert.equal(plan.count, old.length + 1, 'the plan reads the odd entry as v1, as batpak 0.3.0 does');
    assert.equal(summary.deleted, plan.count, 'execution deletes what the plan counted');
    assert.equal(fs.existsSync(odd.abs), plan.count === old.length, 'the odd entry goes exactly when the plan counted it');
  });

  it('olderThan: entries that are not old enough stay in place, byte for byte', async () => {
    const root = emptyRoot();
    const keep = [writeEntry(root, { entity: 'a', trailer: v1(JAN_2024_US + DAY_US) }), writeEntry(root, { entity: 'b', trailer: v1(JAN_2024_US) })];
    const gone = writeEntry(root, { entity: 'c', trailer: v1(JAN_2024_US - DAY_US) });
    const before = keep.map((e) => fs.readFileSync(e.abs));
    const summary = await executePurge(root, { kind: 'olderThan', cutoffUs: JAN_2024_US });
    assert.equal(summary.deleted, 1);
    assert.ok(!fs.existsSync(gone.abs));
    assert.deepEqual(keep.map((e) => fs.readFileSync(e.abs)), before);
    assert.deepEqual(listFiles(root), keep.map((e) => e.rel).sort());
  });
});
