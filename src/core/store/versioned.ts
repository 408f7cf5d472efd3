/**
 * The framing shared by batpak's index files (`index.ckpt`, `index.fbati`, `visibility_ranges.fbv`): a 6-byte magic,
 * a u16 LE version and a CRC-32 (LE) of everything after byte 12.
 */
import { crc32 } from 'node:zlib';
import { readAtSync as readAt } from '../fileio';
import { IndexRole, StoreWarning } from './warnings';

export const VERSIONED_HEAD = 12;
/** What checkVersionedFile keeps of a file: its head, where the fields before the entries are. */
const HEAD = 1024 * 1024;
/** Bytes read at a time for the CRC. */
const PIECE = 4 * 1024 * 1024;

export type Versioned = { version: number; warning?: undefined } | { version?: undefined; warning: StoreWarning };

/** Checks magic, version and CRC; the warning names the file and what is wrong with it. */
export function checkVersioned(bytes: Buffer, magic: string, supported: readonly number[], file: string, role: IndexRole): Versioned {
  const head = checkHead(bytes, magic, supported, file, role);
  if (head.warning !== undefined) return head;
  return crc32(bytes.subarray(VERSIONED_HEAD)) === bytes.readUInt32LE(8) ? head : crcWarning(file, role);
}

/** checkVersioned of an open file of `size` bytes, read a piece at a time; keeps its first megabyte. */
export function checkVersionedFile(fd: number, size: number, magic: string, supported: readonly number[], file: string, role: IndexRole): Versioned & { head: Buffer } {
  const head = readAt(fd, 0, Math.min(size, HEAD));
  const checked = checkHead(head, magic, supported, file, role);
  if (checked.warning !== undefined) return { ...checked, head };
  let crc = crc32(head.subarray(VERSIONED_HEAD));
  for (let at = head.length; at < size; at += PIECE) crc = crc32(readAt(fd, at, Math.min(PIECE, size - at)), crc);
  return crc === head.readUInt32LE(8) ? { ...checked, head } : { ...crcWarning(file, role), head };
}

/** Checks magic and version only (the first 12 bytes). */
export function checkHead(bytes: Buffer, magic: string, supported: readonly number[], file: string, role: IndexRole): Versioned {
  if (bytes.length < VERSIONED_HEAD || bytes.toString('latin1', 0, 6) !== magic) return { warning: { code: 'index-magic', file, magic, role } };
  const version = bytes.readUInt16LE(6);
  return supported.includes(version) ? { version } : { warning: { code: 'index-version', file, version, role } };
}

const crcWarning = (file: string, role: IndexRole): Versioned => ({ warning: { code: 'index-crc', file, role } });
