/**
 * The framing shared by batpak's index files (`index.ckpt`, `index.fbati`, `visibility_ranges.fbv`): a 6-byte magic,
 * a u16 LE version and a CRC-32 (LE) of everything after byte 12.
 */
import { crc32 } from 'node:zlib';
import { IndexRole, StoreWarning } from './warnings';

export const VERSIONED_HEAD = 12;

export type Versioned = { version: number; warning?: undefined } | { version?: undefined; warning: StoreWarning };

/** Checks magic, version and CRC; the warning names the file and what is wrong with it. */
export function checkVersioned(bytes: Buffer, magic: string, supported: readonly number[], file: string, role: IndexRole): Versioned {
  if (bytes.length < VERSIONED_HEAD || bytes.toString('latin1', 0, 6) !== magic) return { warning: { code: 'index-magic', file, magic, role } };
  const version = bytes.readUInt16LE(6);
  if (!supported.includes(version)) return { warning: { code: 'index-version', file, version, role } };
  if (crc32(bytes.subarray(VERSIONED_HEAD)) !== bytes.readUInt32LE(8)) return { warning: { code: 'index-crc', file, role } };
  return { version };
}
