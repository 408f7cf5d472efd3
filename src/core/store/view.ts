/**
 * What a store read keeps (StoreView): per entity, its events' sequences and kinds in stream order, and where every
 * event's frame is, in typed arrays (about 50 bytes an event in all), so one entity's events can be read back from the
 * segments by location later without reading the store again.
 */
import { frameRef, Sequenced } from './sequence';
import { EntityNames, EventTable, NO_SEGMENT } from './table';
import { isHidden, SequenceRange } from './visibility';
import { StoreWarning } from './warnings';

export interface StoreView {
  dir: string;
  /** Key: the entity's UTF-8 bytes in lowercase hex (cache keys carry the same bytes). */
  entities: Map<string, EntityHistory>;
  /** Every event kind seen in the store. */
  kinds: ReadonlySet<number>;
  /** The highest global sequence of any counted event. */
  maxSequence: number | null;
  eventCount: number;
  /** Unsupported formats, damage, renumbered segments, a batch still being written: facts each surface words. */
  warnings: StoreWarning[];
  /** The segment files read, in order: `frames.segment` indexes this list. */
  segments: SegmentInfo[];
  /** Every counted event's frame, in write order (cancelled ones too): EntityHistory.frames indexes these arrays. */
  frames: FrameIndex;
}

/** One entity's events in stream order (wall_ms, clock, event_id): parallel arrays. */
export interface EntityHistory {
  sequences: number[];
  kinds: number[];
  /** Each event's position in StoreView.frames. */
  frames: Uint32Array;
}

export interface SegmentInfo {
  name: string;
  /** Where its frames start (after the header) and end (at the footer, or where the last whole frame ended). */
  frameStart: number;
  framesEnd: number;
}

export interface FrameIndex {
  /** Index into StoreView.segments; -1 when no file says where the frame is. */
  segment: Int32Array;
  offset: Float64Array;
  /** The frame's length, its 8-byte head included. */
  length: Uint32Array;
  /** The event's kind and its entity's clock: with the entity, what tells the frame read back is the event. */
  kind: Uint16Array;
  clock: Uint32Array;
  /**
   * The first frame of the run of back-to-back counted frames this one is in. Uncounted frames (batch markers,
   * damage) end a run, so a batch's items are one run right after its BEGIN marker (see batch.ts).
   */
  runStart: Uint32Array;
}

export interface ReadTables {
  durable: EventTable;
  frames: EventTable;
  names: EntityNames;
  segments: SegmentInfo[];
  sequenced: Sequenced;
}

export function buildView(dir: string, read: ReadTables, hidden: readonly SequenceRange[], warnings: StoreWarning[]): StoreView {
  const { names, segments, sequenced } = read;
  const { sequences, count } = sequenced;
  const columns = columnsOf(read);

  // Bucket the visible events by entity (a counting sort), then put each entity's in stream order.
  const counts = new Uint32Array(names.names.length + 1);
  const visible = new Uint8Array(count);
  const kinds = new Set<number>();
  let max: number | undefined;
  let eventCount = 0;
  for (let i = 0; i < count; i++) {
    if (hidden.length > 0 && isHidden(sequences[i], hidden)) continue;
    visible[i] = 1;
    counts[columns.entity[i] + 1]++;
    kinds.add(columns.kind[i]);
    if (max === undefined || sequences[i] > max) max = sequences[i];
    eventCount++;
  }
  for (let e = 1; e < counts.length; e++) counts[e] += counts[e - 1];
  const byEntity = new Uint32Array(eventCount);
  const next = counts.slice(0, -1);
  for (let i = 0; i < count; i++) if (visible[i]) byEntity[next[columns.entity[i]]++] = i;
  const entities = new Map<string, EntityHistory>();
  names.names.forEach((name, e) => {
    if (counts[e + 1] === counts[e]) return;
    // Views into one buffer: a store can have a million entities, and an ArrayBuffer each would cost more than its events.
    const positions = byEntity.subarray(counts[e], counts[e + 1]);
    let sorted = true;
    for (let i = 1; i < positions.length && sorted; i++) sorted = columns.order(positions[i - 1], positions[i]) <= 0;
    if (!sorted) positions.sort(columns.order);
    const history: EntityHistory = { sequences: new Array<number>(positions.length), kinds: new Array<number>(positions.length), frames: positions };
    for (let i = 0; i < positions.length; i++) {
      history.sequences[i] = sequences[positions[i]];
      history.kinds[i] = columns.kind[positions[i]];
    }
    entities.set(Buffer.from(name, 'utf8').toString('hex'), history);
  });
  if (max !== undefined && max > Number.MAX_SAFE_INTEGER) warnings.push({ code: 'sequences-rounded', max: String(max) });
  return { dir, entities, kinds, maxSequence: max ?? null, eventCount, warnings, segments, frames: columns.frames };
}

/** Each counted event's entity, kind and frame, by its position in write order, and batpak's stream order of two. */
function columnsOf({ durable, frames, sequenced: { refs, count: n } }: ReadTables) {
  const entity = new Uint32Array(n);
  const wallMs = new Float64Array(n);
  const kind = new Uint16Array(n);
  const index: FrameIndex = { segment: new Int32Array(n), offset: new Float64Array(n), length: new Uint32Array(n), kind, clock: new Uint32Array(n), runStart: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    const table = refs[i] >= 0 ? durable : frames;
    const row = refs[i] >= 0 ? refs[i] : frameRef(refs[i]);
    entity[i] = table.entity[row];
    kind[i] = table.kind[row];
    wallMs[i] = table.wallMs[row];
    index.segment[i] = table.segment[row];
    index.offset[i] = table.offset[row];
    index.length[i] = table.frameLength[row];
    index.clock[i] = table.clock[row];
    const joined = i > 0 && index.segment[i] !== NO_SEGMENT && index.segment[i] === index.segment[i - 1] && index.offset[i - 1] + index.length[i - 1] === index.offset[i];
    index.runStart[i] = joined ? index.runStart[i - 1] : i;
  }
  const idOrder = (a: number, b: number): number => {
    const [ta, tb] = [refs[a] >= 0 ? durable : frames, refs[b] >= 0 ? durable : frames];
    return ta.compareIds(refs[a] >= 0 ? refs[a] : frameRef(refs[a]), tb, refs[b] >= 0 ? refs[b] : frameRef(refs[b]));
  };
  const clock = index.clock;
  const order = (a: number, b: number): number => (wallMs[a] !== wallMs[b] ? wallMs[a] - wallMs[b] : clock[a] !== clock[b] ? clock[a] - clock[b] : idOrder(a, b));
  return { entity, kind, frames: index, order };
}
