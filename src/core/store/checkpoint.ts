/**
 * The two durable indexes batpak writes at close: `index.ckpt` (FBATCK v2, a MessagePack map, batpak 0.3.0) and
 * `index.fbati` (FBATIX v1-v3, fixed-size entries, c940fd5c). Both give every event's global sequence and frame
 * location up to a watermark (segment, offset), and the sequence allocator at close. A store's index is about as big
 * as its events (300 bytes each in index.ckpt): its entries are read only when the segments cannot say the same
 * (`readIndexHead` reads the rest, checking the CRC a piece at a time).
 */
import { MsgCursor } from './cursor';
import { isMarker } from './event';
import { FBATI_V2_ENTRY, FBATI_V3_ENTRY, readEntries } from './entries';
import { asStringArray, decodeMsgpack } from './msgpack';
import { EntityNames, EventTable, NO_SEGMENT } from './table';
import { checkHead, checkVersioned, checkVersionedFile, VERSIONED_HEAD } from './versioned';
import { StoreWarning } from './warnings';

export interface DurableIndex {
  file: string;
  watermarkSegment: number;
  watermarkOffset: number;
  /** The next sequence batpak would have handed out: above max + 1 when slots were burned. */
  allocator: number;
  /** The rows of the sink's table its entries became; absent when only its head was read. */
  rows?: [number, number];
}

export type IndexRead = { index: DurableIndex; warning?: undefined } | { index?: undefined; warning: StoreWarning };

/** Where entries go: their rows, entity numbers, and the store's segment indexes by segment id. */
export interface IndexSink {
  table: EventTable;
  names: EntityNames;
  segmentIndex: ReadonlyMap<number, number>;
}

export type IndexFile = 'index.ckpt' | 'index.fbati';
const FORMATS: Record<IndexFile, [string, number[]]> = { 'index.ckpt': ['FBATCK', [2]], 'index.fbati': ['FBATIX', [1, 2, 3]] };

/** Why an index file's first 12 bytes are not a format this reader knows (a later batpak's is named), or undefined. */
export function indexFormatProblem(head: Buffer, file: IndexFile): StoreWarning | undefined {
  return checkHead(head, ...FORMATS[file], file, 'sequences').warning;
}

const newSink = (): IndexSink => ({ table: new EventTable(), names: new EntityNames(), segmentIndex: new Map() });
/** Passes its CRC check but cannot be decoded. */
const damaged = (file: string): IndexRead => ({ warning: { code: 'index-undecodable', file, role: 'sequences' } });

const CKPT_FIELDS = ['global_sequence', 'watermark_segment_id', 'watermark_offset', 'interner_strings', 'entries'];
const ENTRY_FIELDS = ['event_id', 'entity_id', 'kind', 'wall_ms', 'clock', 'segment_id', 'offset', 'length', 'global_sequence'];

/** `"FBATCK" | version u16 LE (2) | crc32 | {global_sequence, watermark_segment_id, watermark_offset, interner_strings, entries}` */
export function readCheckpoint(bytes: Buffer, file = 'index.ckpt', sink = newSink()): IndexRead {
  const checked = checkVersioned(bytes, ...FORMATS['index.ckpt'], file, 'sequences');
  if (checked.warning !== undefined) return { warning: checked.warning };
  const c = new MsgCursor(bytes, VERSIONED_HEAD);
  const scalars = [-1, -1, -1];
  let strings: string[] | undefined;
  let entriesAt = -1;
  for (let fields = c.map(); fields !== 0; fields--) {
    const key = fields < 0 ? -2 : c.pick(CKPT_FIELDS);
    const at = c.at;
    if (key === -2 || !c.skip()) return damaged(file);
    if (key >= 0 && key < 3) scalars[key] = new MsgCursor(bytes, at).uint();
    else if (key === 3) strings = asStringArray(decodeMsgpack(bytes.subarray(at, c.at)));
    else if (key === 4) entriesAt = at;
  }
  if (!strings || entriesAt < 0 || scalars.some((value) => value < 0)) return damaged(file);
  const first = sink.table.length;
  if (!readCheckpointEntries(new MsgCursor(bytes, entriesAt), strings, sink)) {
    sink.table.length = first;
    return damaged(file);
  }
  const [allocator, watermarkSegment, watermarkOffset] = scalars;
  return { index: { file, watermarkSegment, watermarkOffset, allocator, rows: [first, sink.table.length] } };
}

