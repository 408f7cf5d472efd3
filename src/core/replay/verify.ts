/**
 * Verify and replay an entry with the projection's own code (a Replayer). Verify replays from `init` over the entity's
 * relevant events up to the entry's watermark and compares with the cached value, as JSON values (key order ignored,
 * numbers exact); replay applies the relevant events after the watermark to the cached value, one step per event.
 * A ReplayerFailure is thrown, never turned into a verdict.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { formatEventKind } from '../human';
import { EntryContent, isPartialValue } from '../inspect';
import { JsonPath, jsonDifferences, jsonPointer } from '../jsonCompare';
import { compactJsonText, jsonTextOf } from '../jsonText';
import { EntityEvent, readEntityEvents } from '../store/events';
import { eventToJson } from '../store/eventJson';
import { StoreView } from '../store/view';
import { matchProjection, ProjectionChoices, ProjectionMatch } from './match';
import { Replayer, ReplayerProjection } from './replayer';

/** Why an entry cannot be verified (or replayed): a fact, for each surface to word. */
export type UnverifiableReason =
  | 'damaged'
  | 'value-not-json'
  | 'value-too-large'
  | 'raw-key'
  | 'no-projection'
  | 'ambiguous'
  | 'unknown-choice'
  | 'unknown-entity'
  | 'events-missing'
  | 'events-damaged'
  | 'replayer-refused';

export type Verdict =
  | { result: 'match'; projection: string }
  | {
      result: 'diverged';
      projection: string;
      /** The first differing path (RFC 6901 pointer) and the exact JSON text there on each side (undefined: absent). */
      jsonPath: string;
      cached?: string;
      replayed?: string;
      /** The event whose apply last changed the replayed value at jsonPath (null: it is init's). */
      afterSequence: number | null;
    }
  | { result: 'unverifiable'; projection: string | null; reason: UnverifiableReason; detail?: string; candidates?: string[] };

type Unverifiable = Extract<Verdict, { result: 'unverifiable' }>;

export interface ReplayContext {
  replayer: Replayer;
  projections: readonly ReplayerProjection[];
  store: StoreView;
  choices?: ProjectionChoices;
  /**
   * The last entity's events with their JSON, kept by verifyEntry: a root's entries of one entity are adjacent in path
   * order, and each projection of it replays the same events (20 projections read them once, not 20 times).
   */
  recent?: { entityHex: string; events: Array<{ event: EntityEvent; json: string }> | undefined };
}

/** What an entry holds for a replay: its projection, entity, watermark and value; or why it cannot be replayed. */
type Prepared = { projection: ReplayerProjection; entity: Buffer; watermark: bigint; value: string } | Unverifiable;

function prepare(content: EntryContent, context: ReplayContext): Prepared {
  const { record } = content;
  const matched: ProjectionMatch = matchProjection(record.key, context.projections, context.choices);
  const name = 'projection' in matched ? matched.projection.name : null;
  const unverifiable = (reason: UnverifiableReason, extra: Partial<Unverifiable> = {}): Unverifiable => ({ result: 'unverifiable', projection: name, reason, ...extra });
  if (record.status !== 'ok' || !record.trailer || !content.value) return unverifiable('damaged');
  if (isPartialValue(content)) return unverifiable('value-too-large');
  const value = jsonTextOf(content.value);
  if (value === undefined) return unverifiable('value-not-json');
  if (!('projection' in matched)) return unverifiable(matched.unmatched, { candidates: matched.candidates });
  return { projection: matched.projection, entity: record.key.entity as Buffer, watermark: record.trailer.watermark, value };
}

/** All the entity's events with their JSON, oldest first (kept for the next entry); undefined when the store has none of it. */
function entityEvents(context: ReplayContext, entity: Buffer): Array<{ event: EntityEvent; json: string }> | undefined {
  const entityHex = entity.toString('hex');
  if (context.recent?.entityHex !== entityHex) {
    const events = readEntityEvents(context.store, entity)?.events.map((event) => ({ event, json: eventToJson(event) }));
    context.recent = { entityHex, events };
  }
  return context.recent.events;
}

