/**
 * MessagePack as batpak's store writes it (rmp-serde, named mode): maps keyed by field name, integers in their
 * smallest encoding. 64-bit integers decode as BigInt (segment headers hold nanosecond timestamps above 2^53).
 */
import { Decoder } from '@msgpack/msgpack';
import { u16be, u32be } from '../bytes';

const decoder = new Decoder({ useBigInt64: true });

/** The decoded value, or undefined when the bytes are not exactly one MessagePack value. */
export function decodeMsgpack(bytes: Uint8Array): unknown {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export type MsgMap = Record<string, unknown>;

export function asMap(value: unknown): MsgMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as MsgMap) : undefined;
}

export function field(map: MsgMap | undefined, name: string): unknown {
  return map && Object.hasOwn(map, name) ? map[name] : undefined;
}

/** A non-negative integer of any encoding as a BigInt, or undefined. */
export function asUint(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n ? value : undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
}

export function asStringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((s) => typeof s === 'string') ? (value as string[]) : undefined;
}

/**
 * Where the MessagePack value at `at` ends, without decoding it (a frame's payload can be megabytes of small ints
 * that are never needed); -1 when the bytes end (or `end` comes) first or hold the unused tag 0xc1. Iterative:
 * nesting costs nothing.
 */
export function skipValue(bytes: Uint8Array, at: number, end = bytes.length): number {
  let pending = 1;
  while (pending > 0) {
    if (at >= end) return -1;
    const tag = bytes[at++];
    pending--;
    let skip = 0;
    if (tag <= 0x7f || tag >= 0xe0 || tag === 0xc0 || tag === 0xc2 || tag === 0xc3) skip = 0;
    else if (tag <= 0x8f) pending += 2 * (tag & 0x0f);
    else if (tag <= 0x9f) pending += tag & 0x0f;
    else if (tag <= 0xbf) skip = tag & 0x1f;
    else {
      const size = LENGTH_SIZE[tag];
      if (size === undefined || at + size > end) return -1;
      const length = size === 1 ? bytes[at] : size === 2 ? u16be(bytes, at) : size === 4 ? u32be(bytes, at) : 0;
      at += size;
      if (tag === 0xdc || tag === 0xdd) pending += length;
      else if (tag === 0xde || tag === 0xdf) pending += 2 * length;
      else skip = (FIXED_SIZE[tag] ?? length) + (EXT_TYPE.has(tag) ? 1 : 0);
    }
    at += skip;
  }
  return at <= end ? at : -1;
}

/** Bytes of the length field after a tag (0 for fixed-size values), by tag. */
const LENGTH_SIZE: Record<number, number> = {
  0xc4: 1, 0xc5: 2, 0xc6: 4, 0xc7: 1, 0xc8: 2, 0xc9: 4, 0xca: 0, 0xcb: 0, 0xcc: 0, 0xcd: 0, 0xce: 0, 0xcf: 0,
  0xd0: 0, 0xd1: 0, 0xd2: 0, 0xd3: 0, 0xd4: 0, 0xd5: 0, 0xd6: 0, 0xd7: 0, 0xd8: 0, 0xd9: 1, 0xda: 2, 0xdb: 4,
  0xdc: 2, 0xdd: 4, 0xde: 2, 0xdf: 4,
};
/** Payload bytes of fixed-size values (numbers, fixext), by tag. */
const FIXED_SIZE: Record<number, number> = {
  0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8, 0xd4: 1, 0xd5: 2, 0xd6: 4, 0xd7: 8, 0xd8: 16,
};
/** Extension values carry a type byte before their data. */
const EXT_TYPE = new Set([0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]);