function readCheckpointEntries(c: MsgCursor, strings: readonly string[], sink: IndexSink): boolean {
  const { table, names, segmentIndex } = sink;
  const entities = new Map<number, number>();
  const count = c.array();
  if (count < 0) return false;
  table.reserve(count);
  for (let i = 0; i < count; i++) {
    const row = table.add();
    // event_id, entity_id, kind, wall_ms, clock, segment_id, offset, length, global_sequence
    const values = [-1, -1, -1, -1, -1, -1, -1, -1, -1];
    let fields = c.map();
    if (fields < 0) return false;
    for (; fields > 0; fields--) {
      const key = c.pick(ENTRY_FIELDS);
      if (key === -2) return false;
      if (key === -1) {
        if (!c.skip()) return false;
      } else if (key === 0) {
        values[0] = c.bin16();
        if (values[0] >= 0) table.setId(row, c.bytes, values[0]);
      } else values[key] = c.uint();
      if (key >= 0 && values[key] < 0) return false;
    }
    const [, entityId, kind, wallMs, clock, segmentId, offset, length, sequence] = values;
    const name = strings[entityId];
    if (values[0] < 0 || name === undefined || kind < 0 || kind > 0xffff || wallMs < 0 || clock < 0 || clock > 0xffffffff || segmentId < 0 || sequence < 0) return false;
    if (isMarker(kind)) {
      table.length = row; // never indexed by batpak
      continue;
    }
    let entity = entities.get(entityId);
    if (entity === undefined) entities.set(entityId, (entity = names.number(name)));
    table.entity[row] = entity;
    table.kind[row] = kind;
    table.wallMs[row] = wallMs;
    table.clock[row] = clock;
    table.sequence[row] = sequence;
    if (offset >= 0 && length >= 0) {
      table.segment[row] = segmentIndex.get(segmentId) ?? NO_SEGMENT;
      table.offset[row] = offset;
      table.frameLength[row] = length;
    }
  }
  return true;
}

/**
 * `"FBATIX" | version u16 LE | crc32 | wm_segment u64 | wm_offset u64 | allocator u64 | interner_count u32 |
 * entry_count u64 | interner_len u64 | [summary_len u64, v2+] | interner | [summary] | entries` (all LE).
 */
export function readFbati(bytes: Buffer, file = 'index.fbati', sink = newSink()): IndexRead {
  const checked = checkVersioned(bytes, ...FORMATS['index.fbati'], file, 'sequences');
  if (checked.warning !== undefined) return { warning: checked.warning };
  const shape = fbatiShape(bytes, checked.version, bytes.length);
  if (!shape) return damaged(file);
  const strings = asStringArray(decodeMsgpack(bytes.subarray(shape.headerEnd, shape.headerEnd + shape.internerLength)));
  const first = sink.table.length;
  const context = { entities: strings?.map((s) => sink.names.number(s)) ?? [], strings: strings?.length ?? 0, segmentIndex: sink.segmentIndex };
  if (!strings || !readEntries(bytes, shape.entriesAt, shape.count, shape.layout, context, sink.table)) return damaged(file);
  return { index: { file, ...fbatiHead(bytes), rows: [first, sink.table.length] } };
}

/** Where an index.fbati's parts are; undefined when its sizes do not add up to the file's. */
function fbatiShape(bytes: Buffer, version: number, size: number) {
  const headerEnd = version === 1 ? 56 : 64;
  if (bytes.length < headerEnd) return undefined;
  const count = Number(bytes.readBigUInt64LE(40));
  const internerLength = Number(bytes.readBigUInt64LE(48));
  const summaryLength = version === 1 ? 0 : Number(bytes.readBigUInt64LE(56));
  const layout = version === 3 ? FBATI_V3_ENTRY : FBATI_V2_ENTRY;
  const entriesAt = headerEnd + internerLength + summaryLength;
  return entriesAt + count * layout.size === size ? { headerEnd, count, internerLength, layout, entriesAt } : undefined;
}

function fbatiHead(bytes: Buffer): Omit<DurableIndex, 'file' | 'rows'> {
  return { watermarkSegment: Number(bytes.readBigUInt64LE(12)), watermarkOffset: Number(bytes.readBigUInt64LE(20)), allocator: Number(bytes.readBigUInt64LE(28)) };
}

/**
 * An index file's watermark and allocator without its entries, its CRC checked over the whole file a piece at a
 * time; undefined when they are not in its first megabyte (then read it whole).
 */
export function readIndexHead(fd: number, size: number, file: IndexFile): IndexRead | undefined {
  const fbati = file === 'index.fbati';
  const checked = checkVersionedFile(fd, size, ...FORMATS[file], file, 'sequences');
  if (checked.warning !== undefined) return { warning: checked.warning };
  const head = checked.head;
  if (fbati) return fbatiShape(head, checked.version, size) ? { index: { file, ...fbatiHead(head) } } : damaged(file);
  const c = new MsgCursor(head, VERSIONED_HEAD);
  const scalars = [-1, -1, -1];
  for (let fields = c.map(); fields > 0 && scalars.some((value) => value < 0); fields--) {
    const key = c.pick(CKPT_FIELDS);
    const at = c.at;
    // A value running past the head (the entries, when a later batpak writes them first): read the file whole.
    if (key === -2 || !c.skip()) return undefined;
    if (key >= 0 && key < 3) scalars[key] = new MsgCursor(head, at).uint();
  }
  const [allocator, watermarkSegment, watermarkOffset] = scalars;
  return scalars.every((value) => value >= 0) ? { index: { file, watermarkSegment, watermarkOffset, allocator } } : undefined;
}

