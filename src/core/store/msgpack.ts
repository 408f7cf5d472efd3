/**
 * MessagePack as batpak's store writes it (rmp-serde, named mode): maps keyed by field name, integers in their
 * smallest encoding. 64-bit integers decode as BigInt (segment headers hold nanosecond timestamps above 2^53).
 */
import { Decoder } from '@msgpack/msgpack';

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

/** A non-negative integer that fits a JavaScript number (kinds, clocks, indexes), or undefined. */
export function asSmallUint(value: unknown): number | undefined {
  const big = asUint(value);
  return big !== undefined && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : undefined;
}

/** A 16-byte bin (a u128 id, big-endian in frames and checkpoints) as 32 lowercase hex digits, or undefined. */
export function asId(value: unknown): string | undefined {
  return value instanceof Uint8Array && value.length === 16 ? Buffer.from(value.buffer, value.byteOffset, 16).toString('hex') : undefined;
}

export function asStringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((s) => typeof s === 'string') ? (value as string[]) : undefined;
}
