/**
 * The metadata batpak appends to every cached value: v1 (16 bytes, batpak 0.3.0-0.6.0) or v2 (40 bytes ending in a
 * magic, batpak 0.6.x-0.10.x). All fields are little-endian 64-bit integers, kept as BigInt.
 */

export const V1_SIZE = 16;
export const V2_SIZE = 40;
/** The last 8 bytes of a v2 file: `d1 d0 cf ce cd cc cb ca`. */
export const V2_MAGIC = 0xcacbcccdcecfd0d1n;

export type TrailerFormat = 'v1' | 'v2';

export interface Trailer {
  format: TrailerFormat;
  watermark: bigint;
  cachedAtUs: bigint;
  /** v2 only: monotonic clock reading at caching time (0 = none). */
  cachedAtMonoNs?: bigint;
  /** v2 only: wall-clock nanoseconds when the writing process booted. */
  processBootNs?: bigint;
}

export type TrailerWarning = 'cached-at-implausible' | 'boot-after-cached-at';

/** Plausible cached-at range: 2000-01-01 to 2200-01-01, in microseconds. Outside it the trailer is probably damaged. */
const PLAUSIBLE_FROM_US = 946_684_800_000_000n;
const PLAUSIBLE_TO_US = 7_258_118_400_000_000n;
/**
 * batpak reads the boot time and cached_at from separate clock calls: a process's first write can record a boot time
 * a few microseconds after cached_at (seen in real c940fd5c entries). Only a boot time later than this is suspicious.
 */
const BOOT_SKEW_US = 1_000_000n;

/**
 * Decodes the trailer from the end of a file. `tail` must be the file's last min(size, 40) bytes.
 * Returns undefined for files under 16 bytes: batpak treats those as corrupt and deletes them on read.
 * `only: 'v1'` reads the file as batpak 0.3.0-0.6.0 did, ignoring the magic.
 */
export function decodeTrailer(tail: Uint8Array, fileSize: number, only?: 'v1'): Trailer | undefined {
  if (fileSize < V1_SIZE || tail.length < Math.min(fileSize, V2_SIZE)) return undefined;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const end = tail.byteLength;
  if (only !== 'v1' && fileSize >= V2_SIZE && view.getBigUint64(end - 8, true) === V2_MAGIC) {
    const at = end - V2_SIZE;
    return {
      format: 'v2',
      watermark: view.getBigUint64(at, true),
      cachedAtUs: view.getBigInt64(at + 8, true),
      cachedAtMonoNs: view.getBigInt64(at + 16, true),
      processBootNs: view.getBigUint64(at + 24, true),
    };
  }
  const at = end - V1_SIZE;
  return { format: 'v1', watermark: view.getBigUint64(at, true), cachedAtUs: view.getBigInt64(at + 8, true) };
}

export function trailerSize(format: TrailerFormat): number {
  return format === 'v2' ? V2_SIZE : V1_SIZE;
}

/** Encodes a trailer exactly as batpak writes it. */
export function encodeTrailer(trailer: Trailer): Buffer {
  const out = Buffer.alloc(trailerSize(trailer.format));
  out.writeBigUInt64LE(BigInt.asUintN(64, trailer.watermark), 0);
  out.writeBigInt64LE(BigInt.asIntN(64, trailer.cachedAtUs), 8);
  if (trailer.format === 'v2') {
    out.writeBigInt64LE(BigInt.asIntN(64, trailer.cachedAtMonoNs ?? 0n), 16);
    out.writeBigUInt64LE(BigInt.asUintN(64, trailer.processBootNs ?? 0n), 24);
    out.writeBigUInt64LE(V2_MAGIC, 32);
  }
  return out;
}

/** batpak still reads implausible trailers (there is no checksum), so they are warnings, never corruption. */
export function trailerWarnings(trailer: Trailer): TrailerWarning[] {
  const warnings: TrailerWarning[] = [];
  if (trailer.cachedAtUs < PLAUSIBLE_FROM_US || trailer.cachedAtUs >= PLAUSIBLE_TO_US) warnings.push('cached-at-implausible');
  if (trailer.format === 'v2' && trailer.processBootNs !== undefined && trailer.processBootNs / 1000n > trailer.cachedAtUs + BOOT_SKEW_US) {
    warnings.push('boot-after-cached-at');
  }
  return warnings;
}

/** cached_at as a JS millisecond timestamp, or undefined when it cannot be a real date. */
export function cachedAtMs(trailer: Trailer): number | undefined {
  return trailerWarnings(trailer).includes('cached-at-implausible') ? undefined : Number(trailer.cachedAtUs / 1000n);
}

/**
 * batpak's `Freshness::MaybeStale { max_stale_ms }` rule: the entry is used when `now_us - cached_at_us < max_stale_ms
 * * 1000`, whatever its watermark. Evaluated on the raw field, as batpak does, even when cached_at is implausible.
 */
export function maybeStaleWouldUse(trailer: Trailer, maxStaleMs: number, nowMs = Date.now()): boolean {
  return BigInt(Math.trunc(nowMs)) * 1000n - trailer.cachedAtUs < BigInt(Math.trunc(maxStaleMs)) * 1000n;
}
