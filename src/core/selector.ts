/**
 * What a purge removes. Every selector is a set of entry files; the prefix selector is batpak's `delete_prefix`
 * exactly: a plain byte prefix of the key (empty = everything; `account:1` also matches `account:10`), entries
 * only (temp files and foreign files are never matched).
 */
import { fromHex, toHex } from './bytes';
import type { AuditClass } from './census/audit';
import { cachedAgeMs } from './census/histogram';
import { CacheInputError } from './errors';
import { FreshnessState } from './freshness';
import { entityPrefix, KeyInfo } from './key';
import { isShardName } from './names';
import { EntryRecord } from './record';
import { entryFreshness } from './rootFreshness';
import { StoreView } from './store';

export type Selector =
  | { kind: 'prefix'; prefix: Buffer }
  | { kind: 'entity'; entity: Buffer }
  | { kind: 'entry'; path: string }
  /** Exactly these entries, by `<dir>/<name>`: a selection, or what a query by value matched. */
  | { kind: 'paths'; paths: ReadonlySet<string> }
  | { kind: 'shard'; shard: string }
  | { kind: 'group'; typeHash: bigint; schemaVersion: bigint; kindsHash?: bigint }
  | { kind: 'olderThan'; cutoffUs: bigint }
  /**
   * Entries whose freshness against the store (read once, when the selector is made) is one of `states`; k1 entries
   * judged with a whole-root pass's `groupKinds` hints when given, as that pass (a census) judged them.
   */
  | { kind: 'freshness'; states: readonly FreshnessState[]; store: StoreView; groupKinds?: Map<string, Set<number>> }
  /** Entries whose cached-at was [fromMs, toMs) old at `now`, as a census buckets them (an implausible one never is). */
  | { kind: 'cachedAge'; now: number; fromMs: number; toMs: number | null }
  /** Entries in one audit class, as `classOf` (auditClassifier, from a census) decides them. */
  | { kind: 'audit'; auditClass: AuditClass; classOf: (entry: EntryRecord) => AuditClass | undefined };

/** What `purge --stale` and the extension's one-click purge remove: every entry that is not fresh. */
export const NOT_FRESH: readonly FreshnessState[] = ['stale', 'maybe-stale', 'ahead', 'unknown-entity'];

/** Every entry: batpak's `delete_prefix` of the empty prefix (the CLI's `--all`, the extension's Purge All Entries…). */
export const EVERY_ENTRY: Selector = { kind: 'prefix', prefix: Buffer.alloc(0) };

/** The longest key batpak can cache: a longer one makes a file name over 255 bytes. */
export const MAX_KEY_BYTES = 125;

/** The key-hex prefix every matching file name starts with, when the selector is a name prefix. */
export function namePrefix(selector: Selector): string | undefined {
  if (selector.kind === 'prefix') return toHex(selector.prefix);
  if (selector.kind === 'entity') return toHex(entityPrefix(selector.entity));
  return undefined;
}

/**
 * The immediate subdirectories a selector can match in, or undefined for all of them. A non-empty prefix lives in one
 * shard, so purging an entity reads only that shard directory.
 */
export function selectorDirs(selector: Selector): string[] | undefined {
  if (selector.kind === 'shard') return [selector.shard];
  if (selector.kind === 'entry') return [selector.path.split('/')[0]];
  if (selector.kind === 'paths') return [...new Set([...selector.paths].map((p) => p.split('/')[0]))];
  const prefix = namePrefix(selector);
  return prefix ? [prefix.slice(0, 2)] : undefined;
}

/** Whether the selector needs the entry's trailer (read from the file) rather than its name alone. */
export function needsTrailer(selector: Selector): boolean {
  return selector.kind === 'olderThan' || selector.kind === 'freshness' || selector.kind === 'cachedAge' || selector.kind === 'audit';
}

/** Decides by name (and, for groups, the parsed key): `dir` and `keyHex` come from the file's path. */
export function matchesName(selector: Selector, dir: string, name: string, keyHex: string, key: () => KeyInfo): boolean {
  switch (selector.kind) {
    case 'prefix':
    case 'entity':
      return keyHex.startsWith(namePrefix(selector) ?? '');
    case 'entry':
      return `${dir}/${name}` === selector.path;
    case 'paths':
      return selector.paths.has(`${dir}/${name}`);
    case 'shard':
      return dir === selector.shard;
    case 'group': {
      const k = key();
      return (
        k.layout !== 'raw' &&
        k.typeHash === selector.typeHash &&
        k.schemaVersion === selector.schemaVersion &&
        (selector.kindsHash === undefined || k.kindsHash === selector.kindsHash)
      );
    }
    case 'olderThan':
    case 'cachedAge':
    case 'audit':
      return true;
    case 'freshness':
      return key().layout !== 'raw';
  }
}

