/**
 * MessagePack written the way rmp-serde writes a Rust value, for payloads the fixtures lack: every integer in its
 * smallest encoding (u64::MAX, i64::MIN), f64 always as float 64 (so `-3.0` stays a float), f32 as float 32, structs
 * as maps (named, `append`) or arrays (compact, `append_batch`), `Vec<u8>` with serde_bytes as bin.
 */
export type Rmp = Uint8Array;

const bytes = (...parts: Array<number[] | Uint8Array>): Rmp => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const be = (value: bigint, width: number): number[] => Array.from({ length: width }, (_, i) => Number((value >> BigInt(8 * (width - 1 - i))) & 0xffn));

export const nil: Rmp = bytes([0xc0]);
export const bool = (value: boolean): Rmp => bytes([value ? 0xc3 : 0xc2]);

export function int(value: bigint | number): Rmp {
  const v = BigInt(value);
  if (v >= 0n) {
    if (v <= 0x7fn) return bytes([Number(v)]);
    if (v <= 0xffn) return bytes([0xcc, Number(v)]);
    if (v <= 0xffffn) return bytes([0xcd], be(v, 2));
    if (v <= 0xffffffffn) return bytes([0xce], be(v, 4));
    return bytes([0xcf], be(v, 8));
  }
  if (v >= -32n) return bytes([Number(v) & 0xff]);
  if (v >= -128n) return bytes([0xd0], be(BigInt.asUintN(8, v), 1));
  if (v >= -32768n) return bytes([0xd1], be(BigInt.asUintN(16, v), 2));
  if (v >= -(2n ** 31n)) return bytes([0xd2], be(BigInt.asUintN(32, v), 4));
  return bytes([0xd3], be(BigInt.asUintN(64, v), 8));
}

export function f64(value: number): Rmp {
  const out = new DataView(new ArrayBuffer(9));
  out.setUint8(0, 0xcb);
  out.setFloat64(1, value);
  return new Uint8Array(out.buffer);
}

export function f32(value: number): Rmp {
  const out = new DataView(new ArrayBuffer(5));
  out.setUint8(0, 0xca);
  out.setFloat32(1, value);
  return new Uint8Array(out.buffer);
}

export function str(text: string): Rmp {
  const utf8 = Buffer.from(text, 'utf8');
  const n = utf8.length;
  const head = n < 32 ? [0xa0 | n] : n < 0x100 ? [0xd9, n] : n < 0x10000 ? [0xda, ...be(BigInt(n), 2)] : [0xdb, ...be(BigInt(n), 4)];
  return bytes(head, utf8);
}

export function bin(data: Uint8Array): Rmp {
  const n = data.length;
  return bytes(n < 0x100 ? [0xc4, n] : n < 0x10000 ? [0xc5, ...be(BigInt(n), 2)] : [0xc6, ...be(BigInt(n), 4)], data);
}

export function array(...items: Rmp[]): Rmp {
  const n = items.length;
  return bytes(n < 16 ? [0x90 | n] : n < 0x10000 ? [0xdc, ...be(BigInt(n), 2)] : [0xdd, ...be(BigInt(n), 4)], ...items);
}

/** A struct in named mode: field names as str keys, in declaration order. */
export function struct(fields: Record<string, Rmp>): Rmp {
  const entries = Object.entries(fields);
  const n = entries.length;
  return bytes(n < 16 ? [0x80 | n] : [0xde, ...be(BigInt(n), 2)], ...entries.flatMap(([key, value]) => [str(key), value]));
}
