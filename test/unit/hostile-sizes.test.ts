/**
 * Hostile sizes: a 1 GiB value (a sparse file: it costs no disk) and a shard of 100,000 files. Every operation
 * completes, stays fast (generous bounds: the machine is shared) and bounded in memory, and the event loop keeps
 * turning. `BIG_SHARD_FILES` sets the shard's size (default 10,000). The figures measured are printed.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  collectStats,
  diagnose,
  entryPath,
  executePurge,
  inspectFile,
  isPartialValue,
  listEntries,
  planPurge,
  repair,
  toHex,
  VALUE_WINDOW,
  walk,
} from '../../src/core';
import { collect, emptyRoot, entryBytes, keyOf, sparseEntry, v2, writeEntry } from './builders';
import { repoRoot, tempDir } from './helpers';

const GIB = 2 ** 30;
const MB = 2 ** 20;
const cli = path.join(repoRoot, 'dist', 'cli.js');

/** Runs `fn`, prints how long it took, and checks it took less than `boundMs`. */
async function timed<T>(label: string, boundMs: number, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  console.log(`      ${label}: ${Math.round(ms)} ms`);
  assert.ok(ms < boundMs, `${label} took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  return result;
}

/** The CLI run in a child that reports its peak resident memory (KB) on stderr as it exits. */
function runMeasured(args: string[]): { status: number | null; stdout: string; stderr: string; maxRssMb: number } {
  const preload = path.join(tempDir('bce-rss-'), 'rss.js');
  fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write(`\\nmaxrss=${process.resourceUsage().maxRSS}\\n`));\n");
  const result = spawnSync(process.execPath, ['--require', preload, cli, ...args], { encoding: 'utf8', input: '', maxBuffer: 256 * MB });
  const rss = /maxrss=(\d+)/.exec(result.stderr);
  assert.ok(rss, result.stderr);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, maxRssMb: Number(rss[1]) / 1024 };
}

describe('hostile sizes: a 1 GiB value (sparse file)', function () {
  this.timeout(60_000);
  let root: string;
  let big: string;
  before(() => {
    root = emptyRoot();
    writeEntry(root, { entity: 'small:1', kindsHash: 9n });
    big = sparseEntry(root, { entity: 'big:1', kindsHash: 9n, trailer: v2(BigInt(Date.now()) * 1000n, 4242n) }, GIB);
  });

  it('scan, stats, a page, a purge plan and a repair diagnosis read only its trailer', async () => {
    const records = await timed('walk', 5_000, () => collect(walk(root)));
    const record = records.find((r) => r.path === path.relative(root, big));
    assert.ok(record?.kind === 'entry' && record.trailer?.format === 'v2');
    assert.equal(record.trailer.watermark, 4242n);
    assert.equal(record.valueLength, GIB - 40);
    const stats = await timed('stats', 5_000, () => collectStats(root));
    assert.equal(stats.entries, 2);
    assert.ok(stats.bytes > GIB);
    const shard = path.basename(path.dirname(big));
    const listing = await timed('listing', 5_000, () => listEntries(root, { selectors: [{ kind: 'shard', shard }], layout: undefined }));
    assert.equal((await timed('first page', 5_000, () => listing.page(0, 500))).length, 1);
    const plan = await timed('purge plan', 5_000, () => planPurge(root, { kind: 'entity', entity: Buffer.from('big:1') }));
    assert.equal(plan.count, 1);
    assert.equal(plan.bytes, GIB);
    assert.equal((await timed('repair diagnosis', 5_000, () => diagnose(root))).categories.corrupt.count, 0);
  });

  it('inspectFile reads the trailer and the first 16 MiB of the value: memory stays bounded', async () => {
    const before = process.memoryUsage().rss;
    const inspected = await timed('inspectFile', 5_000, () => inspectFile(big));
    const grownMb = (process.memoryUsage().rss - before) / MB;
    console.log(`      inspectFile: resident memory grew ${grownMb.toFixed(1)} MB`);
    assert.ok(grownMb < 100, `grew ${grownMb} MB`);
    assert.equal(inspected.value?.length, VALUE_WINDOW);
    assert.equal(inspected.valueLength, GIB - 40);
    assert.ok(isPartialValue(inspected));
    assert.ok(inspected.record.kind === 'entry' && inspected.record.trailer?.watermark === 4242n);
  });

  it('a value just over the window is cut, one within it is read whole', async () => {
    const dir = emptyRoot();
    const { abs } = writeEntry(dir, { entity: 'x', kindsHash: 1n, value: Buffer.alloc(1000, 0x41) });
    const cut = await inspectFile(abs, undefined, Date.now(), 999);
    assert.deepEqual([cut.value?.length, cut.valueLength, isPartialValue(cut)], [999, 1000, true]);
    const whole = await inspectFile(abs, undefined, Date.now(), 1000);
    assert.deepEqual([whole.value?.toString(), whole.valueLength, isPartialValue(whole)], ['A'.repeat(1000), 1000, false]);
    const temp = path.join(dir, path.dirname(path.relative(dir, abs)), '.tmpABCDEF');
    fs.writeFileSync(temp, entryBytes({ value: 'y'.repeat(100) }));
    const tempCut = await inspectFile(temp, undefined, Date.now(), 10);
    assert.deepEqual([tempCut.value?.toString(), tempCut.valueLength], ['y'.repeat(10), fs.statSync(temp).size]);
  });

  it('show prints the size and the trailer, says why it does not decode the value, and stays small in memory', () => {
    const small = runMeasured(['show', path.join(root, writeEntry(root, { entity: 'small:2', kindsHash: 9n }).rel)]);
    const shown = runMeasured(['show', big]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /Watermark\s+4242/);
    assert.match(shown.stdout, /Value \(1.0 GB, not decoded: show reads only the first 16 MB of a value\)/);
    assert.match(shown.stdout, /xxd -l 1073741784 '/);
    const json = runMeasured(['show', big, '--json']);
    assert.equal(json.status, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { valueHex: string; valueTruncated: boolean; value: unknown; watermark: string; valueLength: number };
    assert.equal(parsed.valueHex.length, 2 * VALUE_WINDOW);
    assert.deepEqual([parsed.valueTruncated, parsed.value, parsed.watermark, parsed.valueLength], [true, { format: 'too-large', json: null }, '4242', GIB - 40]);
    console.log(`      show: peak memory ${small.maxRssMb.toFixed(0)} MB for a small value, ${shown.maxRssMb.toFixed(0)} MB (text), ${json.maxRssMb.toFixed(0)} MB (--json) for 1 GiB`);
    assert.ok(json.maxRssMb - small.maxRssMb < 100, `show --json took ${json.maxRssMb - small.maxRssMb} MB more`);
    assert.ok(shown.maxRssMb - small.maxRssMb < 100);
  });

  it('a purge of its entity deletes it, and repair leaves it alone', async () => {
    assert.equal((await timed('repair', 5_000, () => repair(root))).deleted, 0);
    const summary = await timed('purge', 5_000, () => executePurge(root, { kind: 'entity', entity: Buffer.from('big:1') }));
    assert.deepEqual([summary.deleted, summary.bytes, summary.failedCount], [1, GIB, 0]);
    assert.equal(fs.existsSync(big), false);
  });
});

/** 10,000 in every test run; `BIG_SHARD_FILES=100000` for the full case (about 25 s, most of it making the files). */
const SHARD_FILES = Number(process.env.BIG_SHARD_FILES ?? 10_000);
const PAGE = 500;

describe(`hostile sizes: ${SHARD_FILES.toLocaleString('en')} files in one shard`, function () {
  this.timeout(0);
  let root: string;
  let names: string[];
  before(function () {
    this.timeout(300_000);
    root = emptyRoot();
    const started = performance.now();
    // Entities a0, a1, ...: every key starts with "a", so all of them land in shard 61.
    fs.mkdirSync(path.join(root, '61'));
    for (let i = 0; i < SHARD_FILES; i++) {
      const spec = { entity: `a${i}`, kindsHash: BigInt(i % 3) };
      fs.writeFileSync(path.join(root, entryPath(toHex(keyOf(spec)))), entryBytes(spec));
    }
    names = fs.readdirSync(path.join(root, '61')).sort();
    assert.equal(names.length, SHARD_FILES);
    console.log(`      made ${SHARD_FILES} entries in ${Math.round(performance.now() - started)} ms`);
  });

  it('stats completes, and the event loop keeps turning meanwhile', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const stats = await timed('stats', 60_000, () => collectStats(root));
    delay.disable();
    const maxMs = delay.max / 1e6;
    console.log(`      stats: longest event-loop stall ${Math.round(maxMs)} ms, 99th percentile ${Math.round(delay.percentile(99) / 1e6)} ms`);
    assert.equal(stats.entries, SHARD_FILES);
    assert.ok(maxMs < 2_000, `the event loop stalled for ${maxMs} ms`);
  });

  it("the tree's first page and its tenth Load more open only the files of their page (their access times move, no other)", async function () {
    // The file system updates a file's access time on a read when it is older than its modification time.
    const old = new Date('2001-01-01T00:00:00Z');
    const age = (watched: string[]): void => {
      for (const name of watched) {
        const file = path.join(root, '61', name);
        fs.utimesSync(file, old, fs.statSync(file).mtime);
      }
    };
    const read = (name: string): boolean => fs.statSync(path.join(root, '61', name)).atimeMs > old.getTime();
    const others = (from: number): string[] => names.filter((_, i) => (i < from || i >= from + PAGE) && i % 97 === 0);
    age([...names.slice(0, PAGE), ...others(0)]);
    // What a shard node of the tree calls: one listing, then a page of it per Load more.
    const listing = await timed('listing', 10_000, () => listEntries(root, { selectors: [{ kind: 'shard', shard: '61' }], layout: 'k2' }));
    assert.equal(listing.total, SHARD_FILES);
    const first = await timed('first page', 10_000, () => listing.page(0, PAGE));
    assert.deepEqual(first.map((r) => r.name), names.slice(0, PAGE));
    if (!read(names[0])) this.skip(); // mounted noatime: reads leave no trace to check
    assert.ok(names.slice(0, PAGE).every(read), 'every file of the page was read');
    assert.deepEqual(others(0).filter(read), [], 'no file beyond the page was read');
    const tenth = names.slice(10 * PAGE, 11 * PAGE);
    age([...names.slice(0, 11 * PAGE), ...others(10 * PAGE)]);
    const more = await timed('tenth Load more', 10_000, () => listing.page(10 * PAGE, PAGE));
    assert.deepEqual(more.map((r) => r.name), tenth);
    assert.ok(tenth.every(read), 'every file of the tenth page was read');
    assert.deepEqual([...names.slice(0, 10 * PAGE), ...others(10 * PAGE)].filter(read), [], 'no file shown before, and none beyond, was read again');
  });

  it('a purge of one entity plans and deletes exactly its entry', async () => {
    const selector = { kind: 'entity' as const, entity: Buffer.from('a4242') };
    const plan = await timed('purge plan (entity)', 30_000, () => planPurge(root, selector));
    assert.equal(plan.count, 1);
    const summary = await timed('purge (entity)', 30_000, () => executePurge(root, selector));
    assert.deepEqual([summary.deleted, summary.failedCount], [1, 0]);
    assert.equal(fs.readdirSync(path.join(root, '61')).length, SHARD_FILES - 1);
  });

  it('a repair dry run (diagnosis) completes and finds nothing to fix', async () => {
    const diagnosis = await timed('repair diagnosis', 60_000, () => diagnose(root));
    assert.deepEqual([diagnosis.categories.corrupt.count, diagnosis.categories.misplaced.count, diagnosis.issues.length], [0, 0, 0]);
  });
});
