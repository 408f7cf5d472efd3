/**
 * The two durable indexes batpak writes at close: `index.ckpt` (FBATCK v2, a MessagePack map, batpak 0.3.0) and
 * `index.fbati` (FBATIX v1-v3, fixed-size entries, c940fd5c). Both give every event's global sequence up to a
 * watermark (segment, offset) and the sequence allocator at close.
 */
import { FBATI_V2_ENTRY, FBATI_V3_ENTRY, IndexedEvent, readEntries } from './entries';
import { eventFrom } from './event';
import { asMap, asSmallUint, asStringArray, asUint, decodeMsgpack, field } from './msgpack';
import { checkVersioned, VERSIONED_HEAD } from './versioned';
import { StoreWarning } from './warnings';

export interface DurableIndex {
  file: string;
  events: IndexedEvent[];
  watermarkSegment: bigint;
  watermarkOffset: bigint;
  /** The next sequence batpak would have handed out: above max + 1 when slots were burned. */
  allocator: bigint;
}

export type IndexRead = { index: DurableIndex; warning?: undefined } | { index?: undefined; warning: StoreWarning };

/** Passes its CRC check but cannot be decoded. */
const damaged = (file: string): IndexRead => ({ warning: { code: 'index-undecodable', file, role: 'sequences' } });

/** `"FBATCK" | version u16 LE (2) | crc32 | {global_sequence, watermark_segment_id, watermark_offset, interner_strings, entries}` */
export function readCheckpoint(bytes: Buffer, file = 'index.ckpt'): IndexRead {
  const checked = checkVersioned(bytes, 'FBATCK', [2], file, 'sequences');
  if (checked.warning !== undefined) return { warning: checked.warning };
  const body = asMap(decodeMsgpack(bytes.subarray(VERSIONED_HEAD)));
  const strings = asStringArray(field(body, 'interner_strings'));
  const list = field(body, 'entries');
  const allocator = asUint(field(body, 'global_sequence'));
  const watermarkSegment = asUint(field(body, 'watermark_segment_id'));
  const watermarkOffset = asUint(field(body, 'watermark_offset'));
  if (!strings || !Array.isArray(list) || allocator === undefined || watermarkSegment === undefined || watermarkOffset === undefined) return damaged(file);
  const events: IndexedEvent[] = [];
  for (const item of list) {
    const entry = asMap(item);
    const entityId = asSmallUint(field(entry, 'entity_id'));
    const event = eventFrom({
      eventId: field(entry, 'event_id'),
      entity: entityId === undefined ? undefined : strings[entityId],
      kind: field(entry, 'kind'),
      wallMs: field(entry, 'wall_ms'),
      clock: field(entry, 'clock'),
    });
    const sequence = asUint(field(entry, 'global_sequence'));
    const segmentId = asUint(field(entry, 'segment_id'));
    if (!event || sequence === undefined || segmentId === undefined) return damaged(file);
    events.push({ ...event, sequence, segmentId });
  }
  return { index: { file, events, watermarkSegment, watermarkOffset, allocator } };
}

/**
 * `"FBATIX" | version u16 LE | crc32 | wm_segment u64 | wm_offset u64 | allocator u64 | interner_count u32 |
 * entry_count u64 | interner_len u64 | [summary_len u64, v2+] | interner | [summary] | entries` (all LE).
 */
export function readFbati(bytes: Buffer, file = 'index.fbati'): IndexRead {
  const checked = checkVersioned(bytes, 'FBATIX', [1, 2, 3], file, 'sequences');
  if (checked.warning !== undefined) return { warning: checked.warning };
  const version = checked.version;
  const headerEnd = version === 1 ? 56 : 64;
  if (bytes.length < headerEnd) return damaged(file);
  const count = bytes.readBigUInt64LE(40);
  const internerLen = bytes.readBigUInt64LE(48);
  const summaryLen = version === 1 ? 0n : bytes.readBigUInt64LE(56);
  const layout = version === 3 ? FBATI_V3_ENTRY : FBATI_V2_ENTRY;
  const entriesAt = BigInt(headerEnd) + internerLen + summaryLen;
  if (entriesAt + count * BigInt(layout.size) !== BigInt(bytes.length)) return damaged(file);
  const strings = asStringArray(decodeMsgpack(bytes.subarray(headerEnd, headerEnd + Number(internerLen))));
  const events = strings && readEntries(bytes, Number(entriesAt), Number(count), layout, strings);
  if (!events) return damaged(file);
  return {
    index: {
      file,
      events,
      watermarkSegment: bytes.readBigUInt64LE(12),
      watermarkOffset: bytes.readBigUInt64LE(20),
      allocator: bytes.readBigUInt64LE(28),
    },
  };
}
