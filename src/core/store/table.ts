/**
 * Events as parallel typed arrays, grown as rows are added: a store holds millions of events, and an object per event
 * (with its id as a string and its 64-bit numbers as BigInts) costs ten times the memory and most of the time.
 */
import { u32be } from '../bytes';

export const NO_SEGMENT = -1;
export const UNDECODABLE = -1;

export class EventTable {
  length = 0;
  /** Event ids: 4 words per row, most significant first (comparing words compares ids). */
  ids: Uint32Array;
  /** The entity's number in the store's entity names. */
  entity: Uint32Array;
  /** The event kind; UNDECODABLE for a frame batpak cannot decode (kept in frame scans: it ends a batch). */
  kind: Int32Array;
  wallMs: Float64Array;
  clock: Uint32Array;
  /** The global sequence; NaN while not known (a frame's, before sequences are assigned). */
  sequence: Float64Array;
  segment: Int32Array;
  offset: Float64Array;
  frameLength: Uint32Array;
  /** Frames only: the payload's length, or a BEGIN marker's item count. */
  payloadSize: Uint32Array;
  private index: Int32Array | undefined;
  /** Per row, the next row with the same id (-1: none). */
  private shadowedBy: Int32Array | undefined;

  constructor(capacity = 1024) {
    capacity = Math.max(16, capacity);
    this.ids = new Uint32Array(capacity * 4);
    this.entity = new Uint32Array(capacity);
    this.kind = new Int32Array(capacity);
    this.wallMs = new Float64Array(capacity);
    this.clock = new Uint32Array(capacity);
    this.sequence = new Float64Array(capacity);
    this.segment = new Int32Array(capacity);
    this.offset = new Float64Array(capacity);
    this.frameLength = new Uint32Array(capacity);
    this.payloadSize = new Uint32Array(capacity);
  }

  /** Appends a row (every column zero but `sequence`, NaN, and `segment`, none) and returns its index. */
  add(): number {
    if (this.length === this.entity.length) this.resizeTo(this.length * 2);
    const row = this.length++;
    this.sequence[row] = NaN;
    this.segment[row] = NO_SEGMENT;
    return row;
  }

  /** Room for `more` rows without growing again. */
  reserve(more: number): void {
    if (this.length + more > this.entity.length) this.resizeTo(Math.max(this.length + more, this.entity.length * 2));
  }

  /** Gives back the room past the last row (a table grown by doubling holds up to twice its rows). */
  trim(): void {
    if (this.entity.length > this.length * 1.1) this.resizeTo(this.length);
  }

  /** Sets row's id from 16 big-endian bytes (frames, checkpoints; footers and index files' are set by readEntries). */
  setId(row: number, bytes: Uint8Array, at: number): void {
    for (let word = 0; word < 4; word++) this.ids[row * 4 + word] = u32be(bytes, at + word * 4);
  }

  /** Compares two rows' ids (of this table or another): negative, zero or positive. */
  compareIds(row: number, other: EventTable, otherRow: number): number {
    for (let word = 0; word < 4; word++) {
      const a = this.ids[row * 4 + word];
      const b = other.ids[otherRow * 4 + word];
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }

  /** The row of this table that counts for row's id: the last with that id (the row itself when not indexed). */
  winner(row: number): number {
    const shadowed = this.shadowedBy;
    while (shadowed && shadowed[row] >= 0) row = shadowed[row];
    return row;
  }

  /** The row of `other`'s row's id in this table (the last with that id), or -1. Build the index with `indexIds` first. */
  find(other: EventTable, otherRow: number): number {
    const index = this.index as Int32Array;
    const mask = index.length - 1;
    for (let slot = hashId(other.ids, otherRow) & mask; ; slot = (slot + 1) & mask) {
      const row = index[slot];
      if (row < 0 || this.compareIds(row, other, otherRow) === 0) return row;
    }
  }

  /**
   * Indexes the rows by id, for `find` and `winner`; when ids repeat, the last row wins (a checkpoint's entry
   * overrides a footer's). Open addressing over a power-of-two table at most half full.
   */
  indexIds(): void {
    let size = 16;
    while (size < this.length * 2) size *= 2;
    const index = new Int32Array(size).fill(-1);
    const shadowedBy = new Int32Array(this.length).fill(-1);
    const mask = size - 1;
    for (let row = 0; row < this.length; row++) {
      let slot = hashId(this.ids, row) & mask;
      while (index[slot] >= 0 && this.compareIds(index[slot], this, row) !== 0) slot = (slot + 1) & mask;
      if (index[slot] >= 0) shadowedBy[index[slot]] = row;
      index[slot] = row;
    }
    this.index = index;
    this.shadowedBy = shadowedBy;
  }

  private resizeTo(capacity: number): void {
    const resize = <T extends Uint32Array | Float64Array | Int32Array>(array: T, per = 1): T => {
      const resized = new (array.constructor as new (length: number) => T)(capacity * per);
      resized.set(array.subarray(0, Math.min(array.length, capacity * per)));
      return resized;
    };
    this.ids = resize(this.ids, 4);
    this.entity = resize(this.entity);
    this.kind = resize(this.kind);
    this.wallMs = resize(this.wallMs);
    this.clock = resize(this.clock);
    this.sequence = resize(this.sequence);
    this.segment = resize(this.segment);
    this.offset = resize(this.offset);
    this.frameLength = resize(this.frameLength);
    this.payloadSize = resize(this.payloadSize);
  }
}

/** Mixes all four words (murmur3's steps): UUIDv7 ids differ in their random low bits, a counter's or a sequence's in few. */
function hashId(ids: Uint32Array, row: number): number {
  let h = 0;
  for (let word = row * 4; word < row * 4 + 4; word++) {
    let k = Math.imul(ids[word], 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Entity strings, numbered in the order first seen: rows hold the number. */
export class EntityNames {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** By a hash of the raw bytes (no string made per frame; UTF-8 decoded once an entity): candidates, and their bytes. */
  private readonly byHash = new Map<number, number[]>();
  private readonly bytesOf: Buffer[] = [];

  number(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) this.numbers.set(name, (n = this.names.push(name) - 1));
    return n;
  }

  /** The number of the entity whose UTF-8 bytes are [start, end) of `bytes`. */
  numberOf(bytes: Buffer, start: number, end: number): number {
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    let candidates = this.byHash.get(hash);
    if (!candidates) this.byHash.set(hash, (candidates = []));
    for (const n of candidates) if (sameBytes(this.bytesOf[n], bytes, start, end)) return n;
    const n = this.number(bytes.toString('utf8', start, end));
    this.bytesOf[n] = Buffer.from(bytes.subarray(start, end));
    candidates.push(n);
    return n;
  }
}

function sameBytes(known: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}
