/**
 * One file of a cache root as the scanner reports it, and its stable JSON form (`ls --json`).
 */
import { fromHex } from './bytes';
import type { GroupNames } from './groupNames';
import { acceptedLayouts, KeyInfo, KeyJson, keyToJson, parseKey, possibleLayouts, StoreLayout } from './key';
import { ForeignReason, NameClass } from './names';
import { decodeTrailer, Trailer, trailerSize, trailerWarnings } from './trailer';

export type EntryStatus = 'ok' | 'corrupt' | 'misplaced';
/** Short codes for what is wrong with an entry. */
export type EntryProblem = 'too-short' | 'unreadable' | 'wrong-shard';
/** Short codes for what looks odd but is still read by batpak. */
export type EntryWarning = 'cached-at-implausible' | 'boot-after-cached-at' | 'key-layout-mismatch' | 'magic-in-legacy-entry';

interface FileBase {
  /** Relative to the root, `/`-separated: `<dir>/<name>`. */
  path: string;
  dir: string;
  name: string;
  size: number;
  mtimeMs: number;
}

export interface EntryRecord extends FileBase {
  kind: 'entry';
  keyHex: string;
  key: KeyInfo;
  status: EntryStatus;
  problem: EntryProblem | null;
  warnings: EntryWarning[];
  trailer: Trailer | null;
  valueLength: number | null;
}

export interface TempRecord extends FileBase {
  kind: 'temp';
  ageMs: number;
}

/** An entry a removal of ours renamed to check it, and was cut short before it deleted it or put it back. */
export interface ClaimRecord extends FileBase {
  kind: 'claim';
  ageMs: number;
  /** Where Repair puts it back (`<dir>/<hex>.bin`), or null when its name does not say (an older version's claim). */
  entryPath: string | null;
}

export interface ForeignRecord extends FileBase {
  kind: 'foreign';
  reason: ForeignReason;
}

export type FileRecord = EntryRecord | TempRecord | ClaimRecord | ForeignRecord;

/** The record of a file that is not an entry, from its name's class and its lstat. */
export function otherRecord(
  base: { path: string; dir: string; name: string },
  cls: Exclude<NameClass, { kind: 'entry' }>,
  stat: { size: number; mtimeMs: number },
  now: number,
): TempRecord | ClaimRecord | ForeignRecord {
  const facts = { ...base, size: stat.size, mtimeMs: stat.mtimeMs };
  const ageMs = Math.max(0, now - stat.mtimeMs);
  switch (cls.kind) {
    case 'temp':
      return { ...facts, kind: 'temp', ageMs };
    case 'claim':
      return { ...facts, kind: 'claim', ageMs, entryPath: cls.keyHex === null ? null : `${base.dir}/${cls.keyHex}.bin` };
    case 'foreign':
      return { ...facts, kind: 'foreign', reason: cls.reason };
  }
}

/** Which key layout the root's writer used, when known: decides keys whose bytes allow both layouts. */
export type LayoutHint = StoreLayout | undefined;

export interface EntryFacts {
  dir: string;
  name: string;
  keyHex: string;
  misplaced: boolean;
  size: number;
  mtimeMs: number;
  /** The file's last min(size, 40) bytes; undefined when the file could not be read. */
  tail: Buffer | undefined;
}

export function buildEntry(facts: EntryFacts, rootHint: LayoutHint): EntryRecord {
  const keyBytes = fromHex(facts.keyHex) ?? Buffer.alloc(0);
  let trailer = facts.tail ? (decodeTrailer(facts.tail, facts.size) ?? null) : null;
  const warnings: EntryWarning[] = [];
  if (trailer?.format === 'v2' && rootHint === 'k1' && possibleLayouts(keyBytes).includes('k1')) {
    // A k1 entry in a root batpak <= 0.6.0 wrote: those versions only write v1, so a magic at the end is a value
    // that happens to end in those bytes, and batpak reads the file as v1.
    trailer = decodeTrailer(facts.tail as Buffer, facts.size, 'v1') ?? null;
    warnings.push('magic-in-legacy-entry');
  }
  const key = parseKey(keyBytes, acceptedLayouts(rootHint, trailer ? (trailer.format === 'v2' ? 'k2' : 'k1') : undefined));
  if (trailer) warnings.push(...trailerWarnings(trailer));
  if (trailer && key.layout !== 'raw' && (key.layout === 'k2') !== (trailer.format === 'v2')) warnings.push('key-layout-mismatch');
  const problem: EntryProblem | null = facts.misplaced
    ? 'wrong-shard'
    : !facts.tail
      ? 'unreadable'
      : !trailer
        ? 'too-short'
        : null;
  const status: EntryStatus = facts.misplaced ? 'misplaced' : problem ? 'corrupt' : 'ok';
  return {
    kind: 'entry',
    path: `${facts.dir}/${facts.name}`,
    dir: facts.dir,
    name: facts.name,
    size: facts.size,
    mtimeMs: facts.mtimeMs,
    keyHex: facts.keyHex,
    key,
    status,
    problem,
    warnings,
    trailer,
    valueLength: trailer ? facts.size - trailerSize(trailer.format) : null,
  };
}

/** The `ls --json` object of a record. 64-bit numbers are decimal strings. */
export type FileJson =
  | { path: string; kind: 'temp'; size: number; ageMs: number }
  | { path: string; kind: 'claim'; size: number; ageMs: number; entryPath: string | null }
  | { path: string; kind: 'foreign'; size: number; reason: ForeignReason }
  | {
      path: string;
      kind: 'entry';
      size: number;
      keyHex: string;
      status: EntryStatus;
      problem: EntryProblem | null;
      warnings: EntryWarning[];
      trailer: 'v1' | 'v2' | null;
      valueLength: number | null;
      watermark: string | null;
      cachedAtUs: string | null;
      cachedAtMonoNs?: string;
      processBootNs?: string;
      key: KeyJson;
      /** The projection group's name, when `names` gives one. */
      projection: string | null;
    };

export function recordToJson(record: FileRecord, names?: GroupNames): FileJson {
  switch (record.kind) {
    case 'temp':
      return { path: record.path, kind: 'temp', size: record.size, ageMs: Math.round(record.ageMs) };
    case 'claim':
      return { path: record.path, kind: 'claim', size: record.size, ageMs: Math.round(record.ageMs), entryPath: record.entryPath };
    case 'foreign':
      return { path: record.path, kind: 'foreign', size: record.size, reason: record.reason };
    case 'entry': {
      const t = record.trailer;
      return {
        path: record.path,
        kind: 'entry',
        size: record.size,
        keyHex: record.keyHex,
        status: record.status,
        problem: record.problem,
        warnings: record.warnings,
        trailer: t?.format ?? null,
        valueLength: record.valueLength,
        watermark: t ? t.watermark.toString() : null,
        cachedAtUs: t ? t.cachedAtUs.toString() : null,
        ...(t?.format === 'v2'
          ? { cachedAtMonoNs: String(t.cachedAtMonoNs ?? 0n), processBootNs: String(t.processBootNs ?? 0n) }
          : {}),
        key: keyToJson(record.key),
        projection: names?.nameOf(record.key) ?? null,
      };
    }
  }
}
