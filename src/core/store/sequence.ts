/**
 * The global sequence of every event (store-format.md §6): frames carry none, so it comes from the durable indexes
 * (footers, then the checkpoint) where they have the event, and is inferred in write order where they do not.
 */
import { BATCH_BEGIN, BATCH_COMMIT } from './event';
import { FrameStop } from './segment';
import { EventTable, NO_SEGMENT, UNDECODABLE } from './table';

/** A segment as read: the rows its footer's entries became (read footer first), or the rows its frames became. */
export type WalkedSegment = { id: number; name: string } & ({ footerRows: [number, number]; frameRows?: undefined; stop?: undefined } | { footerRows?: undefined; frameRows: [number, number]; stop: FrameStop });

/** Where inference is raised to the checkpoint's allocator: at the first event at or after its watermark. */
export interface SequenceFloor {
  segment: number;
  offset: number;
  allocator: number;
}

export interface Sequenced {
  /** Every counted event in write order (the first `count`): a row of `durable` (>= 0) or of `frames` (-1 - row). */
  refs: Int32Array;
  sequences: Float64Array;
  count: number;
  /** Names of segments holding events whose sequence had to be inferred. */
  inferredIn: Set<string>;
  /** A batch still waiting for its COMMIT when the frames ended: its segment and item count. */
  openBatch: { segment: string; count: number } | undefined;
  /**
   * A batch crosses between a segment read from its footer and one read from its frames: the answer needs the
   * frames of every segment (rare: a batch that straddles into the segment being written, or a crashed session).
   */
  needsAllFrames: boolean;
}

/** A frame row as a ref. */
export const frameRef = (row: number): number => -1 - row;

/**
 * Walks all frames in (segment, offset) order with batpak's batch rules: items count only once their COMMIT arrives,
 * a second BEGIN or damage drops the staged items, markers are never counted. Then adds durable events whose frame
 * could not be read. `durable` holds every footer's and index file's entries, indexed by id (`indexIds`) when frames
 * or index entries need matching to them.
 */
export function assignSequences(segments: readonly WalkedSegment[], durable: EventTable, frames: EventTable, floor: SequenceFloor | undefined): Sequenced {
  // An event is counted once at most: from a footer or a frame, or added at the end from an index.
  const refs = new Int32Array(durable.length + frames.length);
  const sequences = new Float64Array(refs.length);
  let count = 0;
  const seen = new Uint8Array(durable.length);
  const inferredIn = new Set<string>();
  let previous: number | undefined;
  let floorPending = floor !== undefined;
  let batch: { first: number; count: number; items: number[]; segment: string } | undefined;
  let afterFooter = false;
  const done = (needsAllFrames: boolean): Sequenced => ({ refs, sequences, count, inferredIn, openBatch: needsAllFrames || !batch ? undefined : { segment: batch.segment, count: batch.count }, needsAllFrames });

  /** Counts a row of `table` read at (segment, offset): its durable sequence, else one inferred. */
  const commit = (table: EventTable, row: number, segment: WalkedSegment, offset: number, batchSequence?: number): void => {
    const known = table === frames ? durable.find(frames, row) : durable.winner(row);
    let sequence = known >= 0 ? durable.sequence[known] : undefined;
    const atOrAfterFloor = floorPending && floor !== undefined && (segment.id > floor.segment || (segment.id === floor.segment && offset >= floor.offset));
    if (atOrAfterFloor) floorPending = false;
    if (sequence === undefined) {
      sequence = batchSequence ?? (previous === undefined ? 0 : previous + 1);
      if (atOrAfterFloor && floor && sequence < floor.allocator) sequence = floor.allocator;
      inferredIn.add(segment.name);
    }
    previous = sequence;
    if (known >= 0) seen[known] = 1;
    // A footer's event is located by the checkpoint's entry when there is one: it names the segment.
    const ref = table === frames ? frameRef(row) : known >= 0 && durable.segment[known] !== NO_SEGMENT ? known : row;
    refs[count] = ref;
    sequences[count++] = sequence;
  };

  for (const segment of segments) {
    if (segment.footerRows) {
      // Footer events are in commit order, each with its durable sequence.
      if (batch) return done(true);
      for (let row = segment.footerRows[0]; row < segment.footerRows[1]; row++) commit(durable, row, segment, 0);
      afterFooter = true;
      continue;
    }
    for (let row = segment.frameRows[0]; row < segment.frameRows[1]; row++) {
      const kind = frames.kind[row];
      if (kind === UNDECODABLE) {
        batch = undefined; // batpak skips an undecodable frame and drops a pending batch
      } else if (kind === BATCH_BEGIN) {
        batch = { first: idNumber(frames, row), count: frames.payloadSize[row], items: [], segment: segment.name };
      } else if (kind === BATCH_COMMIT) {
        // Its BEGIN may be in the footer-read segment before: those items are in no footer yet.
        if (!batch && afterFooter) return done(true);
        if (batch && batch.items.length === batch.count) {
          const { first, items } = batch;
          items.forEach((item, j) => commit(frames, item, segment, frames.offset[item], first + j));
        }
        batch = undefined;
      } else if (batch) {
        batch.items.push(row);
      } else {
        commit(frames, row, segment, frames.offset[row]);
      }
    }
    if (segment.stop === 'crc' || segment.stop === 'too-long') batch = undefined;
    afterFooter = false;
  }

  // batpak indexes a durable event from its footer or checkpoint even when its frame cannot be read.
  for (let row = 0; row < durable.length; row++) {
    if (!seen[row] && durable.winner(row) === row) {
      refs[count] = row;
      sequences[count++] = durable.sequence[row];
    }
  }
  return done(false);
}

/** A BEGIN marker's event id, which batpak sets to the sequence of the batch's first item. */
function idNumber(table: EventTable, row: number): number {
  let value = 0;
  for (let word = 0; word < 4; word++) value = value * 2 ** 32 + table.ids[row * 4 + word];
  return value;
}
