/** A store's entities at a glance, for lists: how many events each has, its last sequence and when it last changed. */
import { readEntityEvents } from './store/events';
import { StoreView } from './store';

export interface StoreEntity {
  /** The entity's UTF-8 bytes in lowercase hex (StoreView.entities' key). */
  entityHex: string;
  eventCount: number;
  /** The sequence of its last event in stream order. */
  lastSequence: number;
}

/** Every entity of the store, the most recently appended to first. */
export function listStoreEntities(view: StoreView): StoreEntity[] {
  const entities: StoreEntity[] = [];
  for (const [entityHex, history] of view.entities) {
    let last = -Infinity;
    for (const sequence of history.sequences) if (sequence > last) last = sequence;
    entities.push({ entityHex, eventCount: history.sequences.length, lastSequence: last });
  }
  return entities.sort((a, b) => b.lastSequence - a.lastSequence);
}

/** When the entity's newest event was appended (µs since the epoch): one frame read; null when it cannot be read. */
export function lastEventTimeUs(view: StoreView, entity: Uint8Array): number | null {
  return readEntityEvents(view, entity, { newestFirst: true, limit: 1 })?.events[0]?.timestampUs ?? null;
}
