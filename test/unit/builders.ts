/** Builders for the unit tests: entry files written with the core's own encoders, canaries, FIFOs, run counts. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeStoreKey, encodeTrailer, entryPath, toHex, Trailer } from '../../src/core';
import { tempDir } from './helpers';

/** Root ignores file permissions: tests about EACCES assert differently (or skip) when running as root. */
export const runningAsRoot = process.getuid?.() === 0;

/** 2024-01-01T00:00:00Z in microseconds: a plausible cached_at. */
export const JAN_2024_US = 1_704_067_200_000_000n;
export const DAY_US = 86_400_000_000n;

export function v1(cachedAtUs = JAN_2024_US, watermark = 7n): Trailer {
  return { format: 'v1', watermark, cachedAtUs };
}

export function v2(cachedAtUs = JAN_2024_US, watermark = 7n): Trailer {
  return { format: 'v2', watermark, cachedAtUs, cachedAtMonoNs: 123n, processBootNs: (cachedAtUs - 1_000_000n) * 1000n };
}

export interface EntrySpec {
  /** The entity of a store key; ignored when `key` is given. */
  entity?: string | Buffer;
  /** Raw key bytes, used as they are. */
  key?: Buffer;
  typeHash?: bigint;
  schema?: bigint;
  /** Given: a k2 key. Absent: a k1 key. */
  kindsHash?: bigint;
  value?: string | Buffer;
  trailer?: Trailer;
}

export interface WrittenEntry {
  keyHex: string;
  /** `<shard>/<hex>.bin`, relative to the root. */
  rel: string;
  abs: string;
  size: number;
}

export function keyOf(spec: EntrySpec): Buffer {
  return spec.key ?? encodeStoreKey(Buffer.from(spec.entity ?? 'user:1'), spec.typeHash ?? 0x0123456789abcdefn, spec.schema ?? 0n, spec.kindsHash);
}

/** The trailer's bytes: v2 for k2 keys and v1 for k1, unless told. */
function trailerBytes(spec: EntrySpec): Buffer {
  return encodeTrailer(spec.trailer ?? (spec.kindsHash === undefined ? v1() : v2()));
}

/** The bytes of an entry file: value ++ trailer. */
export function entryBytes(spec: EntrySpec = {}): Buffer {
  return Buffer.concat([Buffer.from(spec.value ?? '{"n":1}'), trailerBytes(spec)]);
}

/** Writes one entry file exactly where batpak would. */
export function writeEntry(root: string, spec: EntrySpec = {}): WrittenEntry {
  const keyHex = toHex(keyOf(spec));
  const rel = entryPath(keyHex);
  const bytes = entryBytes(spec);
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, bytes);
  return { keyHex, rel, abs, size: bytes.length };
}

/** An entry of `size` bytes whose value is a hole (a sparse file: a gigabyte costs nothing to make), where batpak would put it. */
export function sparseEntry(root: string, spec: EntrySpec, size: number): string {
  const file = path.join(root, entryPath(toHex(keyOf(spec))));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const trailer = trailerBytes(spec);
  const fd = fs.openSync(file, 'w');
  try {
    fs.ftruncateSync(fd, size);
    fs.writeSync(fd, trailer, 0, trailer.length, size - trailer.length);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** A fresh, empty cache root inside a temporary directory (its parent is free for canaries). */
export function emptyRoot(): string {
  const root = path.join(tempDir(), 'cache');
  fs.mkdirSync(root);
  return root;
}

export function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/**
 * A directory outside every root, holding files named like entries of shard `61` (prefix "a"). Whatever a test
 * does to a root that links to it, `assertUntouched` checks that every file is still there, byte for byte.
 */
export function makeCanary(): { dir: string; assertUntouched: () => void } {
  const dir = path.join(tempDir('bce-canary-'), 'canary');
  fs.mkdirSync(dir);
  for (const spec of [{ entity: 'a' }, { entity: 'account:1' }, { key: Buffer.from('a') }]) {
    fs.writeFileSync(path.join(dir, `${toHex(keyOf(spec))}.bin`), entryBytes(spec));
  }
  fs.writeFileSync(path.join(dir, 'canary.txt'), 'do not touch');
  const before = snapshot(dir);
  return { dir, assertUntouched: () => assert.deepEqual(snapshot(dir), before, 'the canary outside the root is untouched') };
}

/** Every non-directory under `dir` with its content (hex) or link target. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    const abs = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, abs);
    if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(abs)}`;
    else if (entry.isFile()) out[rel] = fs.readFileSync(abs).toString('hex');
    else if (!entry.isDirectory()) out[rel] = 'special';
  }
  return out;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Runs per property: small by default so `npm test` stays fast; `FUZZ_RUNS=20000` for a long run. */
export function fuzzRuns(): number {
  const runs = Number(process.env.FUZZ_RUNS ?? '');
  return Number.isInteger(runs) && runs > 0 ? runs : 200;
}

/** Sets a file's mtime (and atime) `ageMs` before now. */
export function age(file: string, ageMs: number): void {
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
}
