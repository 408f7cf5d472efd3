/**
 * An event's payload as exact JSON. In a frame the payload is an array of byte-valued ints (or a bin) holding the
 * user value as MessagePack, named maps from `append`, compact arrays from `append_batch`; after a Retention or
 * Tombstone compaction it is the decoded value itself, taken as it is.
 */
import { u16be, u32be } from '../bytes';
import { MsgCursor } from './cursor';
import { ExactJson, msgpackToJson } from './exactJson';

/** The payload value in [start, end) of a frame body as JSON text. */
export function payloadJson(body: Uint8Array, start: number, end: number): ExactJson {
  const value = body.subarray(start, end);
  const bytes = payloadBytes(value);
  return msgpackToJson(bytes ?? value);
}

/** The bytes an array of byte-valued ints or a bin holds; undefined when the value is neither (already decoded). */
function payloadBytes(value: Uint8Array): Uint8Array | undefined {
  const c = new MsgCursor(value);
  const tag = value[0];
  if (tag >= 0xc4 && tag <= 0xc6) {
    const size = 1 << (tag - 0xc4);
    const length = size === 1 ? value[1] : size === 2 ? u16be(value, 1) : u32be(value, 1);
    return 1 + size + length === value.length ? value.subarray(1 + size) : undefined;
  }
  const count = c.array();
  // No bytes are no MessagePack value: an empty array is a value compaction decoded.
  if (count <= 0) return undefined;
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const byte = c.uint();
    if (byte < 0 || byte > 0xff) return undefined;
    bytes[i] = byte;
  }
  return c.at === value.length ? bytes : undefined;
}
