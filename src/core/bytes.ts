/** Small byte helpers shared by the codecs. */

// ignoreBOM keeps a leading U+FEFF in the text: the text must be exactly the bytes (an entity, a value).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export const HEX_PATTERN = /^(?:[0-9a-f]{2})*$/;

/** Lowercase, even-length hex to bytes; undefined when the text is not exactly that. */
export function fromHex(hex: string): Buffer | undefined {
  return HEX_PATTERN.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/** The bytes as text when they are valid UTF-8, otherwise undefined. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `0x` + 16 lowercase hex digits, the way the docs and manifests print u64 hashes. */
export function u64Hex(value: bigint): string {
  return '0x' + value.toString(16).padStart(16, '0');
}

// Integers read with plain byte loads: a DataView call stays slow until the JIT has optimized its caller, and the
// store reader's loops run once per process (a CLI command), millions of times.

export function u16be(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

export function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

export function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** A little-endian u64 as a number (rounded above 2^53). */
export function u64le(bytes: Uint8Array, at: number): number {
  return u32le(bytes, at + 4) * 2 ** 32 + u32le(bytes, at);
}
