/**
 * Fixed-size little-endian index entries: SIDX (154 bytes) and SDX2 (162, adds dag lane and depth) footers, and
 * `index.fbati` entries (a segment id before the frame offset). Every layout starts
 * `event_id u128 | entity_idx u32 | scope_idx u32 | kind u16 | wall_ms u64 | clock u32`.
 */
import { u32le, u64le } from '../bytes';
import { isMarker } from './event';
import { EventTable, NO_SEGMENT } from './table';

export interface EntryLayout {
  size: number;
  /** Offset of `segment_id u64`, in index files only (a footer's frames are in its own segment, mostly: see store-format.md §4). */
  segmentAt?: number;
  offsetAt: number;
  lengthAt: number;
  sequenceAt: number;
}

export const SIDX_ENTRY: EntryLayout = { size: 154, offsetAt: 102, lengthAt: 110, sequenceAt: 114 };
export const SDX2_ENTRY: EntryLayout = { size: 162, offsetAt: 110, lengthAt: 118, sequenceAt: 122 };
export const FBATI_V2_ENTRY: EntryLayout = { size: 162, segmentAt: 102, offsetAt: 110, lengthAt: 118, sequenceAt: 122 };
export const FBATI_V3_ENTRY: EntryLayout = { size: 170, segmentAt: 110, offsetAt: 118, lengthAt: 126, sequenceAt: 130 };

/** Where entries' strings and segments go: entity numbers by string index, segment indexes by segment id. */
export interface EntryContext {
  entities: readonly number[];
  /** Strings in the table (scope indexes must fall inside it too). */
  strings: number;
  /** The segment of every entry of a footer. */
  segment?: number;
  /** Index files: the store's segment indexes by segment id. */
  segmentIndex?: ReadonlyMap<number, number>;
}

/**
 * Appends `count` entries from `start` to `table`, batch markers left out (batpak never indexes them); false when an
 * entity or scope index falls outside the string table (the block is not an index), and then nothing is appended.
 * The table's ids are set here, not with setId: little-endian u128, most significant word last.
 */
export function readEntries(bytes: Buffer, start: number, count: number, layout: EntryLayout, context: EntryContext, table: EventTable): boolean {
  table.reserve(count);
  // The columns are taken once: this loop runs for every event of a store.
  const { ids, entity, kind, wallMs, clock, sequence, offset, frameLength, segment } = table;
  const { entities, strings, segmentIndex } = context;
  let row = table.length;
  for (let i = 0; i < count; i++) {
    const at = start + i * layout.size;
    const number = entities[u32le(bytes, at + 16)];
    if (number === undefined || u32le(bytes, at + 20) >= strings) return false;
    const eventKind = bytes[at + 24] | (bytes[at + 25] << 8);
    if (isMarker(eventKind)) continue;
    ids[row * 4] = u32le(bytes, at + 12);
    ids[row * 4 + 1] = u32le(bytes, at + 8);
    ids[row * 4 + 2] = u32le(bytes, at + 4);
    ids[row * 4 + 3] = u32le(bytes, at);
    entity[row] = number;
    kind[row] = eventKind;
    wallMs[row] = u64le(bytes, at + 26);
    clock[row] = u32le(bytes, at + 34);
    sequence[row] = u64le(bytes, at + layout.sequenceAt);
    offset[row] = u64le(bytes, at + layout.offsetAt);
    frameLength[row] = u32le(bytes, at + layout.lengthAt);
    segment[row] = layout.segmentAt === undefined ? (context.segment ?? NO_SEGMENT) : (segmentIndex?.get(u64le(bytes, at + layout.segmentAt)) ?? NO_SEGMENT);
    row++;
  }
  table.length = row;
  return true;
}