export async function verifyEntry(content: EntryContent, context: ReplayContext): Promise<Verdict> {
  const prepared = prepare(content, context);
  if ('result' in prepared) return prepared;
  const { projection, watermark, value } = prepared;
  const unverifiable = (reason: UnverifiableReason, detail?: string): Verdict => ({ result: 'unverifiable', projection: projection.name, reason, ...(detail === undefined ? {} : { detail }) });
  const everyKind = entityEvents(context, prepared.entity);
  if (!everyKind) return unverifiable('unknown-entity');
  const kinds = new Set(projection.kinds);
  const all = kinds.size === 0 ? everyKind : everyKind.filter(({ event }) => kinds.has(event.kind));
  // batpak caches only after at least one relevant event, and the watermark is the last one's sequence.
  const end = all.findIndex(({ event }) => BigInt(event.sequence) === watermark);
  if (end < 0) return unverifiable('events-missing');
  const events = all.slice(0, end + 1).map(({ event }) => event);
  if (events.some((event) => event.damage !== null)) return unverifiable('events-damaged');
  const texts = all.slice(0, end + 1).map(({ json }) => json);
  const { replayer } = context;
  const init = await replayer.init(projection.name);
  if (typeof init !== 'string') return unverifiable('replayer-refused', init.refused);
  const folded = await replayer.fold(projection.name, init, texts);
  if (typeof folded !== 'string') return unverifiable('replayer-refused', folded.refused);
  const difference = jsonDifferences(value, folded, 1)[0];
  if (!difference) return { result: 'match', projection: projection.name };
  // Where they part: only now every intermediate state is asked for.
  const states = await replayer.apply(projection.name, init, texts);
  if (!Array.isArray(states)) return unverifiable('replayer-refused', states.refused);
  return {
    result: 'diverged',
    projection: projection.name,
    jsonPath: jsonPointer(difference.path),
    ...(difference.a === undefined ? {} : { cached: difference.a }),
    ...(difference.b === undefined ? {} : { replayed: difference.b }),
    afterSequence: lastChange([init, ...states], difference.path, events),
  };
}

/** How many entries verifyEntries keeps asked ahead: their requests wait in the replayer's stdin while it folds. */
const IN_FLIGHT = 16;

/**
 * Every entry's verdict, in the entries' order. The next entries' requests are written while the replayer folds the
 * earlier ones (answers still come one per request, in order), so our part of the work overlaps the replayer's.
 */
export async function* verifyEntries(entries: AsyncIterable<EntryContent>, context: ReplayContext): AsyncGenerator<{ content: EntryContent; verdict: Verdict }> {
  const asked: Array<Promise<{ content: EntryContent; verdict: Verdict }>> = [];
  for await (const content of entries) {
    const verdict = verifyEntry(content, context).then((found) => ({ content, verdict: found }));
    // Awaited in turn below; a replayer failure rejects them all, and the first one awaited throws it.
    verdict.catch(() => undefined);
    asked.push(verdict);
    if (asked.length >= IN_FLIGHT) yield await (asked.shift() as (typeof asked)[number]);
  }
  for (const verdict of asked) yield await verdict;
}

/** The sequence of the event after which the state at `path` last changed (states[0] is init's), or null. */
function lastChange(states: readonly string[], path: JsonPath, events: readonly EntityEvent[]): number | null {
  const at = (state: string): string | undefined => {
    const node = findNodeAtLocation(parseTree(state) ?? { type: 'null', offset: 0, length: 0 }, path);
    return node === undefined ? undefined : compactJsonText(state.slice(node.offset, node.offset + node.length));
  };
  const seen = states.map(at);
  for (let i = seen.length - 1; i > 0; i--) {
    const before = seen[i - 1];
    const after = seen[i];
    if (before === undefined || after === undefined ? before !== after : jsonDifferences(before, after, 1).length > 0) return events[i - 1].sequence;
  }
  return null;
}

/** One step of a replay: the event applied, the state after it, and the paths (RFC 6901) it changed. */
export interface ReplayStep {
  sequence: number;
  kind: string;
  state: string;
  changed: string[];
}

export type ReplayOutcome = { projection: string; from: string; steps: ReplayStep[] } | Unverifiable;

/** From the cached state at the watermark, the relevant events after it applied one at a time. */
export async function replayEntry(content: EntryContent, context: ReplayContext): Promise<ReplayOutcome> {
  const prepared = prepare(content, context);
  if ('result' in prepared) return prepared;
  const { projection, value } = prepared;
  const events = readEntityEvents(context.store, prepared.entity, { kinds: projection.kinds, after: prepared.watermark })?.events;
  if (!events) return { result: 'unverifiable', projection: projection.name, reason: 'unknown-entity' };
  if (events.some((event) => event.damage !== null)) return { result: 'unverifiable', projection: projection.name, reason: 'events-damaged' };
  const states = events.length === 0 ? [] : await context.replayer.apply(projection.name, value, events.map(eventToJson));
  if (!Array.isArray(states)) return { result: 'unverifiable', projection: projection.name, reason: 'replayer-refused', detail: states.refused };
  const steps = states.map((state, i) => ({
    sequence: events[i].sequence,
    kind: formatEventKind(events[i].kind),
    state,
    changed: jsonDifferences(i === 0 ? value : states[i - 1], state).map((difference) => jsonPointer(difference.path)),
  }));
  return { projection: projection.name, from: value, steps };
}
