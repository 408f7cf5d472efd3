/**
 * The census scan in worker threads: the same statistics as a walk on one thread, whatever the number of threads and
 * the order directories finish in; histograms that count what the manifests hold; failures that arrive as the
 * errors they were.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGE_EDGES_MS, CacheInputError, collectStats, Foreground, RootStats, scanCensus, SIZE_EDGES, statsToJson } from '../../src/core';
import { emptyRoot, writeEntry } from './builders';
import { fixturesDir, readManifest, scenarios } from './helpers';
import { readable } from './upgrades';

/** The statistics as `stats --json` prints them, without what depends on the clock. */
function comparable(stats: RootStats): object {
  return { ...statsToJson(stats), durationMs: 0, temp: { ...stats.temp, oldestAgeMs: 0, newestAgeMs: 0 } };
}

/** Where a value falls among a histogram's edges. */
function bucket(edges: readonly number[], value: number): number {
  let at = edges.length - 1;
  while (value < edges[at]) at--;
  return at;
}

describe('census: scanned in worker threads', function () {
  this.timeout(60_000);

  for (const scenario of scenarios()) {
    // One thread too for one scenario: the merge is the same code whatever the count.
    const counts = scenario === 'cache-0.6-c940fd5c/adversarial' ? [1, 3] : [2];
    it(`${scenario}: the statistics of a walk on one thread, on ${counts.join(' and on ')} threads`, async () => {
      const root = path.join(fixturesDir, scenario, 'cache');
      const expected = comparable(await collectStats(root));
      for (const threads of counts) assert.deepEqual(comparable((await scanCensus(root, { threads })).stats), expected, `${threads} threads`);
    });
  }

  it('cache-0.6-c940fd5c/delete_prefix: sizes and cached-at ages in the buckets the manifest puts them in', async () => {
    const scenario = 'cache-0.6-c940fd5c/delete_prefix';
    const manifest = readManifest(scenario);
    const now = Date.parse('2026-12-01T00:00:00Z');
    const census = await scanCensus(path.join(fixturesDir, scenario, 'cache'), { now });
    const entries = manifest.files.filter((f) => f.kind === 'cache_entry');
    const sizes = SIZE_EDGES.map(() => 0);
    for (const f of entries) sizes[bucket(SIZE_EDGES, f.file_len)]++;
    assert.deepEqual(census.sizes, { edges: SIZE_EDGES, counts: sizes, below: 0 });
    // Plausible cached-at (2000 to 2200) of the files batpak read a trailer from.
    const dated = entries.filter((f) => readable(f) || f.status === 'damaged' || f.status === 'non_json_value').map((f) => BigInt(String(f.cached_at_us)));
    const plausible = dated.filter((us) => us >= 946_684_800_000_000n && us < 7_258_118_400_000_000n);
    const ages = AGE_EDGES_MS.map(() => 0);
    for (const us of plausible) ages[bucket(AGE_EDGES_MS, now - Number(us) / 1000)]++;
    assert.deepEqual(census.cachedAtAges.counts, ages);
    assert.equal(census.undatedEntries, entries.length - plausible.length);
  });

  it('a root that does not exist, and a store directory without segments, reject as the errors they are', async () => {
    await assert.rejects(scanCensus(path.join(emptyRoot(), 'missing')), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
    await assert.rejects(scanCensus(emptyRoot(), { storeDir: emptyRoot() }), (error: unknown) => error instanceof CacheInputError && error.problem?.code === 'store-without-segments');
  });

  it('an aborted scan rejects with the signal reason and leaves no worker running', async () => {
    const controller = new AbortController();
    const scan = scanCensus(path.join(fixturesDir, 'cache-0.3.0', 'adversarial', 'cache'), { signal: controller.signal });
    controller.abort(new Error('stop'));
    await assert.rejects(scan, /stop/);
  });

  it('background: its worker threads run at nice 10, the calling thread as it was (Linux)', async function () {
    if (process.platform !== 'linux') this.skip();
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (the name before it may hold spaces).
    const nices = (): number[] =>
      fs.readdirSync('/proc/self/task').map((tid) => Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]));
    const seen = new Set<number>();
    await scanCensus(path.join(fixturesDir, 'cache-0.3.0', 'basic', 'cache'), { background: true, onProgress: () => nices().forEach((nice) => seen.add(nice)) });
    assert.ok(seen.has(10), `a thread at nice 10 (seen: ${[...seen].join(', ')})`);
    assert.equal(nices()[0], 0, 'this thread keeps its priority');
  });

  it('waits while foreground work runs, and reports its progress directory by directory', async () => {
    const root = emptyRoot();
    for (let i = 0; i < 40; i++) writeEntry(root, { entity: `${String.fromCharCode(97 + (i % 20))}:${i}` });
    const foreground = new Foreground();
    let release: () => void = () => undefined;
    const held = foreground.run(() => new Promise<void>((resolve) => (release = resolve)));
    const seen: number[] = [];
    const scan = scanCensus(root, { yieldTo: foreground, onProgress: (p) => seen.push(p.dirsDone) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(seen, [], 'no directory is scanned while foreground work runs');
    release();
    await held;
    assert.equal((await scan).stats.entries, 40);
    assert.deepEqual(seen, Array.from({ length: fs.readdirSync(root).length }, (_, i) => i + 1));
  });
});
