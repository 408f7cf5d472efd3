/**
 * Fixed-size little-endian index entries: SIDX (154 bytes) and SDX2 (162, adds dag lane and depth) footers, and
 * `index.fbati` entries (a segment id before the frame offset). Every layout starts
 * `event_id u128 | entity_idx u32 | scope_idx u32 | kind u16 | wall_ms u64 | clock u32`.
 */
import { DurableEvent, idFromLE } from './event';

export interface EntryLayout {
  size: number;
  /** Offset of `segment_id u64`, in index files only. */
  segmentAt?: number;
  sequenceAt: number;
}

export const SIDX_ENTRY: EntryLayout = { size: 154, sequenceAt: 114 };
export const SDX2_ENTRY: EntryLayout = { size: 162, sequenceAt: 122 };
export const FBATI_V2_ENTRY: EntryLayout = { size: 162, segmentAt: 102, sequenceAt: 122 };
export const FBATI_V3_ENTRY: EntryLayout = { size: 170, segmentAt: 110, sequenceAt: 130 };

export interface IndexedEvent extends DurableEvent {
  segmentId?: bigint;
}

/** `count` entries from `start`; undefined when an entity index falls outside `strings` (the block is not an index). */
export function readEntries(bytes: Buffer, start: number, count: number, layout: EntryLayout, strings: readonly string[]): IndexedEvent[] | undefined {
  const events: IndexedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + i * layout.size;
    const entity = strings[bytes.readUInt32LE(at + 16)];
    if (entity === undefined || bytes.readUInt32LE(at + 20) >= strings.length) return undefined;
    events.push({
      eventId: idFromLE(bytes, at),
      entity,
      kind: bytes.readUInt16LE(at + 24),
      wallMs: bytes.readBigUInt64LE(at + 26),
      clock: bytes.readUInt32LE(at + 34),
      sequence: bytes.readBigUInt64LE(at + layout.sequenceAt),
      ...(layout.segmentAt === undefined ? {} : { segmentId: bytes.readBigUInt64LE(at + layout.segmentAt) }),
    });
  }
  return events;
}