/** The part of a selector decided by the entry's trailer (read from the file): age, freshness and audit class. */
export function trailerMatches(selector: Selector, entry: EntryRecord): boolean {
  const { trailer } = entry;
  if (selector.kind === 'olderThan') return !!trailer && trailer.cachedAtUs < selector.cutoffUs;
  if (selector.kind === 'audit') return selector.classOf(entry) === selector.auditClass;
  if (selector.kind === 'cachedAge') {
    const age = cachedAgeMs(entry, selector.now);
    return age !== undefined && age >= selector.fromMs && (selector.toMs === null || age < selector.toMs);
  }
  if (selector.kind !== 'freshness') return true;
  const freshness = entryFreshness(entry, selector.store, selector.groupKinds);
  return !!freshness && selector.states.includes(freshness.state);
}

// A selector is its own description: each surface words it (the CLI's selectorText, the extension's), with these two.

/** `TYPEHASH:SCHEMA[:KINDS]` in full, as `--group` takes it. */
export function groupLabel(typeHash: bigint, schemaVersion: bigint, kindsHash?: bigint): string {
  const hex = (v: bigint) => v.toString(16).padStart(16, '0');
  return `${hex(typeHash)}:${schemaVersion}${kindsHash === undefined ? '' : `:${hex(kindsHash)}`}`;
}

/** Key bytes as a person reads them in a selector: `"account:1"` when they are UTF-8 text, else `0x…`. */
export function printableKey(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? JSON.stringify(text) : `0x${toHex(bytes)}`;
}

// ---- Parsing what a person typed -------------------------------------------------------------------------------

// Each surface words the problems (errors.ts): the CLI names its flags, the extension its input boxes.

function checkLength(bytes: Buffer, what: 'prefix' | 'entity'): Buffer {
  if (bytes.length > MAX_KEY_BYTES) throw new CacheInputError('bad-selector', { code: 'key-too-long', what, bytes: bytes.length, max: MAX_KEY_BYTES });
  return bytes;
}

/** A hex prefix as typed: upper or lower case, optional 0x, spaces ignored. */
export function parsePrefixHex(input: string): Buffer {
  const hex = input.trim().replace(/^0x/i, '').replace(/\s+/g, '').toLowerCase();
  if (!/^[0-9a-f]*$/.test(hex)) throw new CacheInputError('bad-selector', { code: 'prefix-not-hex', input: clip(input) });
  if (hex.length % 2 !== 0) throw new CacheInputError('bad-selector', { code: 'prefix-odd-digits', input: clip(input), digits: hex.length });
  return checkLength(fromHex(hex) as Buffer, 'prefix');
}

export function parsePrefixText(input: string): Buffer {
  return checkLength(Buffer.from(input, 'utf8'), 'prefix');
}

export function parseEntity(input: string): Buffer {
  if (input.length === 0) throw new CacheInputError('bad-selector', { code: 'entity-empty' });
  return checkLength(Buffer.from(input, 'utf8'), 'entity');
}

export function parseShard(input: string): string {
  const shard = input.trim().toLowerCase();
  if (!isShardName(shard)) throw new CacheInputError('bad-selector', { code: 'shard-not-hex', input: clip(input) });
  return shard;
}

/** `TYPEHASH:SCHEMA[:KINDS]`, hashes in hex (0x optional), schema in decimal. */
export function parseGroup(input: string): Selector & { kind: 'group' } {
  const parts = input.trim().split(':');
  const hash = (text: string, what: 'type-hash' | 'kinds-hash'): bigint => {
    const hex = text.replace(/^0x/i, '');
    if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw new CacheInputError('bad-selector', { code: 'hash-not-hex', what, input: clip(text) });
    return BigInt('0x' + hex);
  };
  if (parts.length < 2 || parts.length > 3) throw new CacheInputError('bad-selector', { code: 'group-form', input: clip(input) });
  if (!/^\d{1,20}$/.test(parts[1]) || BigInt(parts[1]) > 0xffffffffffffffffn) {
    throw new CacheInputError('bad-selector', { code: 'schema-not-u64', input: clip(parts[1]) });
  }
  return {
    kind: 'group',
    typeHash: hash(parts[0], 'type-hash'),
    schemaVersion: BigInt(parts[1]),
    ...(parts[2] === undefined ? {} : { kindsHash: hash(parts[2], 'kinds-hash') }),
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/**
 * A duration like `90s`, `15m`, `2h`, `7d` to whole milliseconds. Every duration deletes something (a purge's age, a
 * repair's grace), so the unit is required: a bare number was milliseconds, and `15` meant as minutes made every
 * write in progress an orphan.
 */
export function parseDuration(input: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d|w)?\s*$/.exec(input);
  if (!match) throw new CacheInputError('bad-argument', { code: 'duration-not-understood', input: clip(input) });
  if (match[2] === undefined) throw new CacheInputError('bad-argument', { code: 'duration-no-unit', input: clip(input.trim()) });
  const ms = Math.round(Number(match[1]) * UNITS[match[2]]);
  if (!Number.isFinite(ms) || ms > 100 * 365 * 86_400_000) throw new CacheInputError('bad-argument', { code: 'duration-too-long', input: clip(input) });
  return ms;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
