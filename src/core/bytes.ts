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
