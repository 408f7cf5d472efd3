/**
 * The framing shared by batpak's index files (`index.ckpt`, `index.fbati`, `visibility_ranges.fbv`): a 6-byte magic,
 * a u16 LE version and a CRC-32 (LE) of everything after byte 12.
 */
import { crc32 } from 'node:zlib';
import { readAtSync as readAt } from '../fileio';

export const VERSIONED_HEAD = 12;
/** What checkVersionedFile keeps of a file: its head, where the fields before the entries are. */
const HEAD = 1024 * 1024;
/** Bytes read at a time for the CRC. */
const PIECE = 4 * 1024 * 1024;

export type Versioned = { version: number; warning?: undefined } | { version?: undefined; warning: string };

/** Checks magic, version and CRC; the warning names the file and what is wrong with it. */
export function checkVersioned(bytes: Buffer, magic: string, supported: readonly number[], file: string): Versioned {
  const head = checkHead(bytes, magic, supported, file);
  if (head.warning !== undefined) return head;
  return crc32(bytes.subarray(VERSIONED_HEAD)) === bytes.readUInt32LE(8) ? head : crcWarning(file);
}

/** checkVersioned of an open file of `size` bytes, read a piece at a time; keeps its first megabyte. */
export function checkVersionedFile(fd: number, size: number, magic: string, supported: readonly number[], file: string): Versioned & { head: Buffer } {
  const head = readAt(fd, 0, Math.min(size, HEAD));
  const checked = checkHead(head, magic, supported, file);
  if (checked.warning !== undefined) return { ...checked, head };
  let crc = crc32(head.subarray(VERSIONED_HEAD));
  for (let at = head.length; at < size; at += PIECE) crc = crc32(readAt(fd, at, Math.min(PIECE, size - at)), crc);
  return crc === head.readUInt32LE(8) ? { ...checked, head } : { ...crcWarning(file), head };
}

/** Checks magic and version only (the first 12 bytes). */
export function checkHead(bytes: Buffer, magic: string, supported: readonly number[], file: string): Versioned {
  if (bytes.length < VERSIONED_HEAD || bytes.toString('latin1', 0, 6) !== magic) return { warning: `${file} does not start with ${magic}: ignored` };
  const version = bytes.readUInt16LE(6);
  return supported.includes(version) ? { version } : { warning: `${file} version ${version} is not supported yet: ignored` };
}

const crcWarning = (file: string): Versioned => ({ warning: `${file} fails its CRC check (damaged or being replaced): ignored` });
