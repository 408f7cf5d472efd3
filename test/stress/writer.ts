/**
 * A stand-in for a live batpak service, run as its own process: it writes entries the way batpak's NativeCache does
 * (a `.tmpXXXXXX` file created with mode 0600 in the shard directory, renamed over the final name, no fsync), as fast
 * as it can, until its stdin closes.
 *
 * - It rewrites entries with higher watermarks and creates new ones (v2 trailers, k2 store keys and some raw keys);
 *   a fraction of cached_at values lie hours or days back, so age-based purges have something on both sides.
 * - Some writes are slow (a pause between two halves of the temp file); some "die" mid-write: the temp file is left
 *   behind, half written, with a recent mtime, and the writer carries on.
 * - Every completed rename is logged (one JSON line, append-only) with the path, watermark, cached_at, size and a
 *   version id that the value also holds, so the harness can tell which version of a file any bytes are. A rename
 *   or write that fails because the temp file vanished (someone deleted a write in progress) is logged as `f`.
 *
 * Usage: node writer.js ROOT LOG SEED [orphanRate] [slowRate] [maxSlowMs] [prefill]
 * Prints `ready` once `prefill` writes are done; logs `{"t":"end",...}` and exits 0 when stdin closes.
 */
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeTrailer } from '../../src/core';
import { keySpace, pick, prng } from './keyspace';

const [root, logPath, seedArg, orphanArg, slowArg, maxSlowArg, prefillArg] = process.argv.slice(2);
if (!root || !logPath) {
  console.error('usage: writer.js ROOT LOG SEED [orphanRate] [slowRate] [maxSlowMs] [prefill]');
  process.exit(2);
}
const random = prng(Number(seedArg ?? 1));
const orphanRate = Number(orphanArg ?? 0.003);
const slowRate = Number(slowArg ?? 0.01);
const maxSlowMs = Number(maxSlowArg ?? 20);
const prefill = Number(prefillArg ?? 0);

const specs = keySpace();
const watermarks = new Map<string, bigint>();
const madeDirs = new Set<string>();
/** A long-running service: booted 4 days ago, so even back-dated cached_at values come after its boot. */
const bootNs = (BigInt(Date.now()) - 4n * 86_400_000n) * 1_000_000n;
const HOUR_US = 3_600_000_000n;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const log = fs.openSync(logPath, 'a');
let pending: string[] = [];
const counts = { writes: 0, orphans: 0, slow: 0, failed: 0 };
let version = 0;
let stopping = false;

function flush(): void {
  if (pending.length === 0) return;
  fs.writeSync(log, pending.join(''));
  pending = [];
}

function note(entry: object): void {
  pending.push(`${JSON.stringify(entry)}\n`);
}

function tempName(): string {
  let name = '.tmp';
  for (let i = 0; i < 6; i++) name += ALNUM[randomInt(ALNUM.length)];
  return name;
}

function nextWatermark(keyHex: string): bigint {
  // Some keys start near the top of u64 (values beyond 2^53 occur in real caches).
  const known = watermarks.get(keyHex) ?? (random() < 0.2 ? 0xffffffff00000000n : BigInt(Math.floor(random() * 1000)));
  const next = known + BigInt(1 + Math.floor(random() * 5));
  watermarks.set(keyHex, next);
  return next;
}

function cachedAtUs(): bigint {
  const now = BigInt(Date.now()) * 1000n + BigInt(randomInt(1000));
  // 30 % back-dated by up to 72 hours: clock steps, replays of old state.
  return random() < 0.3 ? now - BigInt(Math.floor(random() * 72 * Number(HOUR_US))) : now;
}

function valueBytes(v: number, keyHex: string): Buffer {
  const pad = 'x'.repeat(Math.floor(random() * 200));
  return Buffer.from(JSON.stringify({ v, k: keyHex, n: Math.floor(random() * 1e6), pad }));
}

/** Opens a fresh temp file in the shard directory, exclusively, mode 0600 (a name clash picks another name). */
function openTemp(dir: string): { fd: number; file: string } {
  for (;;) {
    const file = path.join(dir, tempName());
    try {
      return { fd: fs.openSync(file, 'wx', 0o600), file };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function writeOne(): void {
  const spec = pick(random, specs);
  const shardDir = path.join(root, spec.rel.slice(0, 2));
  if (!madeDirs.has(shardDir)) {
    fs.mkdirSync(shardDir, { recursive: true }); // batpak creates shard directories lazily and never removes them
    madeDirs.add(shardDir);
  }
  const roll = random();
  const { fd, file } = openTemp(shardDir);
  const tempRel = `${spec.rel.slice(0, 2)}/${path.basename(file)}`;
  const v = ++version;
  const watermark = nextWatermark(spec.keyHex);
  const at = cachedAtUs();
  const bytes = Buffer.concat([
    valueBytes(v, spec.keyHex),
    encodeTrailer({ format: 'v2', watermark, cachedAtUs: at, cachedAtMonoNs: process.hrtime.bigint(), processBootNs: bootNs }),
  ]);
  const half = Math.floor(bytes.length / 2);
  if (roll < orphanRate) {
    // The process "dies" here: half the bytes are written, the rename never happens.
    fs.writeSync(fd, bytes, 0, half);
    const { mtimeMs } = fs.fstatSync(fd);
    fs.closeSync(fd);
    counts.orphans++;
    note({ t: 'o', p: tempRel, sz: half, mt: mtimeMs, at: Date.now() });
    return;
  }
  try {
    if (roll < orphanRate + slowRate) {
      fs.writeSync(fd, bytes, 0, half);
      Atomics.wait(sleeper, 0, 0, 1 + Math.floor(random() * maxSlowMs));
      fs.writeSync(fd, bytes, half);
      counts.slow++;
    } else {
      fs.writeSync(fd, bytes);
    }
    fs.closeSync(fd);
    fs.renameSync(file, path.join(root, spec.rel));
  } catch (error) {
    // The temp file was deleted under a write in progress: exactly what repair must never do.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw error;
    counts.failed++;
    note({ t: 'f', p: tempRel, code, at: Date.now() });
    return;
  }
  counts.writes++;
  note({ t: 'w', v, p: spec.rel, wm: watermark.toString(), ca: at.toString(), sz: bytes.length, at: Date.now() });
}

async function main(): Promise<void> {
  process.stdin.on('end', () => (stopping = true));
  process.stdin.on('close', () => (stopping = true));
  process.stdin.resume();
  process.on('SIGTERM', () => (stopping = true));
  try {
    while (counts.writes + counts.failed < prefill) writeOne();
    flush();
    process.stdout.write('ready\n');
    while (!stopping) {
      for (let i = 0; i < 64; i++) writeOne();
      flush();
      await new Promise((resolve) => setImmediate(resolve)); // lets the stop signal in; the loop itself never sleeps
    }
  } finally {
    note({ t: 'end', ...counts });
    flush();
    fs.closeSync(log);
  }
  process.exit(0);
}

void main();
