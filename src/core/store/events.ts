/**
 * One entity's events from a store view, decoded: the view says which events and where their frames are; only those
 * frames are read (checked, see frameFiles.ts) and only their payloads decoded. Reading a page of events costs a
 * read per frame, whatever the size of the store.
 */
import { eventsAfter } from '../freshness';
import { BatchFinder, EventBatch, uuid } from './batch';
import { TOMBSTONE } from './event';
import { FrameDamage, FrameFiles } from './frameFiles';
import { payloadJson } from './payload';
import { NO_SEGMENT } from './table';
import { EntityHistory, StoreView } from './view';

export interface EventQuery {
  /**
   * Only the events after this sequence, as freshness counts them after a watermark: after the entity's event with
   * that sequence in stream order or, when it has none, with a higher sequence.
   */
  after?: bigint;
  /** Only events of these kinds; `[]` means every kind (batpak's convention, as in Freshness.relevantKinds). */
  kinds?: readonly number[];
  /** Newest first (default: oldest first, batpak's stream order). */
  newestFirst?: boolean;
  /** Skip this many of the matching events (in the order asked), then give at most `limit`. */
  offset?: number;
  limit?: number;
}

export interface EventPage {
  events: EntityEvent[];
  /** How many events match the query, before offset and limit. */
  total: number;
}

/** Why an event's frame or payload could not be read: the frame's damage, or a payload that is not MessagePack JSON can hold. */
export type EventDamage = FrameDamage | 'payload';

/**
 * An entity's event. What the store view knows is always there (sequence, clock, kind, location); what only the
 * frame holds is null when the frame is damaged.
 */
export interface EntityEvent {
  /** The global sequence (exact below 2^53, as in the store view). */
  sequence: number;
  /** The entity's clock: the event's position in the entity's stream (0, 1, 2…). */
  clock: number;
  /** `category << 12 | type_id`. */
  kind: number;
  /** A tombstone compaction left in place of a dropped event (kind 0x0FFE): no user event, but counted by batpak. */
  tombstone: boolean;
  entity: string;
  /** Where the frame is: segment file name (null when no file says) and byte offset, and its length, head included. */
  location: { segment: string | null; offset: number; length: number };
  /** Microseconds since the Unix epoch. */
  timestampUs: number | null;
  /** UUIDs, 8-4-4-4-12 lowercase; causationId null when the event has none. */
  eventId: string | null;
  correlationId: string | null;
  causationId: string | null;
  scope: string | null;
  /** The payload's size in bytes, as the header records it. */
  payloadSize: number | null;
  /** The batch the event was appended in (`append_batch`); null when none (or when its BEGIN marker cannot be read). */
  batch: EventBatch | null;
  /** The payload as exact JSON text (exactJson.ts); null when damaged. */
  payload: string | null;
  damage: EventDamage | null;
}

/** The entity's events (its UTF-8 bytes, as cache keys carry them); undefined when the store has none for it. */
export function readEntityEvents(view: StoreView, entity: Uint8Array, query: EventQuery = {}): EventPage | undefined {
  const history = view.entities.get(Buffer.from(entity).toString('hex'));
  if (!history) return undefined;
  let indexes = query.after === undefined ? history.sequences.map((_, i) => i) : eventsAfter(history, query.after);
  if (query.kinds && query.kinds.length > 0) {
    const wanted = new Set(query.kinds);
    indexes = indexes.filter((i) => wanted.has(history.kinds[i]));
  }
  const total = indexes.length;
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.max(0, query.limit ?? total);
  const page = query.newestFirst ? indexes.slice(Math.max(0, total - offset - limit), Math.max(0, total - offset)).reverse() : indexes.slice(offset, offset + limit);
  const files = new FrameFiles(view);
  try {
    const batches = new BatchFinder(view, files);
    const name = Buffer.from(entity).toString('utf8');
    return { events: page.map((i) => readEvent(view, history, i, entity, name, files, batches)), total };
  } finally {
    files.close();
  }
}

function readEvent(view: StoreView, history: EntityHistory, i: number, entity: Uint8Array, name: string, files: FrameFiles, batches: BatchFinder): EntityEvent {
  const position = history.frames[i];
  const { frames, segments } = view;
  const kind = history.kinds[i];
  const known = { sequence: history.sequences[i], clock: frames.clock[position], kind, tombstone: kind === TOMBSTONE, entity: name };
  const frame = files.frame(position, entity);
  if (typeof frame === 'string') {
    const segment = frames.segment[position];
    return {
      ...known,
      location: { segment: segment === NO_SEGMENT ? null : segments[segment].name, offset: frames.offset[position], length: frames.length[position] },
      timestampUs: null,
      eventId: null,
      correlationId: null,
      causationId: null,
      scope: null,
      payloadSize: null,
      batch: null,
      payload: null,
      damage: frame,
    };
  }
  const { bytes, fields: f } = frame;
  const payload = payloadJson(bytes, f.payloadStart, f.payloadEnd);
  return {
    ...known,
    location: { segment: segments[frame.segment].name, offset: frame.offset, length: bytes.length },
    timestampUs: Number.isNaN(f.timestampUs) ? null : f.timestampUs,
    eventId: uuid(bytes, f.idAt),
    correlationId: f.correlationAt < 0 ? null : uuid(bytes, f.correlationAt),
    causationId: f.causationAt < 0 ? null : uuid(bytes, f.causationAt),
    scope: f.scopeStart < 0 ? null : bytes.toString('utf8', f.scopeStart, f.scopeEnd),
    payloadSize: f.payloadSize,
    batch: batches.batchOf(position),
    payload: payload.json ?? null,
    damage: payload.json === undefined ? 'payload' : null,
  };
}
