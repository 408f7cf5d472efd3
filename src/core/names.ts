/**
 * What a name inside a cache root is, decided from the name and the directory entry's type alone (no I/O).
 * batpak only ever reads `<root>/<shard>/<hex>.bin`; everything else is either a leftover temp file of its own or
 * not batpak's at all.
 */
import type { Dirent } from 'node:fs';

const ENTRY_NAME = /^((?:[0-9a-f]{2})*)\.bin$/;
const TEMP_NAME = /^\.tmp[A-Za-z0-9]{6}$/;
const SHARD_NAME = /^[0-9a-f]{2}$/;

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
  | { kind: 'foreign'; reason: ForeignReason };

export type DirentType = 'file' | 'directory' | 'symlink' | 'other';

export function direntType(entry: Dirent | Dirent<Buffer>): DirentType {
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
  return { kind: 'foreign', reason: 'unrecognized-name' };
}
