/**
 * SipHash-1-3 with both keys zero: what Rust's `DefaultHasher::new()` computes, and so what batpak's k2 keys carry as
 * relevant_kinds_hash. Written here because the npm SipHash packages implement SipHash-2-4 only. The 64-bit words are
 * kept as pairs of 32-bit halves (BigInt arithmetic is about 30 times slower, and matching a kinds hash tries up to
 * 2^16 subsets).
 */

/** v0..v3 as [hi, lo] pairs: indexes 0-1 are v0, 2-3 v1, 4-5 v2, 6-7 v3. */
type State = Uint32Array;

function add(v: State, a: number, b: number): void {
  const lo = (v[a + 1] + v[b + 1]) >>> 0;
  v[a] = (v[a] + v[b] + (lo < v[a + 1] ? 1 : 0)) >>> 0;
  v[a + 1] = lo;
}

/** Rotates word `a` left by `bits` (1..31), then XORs word `x` into it. */
function rotateXor(v: State, a: number, bits: number, x: number): void {
  const hi = v[a];
  const lo = v[a + 1];
  v[a] = (((hi << bits) | (lo >>> (32 - bits))) ^ v[x]) >>> 0;
  v[a + 1] = (((lo << bits) | (hi >>> (32 - bits))) ^ v[x + 1]) >>> 0;
}

function swapHalves(v: State, a: number): void {
  const hi = v[a];
  v[a] = v[a + 1];
  v[a + 1] = hi;
}

const V0 = 0;
const V1 = 2;
const V2 = 4;
const V3 = 6;

function sipRound(v: State): void {
  add(v, V0, V1);
  rotateXor(v, V1, 13, V0);
  swapHalves(v, V0);
  add(v, V2, V3);
  rotateXor(v, V3, 16, V2);
  add(v, V0, V3);
  rotateXor(v, V3, 21, V0);
  add(v, V2, V1);
  rotateXor(v, V1, 17, V2);
  swapHalves(v, V2);
}

function compress(v: State, hi: number, lo: number): void {
  v[V3] ^= hi;
  v[V3 + 1] ^= lo;
  sipRound(v);
  v[V0] ^= hi;
  v[V0 + 1] ^= lo;
}

export function sipHash13(bytes: Uint8Array): bigint {
  const v: State = Uint32Array.of(0x736f6d65, 0x70736575, 0x646f7261, 0x6e646f6d, 0x6c796765, 0x6e657261, 0x74656462, 0x79746573);
  const word = (at: number, count: number): number => {
    let value = 0;
    for (let i = count - 1; i >= 0; i--) value = (value * 256 + bytes[at + i]) >>> 0;
    return value;
  };
  const whole = bytes.length - (bytes.length % 8);
  for (let at = 0; at < whole; at += 8) compress(v, word(at + 4, 4), word(at, 4));
  const rest = bytes.length - whole;
  // The last word: the remaining bytes, little-endian, with the length's low byte on top.
  compress(v, (((bytes.length & 0xff) << 24) | word(whole + 4, Math.max(0, rest - 4))) >>> 0, word(whole, Math.min(rest, 4)));
  v[V2 + 1] ^= 0xff;
  for (let i = 0; i < 3; i++) sipRound(v);
  const hi = (v[V0] ^ v[V1] ^ v[V2] ^ v[V3]) >>> 0;
  const lo = (v[V0 + 1] ^ v[V1 + 1] ^ v[V2 + 1] ^ v[V3 + 1]) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * batpak's relevant_kinds_hash: each kind (`category << 12 | type_id`) as u16 LE in ascending order, then their count
 * as u64 LE. The empty list (a projection over every kind) hashes to ALL_KINDS_HASH.
 */
export function kindsHash(kinds: readonly number[]): bigint {
  const sorted = [...kinds].sort((a, b) => a - b);
  const bytes = new Uint8Array(sorted.length * 2 + 8);
  sorted.forEach((kind, i) => {
    bytes[i * 2] = kind & 0xff;
    bytes[i * 2 + 1] = (kind >>> 8) & 0xff;
  });
  // The count as u64 LE: a list is far shorter than 2^32, so the high half stays zero.
  new DataView(bytes.buffer).setUint32(sorted.length * 2, sorted.length, true);
  return sipHash13(bytes);
}

export const ALL_KINDS_HASH = 0xbd60acb658c79e45n;
