/**
 * What a name inside a cache root is, decided from the name and the directory entry's type alone (no I/O).
 * batpak only ever reads `<root>/<shard>/<hex>.bin`; everything else is a leftover temp file of its own, an entry one
 * of our removals claimed and did not finish with, or not batpak's at all.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';

const ENTRY_NAME = /^((?:[0-9a-f]{2})*)\.bin$/;
const TEMP_NAME = /^\.tmp[A-Za-z0-9]{6}$/;
const SHARD_NAME = /^[0-9a-f]{2}$/;
/** `.batpak-explorer-<12 hex>[-<the entry's key in base64url>].removing`; names without the key predate it. */
const CLAIM_NAME = /^\.batpak-explorer-[0-9a-f]{12}(?:-([A-Za-z0-9_-]*))?\.removing$/;

export type ForeignReason =
  | 'symlink'
  | 'not-a-regular-file'
  | 'unrecognized-name'
  | 'file-in-root'
  | 'nested-directory'
  | 'not-a-shard-directory'
  | 'name-not-utf8';

export type NameClass =
  | { kind: 'entry'; keyHex: string; misplaced: boolean }
  | { kind: 'temp' }
  /** `keyHex`: the key of the entry it was, which its name tells (null when it does not: an older version's name). */
  | { kind: 'claim'; keyHex: string | null }
  | { kind: 'foreign'; reason: ForeignReason };

export type DirentType = 'file' | 'directory' | 'symlink' | 'other';

/** The type of a listed name (a Dirent) or of an lstat (Stats). */
export function direntType(entry: Pick<Dirent, 'isSymbolicLink' | 'isDirectory' | 'isFile'>): DirentType {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  return 'other';
}

/** What Node puts in a listed name for each byte that is not UTF-8: such a name cannot be opened by that string. */
export const REPLACEMENT_CHAR = '\uFFFD';

/**
 * A name that is not valid UTF-8, for people and for record paths: printable ASCII as is, every other byte (and the
 * backslash) as `\xHH`. batpak's names are ASCII, so such a name is never batpak's.
 */
export function escapedName(raw: Uint8Array): string {
  let out = '';
  for (const byte of raw) out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

export function isShardName(name: string): boolean {
  return SHARD_NAME.test(name);
}

/** The key hex of an entry file name, or undefined when the name is not `<even-length lowercase hex>.bin`. */
export function entryKeyHex(name: string): string | undefined {
  return ENTRY_NAME.exec(name)?.[1];
}

/**
 * The name a removal renames an entry to while it checks it one last time (`keyHex`: the entry's key). It carries the
 * key, so that when the removal is cut short (a kill, a crash) Repair can put the file back under its entry name: in
 * base64url, as the longest key (125 bytes) in hex would make a name over 255 bytes. batpak ignores the name.
 */
export function claimName(keyHex: string | undefined): string {
  const key = keyHex === undefined ? '' : `-${Buffer.from(keyHex, 'hex').toString('base64url')}`;
  return `.batpak-explorer-${randomBytes(6).toString('hex')}${key}.removing`;
}

/** The key hex a claim name carries: null for a name without one (or one no claimName makes), undefined when it is not a claim name. */
function claimedKeyHex(name: string): string | null | undefined {
  const match = CLAIM_NAME.exec(name);
  if (!match) return undefined;
  if (match[1] === undefined) return null;
  const key = Buffer.from(match[1], 'base64url');
  return key.toString('base64url') === match[1] ? key.toString('hex') : null;
}

/** Classifies a name found directly inside the immediate subdirectory `dir` of a root. */
export function classifyName(dir: string, name: string, type: DirentType): NameClass {
  if (type === 'symlink') return { kind: 'foreign', reason: 'symlink' };
  if (type === 'directory') return { kind: 'foreign', reason: 'nested-directory' };
  // batpak writes only into shard directories; files in other directories are someone else's, whatever their name.
  if (!isShardName(dir)) return { kind: 'foreign', reason: 'not-a-shard-directory' };
  const keyHex = entryKeyHex(name);
  if (keyHex !== undefined) {
    if (type !== 'file') return { kind: 'foreign', reason: 'not-a-regular-file' };
    // The empty key lives in `00/.bin`; every other key in the directory named by its first byte.
    const expectedDir = keyHex.length === 0 ? '00' : keyHex.slice(0, 2);
    return { kind: 'entry', keyHex, misplaced: expectedDir !== dir };
  }
  if (TEMP_NAME.test(name)) return type === 'file' ? { kind: 'temp' } : { kind: 'foreign', reason: 'not-a-regular-file' };
  const claimed = claimedKeyHex(name);
  if (claimed !== undefined) return type === 'file' ? { kind: 'claim', keyHex: claimed } : { kind: 'foreign', reason: 'not-a-regular-file' };
  return { kind: 'foreign', reason: 'unrecognized-name' };
}
