/**
 * SipHash-1-3 with both keys zero: what Rust's `DefaultHasher::new()` computes, and so what batpak's k2 keys carry as
 * relevant_kinds_hash. Written here because the npm SipHash packages implement SipHash-2-4 only.
 */
const MASK = 0xffffffffffffffffn;

const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

function sipRound(v: bigint[]): void {
  v[0] = (v[0] + v[1]) & MASK;
  v[1] = rotl(v[1], 13n) ^ v[0];
  v[0] = rotl(v[0], 32n);
  v[2] = (v[2] + v[3]) & MASK;
  v[3] = rotl(v[3], 16n) ^ v[2];
  v[0] = (v[0] + v[3]) & MASK;
  v[3] = rotl(v[3], 21n) ^ v[0];
  v[2] = (v[2] + v[1]) & MASK;
  v[1] = rotl(v[1], 17n) ^ v[2];
  v[2] = rotl(v[2], 32n);
}

export function sipHash13(bytes: Uint8Array): bigint {
  const v = [0x736f6d6570736575n, 0x646f72616e646f6dn, 0x6c7967656e657261n, 0x7465646279746573n];
  const compress = (m: bigint): void => {
    v[3] ^= m;
    sipRound(v);
    v[0] ^= m;
  };
  const whole = bytes.length - (bytes.length % 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < whole; at += 8) compress(view.getBigUint64(at, true));
  let last = BigInt(bytes.length & 0xff) << 56n;
  for (let i = whole; i < bytes.length; i++) last |= BigInt(bytes[i]) << BigInt(8 * (i - whole));
  compress(last);
  v[2] ^= 0xffn;
  for (let i = 0; i < 3; i++) sipRound(v);
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/**
 * batpak's relevant_kinds_hash: each kind (`category << 12 | type_id`) as u16 LE in ascending order, then their count
 * as u64 LE. The empty list (a projection over every kind) hashes to ALL_KINDS_HASH.
 */
export function kindsHash(kinds: readonly number[]): bigint {
  const sorted = [...kinds].sort((a, b) => a - b);
  const bytes = Buffer.alloc(sorted.length * 2 + 8);
  sorted.forEach((kind, i) => bytes.writeUInt16LE(kind, i * 2));
  bytes.writeBigUInt64LE(BigInt(sorted.length), sorted.length * 2);
  return sipHash13(bytes);
}

export const ALL_KINDS_HASH = 0xbd60acb658c79e45n;
