import { asId, asSmallUint, asUint } from './msgpack';

/** What the store reader keeps of one event, wherever it was read (a frame, a footer, a checkpoint, an index file). */
export interface StoreEvent {
  /** u128 as 32 lowercase hex digits, most significant first: comparing the strings compares the numbers. */
  eventId: string;
  entity: string;
  kind: number;
  wallMs: bigint;
  /** The per-entity clock (`position.sequence` in frames), not the global sequence. */
  clock: number;
}

/** An event with its global sequence, as a footer or a checkpoint records it. */
export interface DurableEvent extends StoreEvent {
  sequence: bigint;
}

/** Batch markers: system frames that are never indexed and take no sequence. */
export const BATCH_BEGIN = 0x0006;
export const BATCH_COMMIT = 0x0007;

export function isMarker(kind: number): boolean {
  return kind === BATCH_BEGIN || kind === BATCH_COMMIT;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A little-endian u128 (footers, index files) as the big-endian hex of `StoreEvent.eventId`. */
export function idFromLE(bytes: Buffer, at: number): string {
  // Built by hand: a store has an id per event, and a copy, a reverse and a toString each cost more than this.
  let hex = '';
  for (let i = at + 15; i >= at; i--) hex += HEX[bytes[i]];
  return hex;
}

/** A StoreEvent from decoded MessagePack fields (a frame header, a checkpoint entry); undefined when one is off. */
export function eventFrom(raw: { eventId: unknown; entity: unknown; kind: unknown; wallMs: unknown; clock: unknown }): StoreEvent | undefined {
  const eventId = asId(raw.eventId);
  const kind = asSmallUint(raw.kind);
  const wallMs = asUint(raw.wallMs);
  const clock = asSmallUint(raw.clock);
  if (eventId === undefined || typeof raw.entity !== 'string' || kind === undefined || kind > 0xffff || wallMs === undefined || clock === undefined) return undefined;
  return { eventId, entity: raw.entity, kind, wallMs, clock };
}
