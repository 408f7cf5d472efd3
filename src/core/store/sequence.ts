/**
 * The global sequence of every event (store-format.md §6): frames carry none, so it comes from the durable indexes
 * (footers, then the checkpoint) where they have the event, and is inferred in write order where they do not.
 */
import { BATCH_BEGIN, BATCH_COMMIT, DurableEvent, StoreEvent } from './event';
import { FrameEvent, FrameScan } from './segment';

/** A segment as read: its frames, or (a sealed segment read footer first) its footer's events. */
export type ScannedSegment = { id: bigint; name: string; scan: FrameScan; footerEvents?: undefined } | { id: bigint; name: string; scan?: undefined; footerEvents: readonly StoreEvent[] };

/** Where inference is raised to the checkpoint's allocator: at the first event at or after its watermark. */
export interface SequenceFloor {
  segment: bigint;
  offset: bigint;
  allocator: bigint;
}

interface Staged {
  first: bigint;
  count: number;
  items: Array<{ event: FrameEvent; at: [bigint, number] }>;
  segment: string;
}

export interface Sequenced {
  events: DurableEvent[];
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

/**
 * Walks all frames in (segment, offset) order with batpak's batch rules: items count only once their COMMIT arrives,
 * a second BEGIN or damage drops the staged items, markers are never counted. Then adds durable events whose frame
 * could not be read.
 */
export function assignSequences(segments: readonly ScannedSegment[], durable: ReadonlyMap<string, DurableEvent>, floor: SequenceFloor | undefined): Sequenced {
  const events: DurableEvent[] = [];
  const seen = new Set<string>();
  const inferredIn = new Set<string>();
  let previous: bigint | undefined;
  let floorPending = floor !== undefined;
  let batch: Staged | undefined;
  let afterFooter = false;

  const commit = (event: StoreEvent, at: [bigint, number], segment: string, batchSequence?: bigint): void => {
    let sequence = durable.get(event.eventId)?.sequence;
    const atOrAfterFloor = floorPending && floor !== undefined && (at[0] > floor.segment || (at[0] === floor.segment && BigInt(at[1]) >= floor.offset));
    if (atOrAfterFloor) floorPending = false;
    if (sequence === undefined) {
      sequence = batchSequence ?? (previous === undefined ? 0n : previous + 1n);
      if (atOrAfterFloor && floor && sequence < floor.allocator) sequence = floor.allocator;
      inferredIn.add(segment);
    }
    previous = sequence;
    seen.add(event.eventId);
    events.push({ eventId: event.eventId, entity: event.entity, kind: event.kind, wallMs: event.wallMs, clock: event.clock, sequence });
  };

  for (const segment of segments) {
    if (segment.footerEvents) {
      // Footer events are in commit order, each with its durable sequence.
      if (batch) return { events, inferredIn, openBatch: undefined, needsAllFrames: true };
      for (const event of segment.footerEvents) commit(event, [segment.id, 0], segment.name);
      afterFooter = true;
      continue;
    }
    for (const { offset, event } of segment.scan.frames) {
      if (!event) {
        batch = undefined; // batpak skips an undecodable frame and drops a pending batch
        continue;
      }
      const at: [bigint, number] = [segment.id, offset];
      if (event.kind === BATCH_BEGIN) {
        batch = { first: BigInt('0x' + event.eventId), count: event.payloadSize, items: [], segment: segment.name };
      } else if (event.kind === BATCH_COMMIT) {
        // Its BEGIN may be in the footer-read segment before: those items are in no footer yet.
        if (!batch && afterFooter) return { events, inferredIn, openBatch: undefined, needsAllFrames: true };
        if (batch && batch.items.length === batch.count) {
          const { first, items } = batch;
          items.forEach((item, j) => commit(item.event, item.at, segment.name, first + BigInt(j)));
        }
        batch = undefined;
      } else if (batch) {
        batch.items.push({ event, at });
      } else {
        commit(event, at, segment.name);
      }
    }
    if (segment.scan.stop === 'crc' || segment.scan.stop === 'too-long') batch = undefined;
    afterFooter = false;
  }

  // batpak indexes a durable event from its footer or checkpoint even when its frame cannot be read.
  for (const event of durable.values()) if (!seen.has(event.eventId)) events.push(event);
  return { events, inferredIn, openBatch: batch && { segment: batch.segment, count: batch.count }, needsAllFrames: false };
}

/** batpak's stream order: (wall_ms, clock, event_id). */
export function streamOrder(a: StoreEvent, b: StoreEvent): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.clock !== b.clock) return a.clock - b.clock;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
