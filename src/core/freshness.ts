/**
 * Whether a cached projection is still what `Freshness::Consistent` would return, judged against the event store:
 * an entry is fresh when its watermark is the entity's last relevant event.
 *
 * Which kinds are relevant: a k2 key's kinds hash names the exact set (found by hashing subsets of the kinds in the
 * store; the all-kinds hash is a constant). A k1 key does not say, but the event at its watermark has a kind the
 * projection consumes, and so does the event at the watermark of every entry of the same projection group (type hash,
 * schema version): `groupKindHints` collects those. Newer events of a consumed kind make an entry `stale`; newer
 * events only of other kinds make it `maybe-stale` (the projection may or may not consume them).
 */
import { EntryRecord } from './record';
import { ALL_KINDS_HASH, kindsHash } from './siphash';
import { EntityHistory, StoreView } from './store';

export type FreshnessState = 'fresh' | 'stale' | 'maybe-stale' | 'ahead' | 'unknown-entity';
export const FRESHNESS_STATES: readonly FreshnessState[] = ['fresh', 'stale', 'maybe-stale', 'ahead', 'unknown-entity'];

export interface Freshness {
  state: FreshnessState;
  /** stale: newer relevant events; maybe-stale: newer events of kinds the projection may not consume; else 0. */
  eventsBehind: number;
  /** The entity's last relevant event's sequence (its last event overall when the relevant kinds are unknown). */
  lastEventSequence: number | null;
  /** The exact consumed kinds when known (`[]` = every kind, batpak's convention), else null. */
  relevantKinds: number[] | null;
  /** The kinds of every event after the watermark, ascending. */
  newerKinds: number[];
}

export interface FreshnessHints {
  /** Kinds known to be consumed by the entry's projection group (see groupKindHints). */
  groupKinds?: ReadonlySet<number>;
}

/** The freshness of one entry; null for raw keys and entries without a trailer (nothing to compare). */
export function assessFreshness(entry: Pick<EntryRecord, 'key' | 'trailer'>, store: StoreView, hints: FreshnessHints = {}): Freshness | null {
  const { key, trailer } = entry;
  if (key.layout === 'raw' || !key.entity || !trailer) return null;
  const history = store.entities.get(key.entity.toString('hex'));
  const relevantKinds = key.kindsHash === undefined ? null : relevantKindsOf(key.kindsHash, store);
  if (!history) return { state: 'unknown-entity', eventsBehind: 0, lastEventSequence: null, relevantKinds, newerKinds: [] };
  const { wm, at } = watermarkIn(history, trailer.watermark);
  const newer = eventsAfter(history, trailer.watermark);
  const newerKinds = [...new Set(newer.map((i) => history.kinds[i]))].sort((a, b) => a - b);

  if (relevantKinds) {
    const relevant = (kind: number): boolean => relevantKinds.length === 0 || relevantKinds.includes(kind);
    const last = lastWhere(history, relevant);
    const base = { lastEventSequence: last, relevantKinds, newerKinds };
    if (last === wm) return { state: 'fresh', eventsBehind: 0, ...base };
    if (at < 0 && (last === null || wm > last)) return { state: 'ahead', eventsBehind: 0, ...base };
    return { state: 'stale', eventsBehind: newer.filter((i) => relevant(history.kinds[i])).length, ...base };
  }

  const lastEventSequence = history.sequences[history.sequences.length - 1];
  const base = { lastEventSequence, relevantKinds, newerKinds };
  if (at < 0) {
    // Not one of the entity's events: the store's current watermark can never equal it.
    return wm > lastEventSequence ? { state: 'ahead', eventsBehind: 0, ...base } : { state: 'stale', eventsBehind: newer.length, ...base };
  }
  const consumed = consumedAt(history, at, hints);
  const behind = newer.filter((i) => consumed.has(history.kinds[i])).length;
  if (behind > 0) return { state: 'stale', eventsBehind: behind, ...base };
  return newer.length > 0 ? { state: 'maybe-stale', eventsBehind: newer.length, ...base } : { state: 'fresh', eventsBehind: 0, ...base };
}

/** A k1 projection's consumed kinds, from the event at its watermark (index `at`) and its group's hints. */
function consumedAt(history: EntityHistory, at: number, hints: FreshnessHints): Set<number> {
  return new Set([history.kinds[at], ...(hints.groupKinds ?? [])]);
}

/**
 * The kinds an entry's projection is known to consume, as its freshness counts them: a k2 key's kinds ([] = every
 * kind); else the kind of the event at its watermark and the group's hints; null when nothing tells (a raw key, an
 * unknown entity, a watermark that is none of the entity's events).
 */
export function consumedKinds(entry: Pick<EntryRecord, 'key' | 'trailer'>, store: StoreView, hints: FreshnessHints = {}): number[] | null {
  const { key, trailer } = entry;
  if (key.layout === 'raw' || !key.entity || !trailer) return null;
  const relevantKinds = key.kindsHash === undefined ? null : relevantKindsOf(key.kindsHash, store);
  if (relevantKinds) return relevantKinds;
  const history = store.entities.get(key.entity.toString('hex'));
  const at = history ? watermarkIn(history, trailer.watermark).at : -1;
  return history && at >= 0 ? [...consumedAt(history, at, hints)].sort((a, b) => a - b) : null;
}

/**
 * Indexes in the history of the events after `watermark`: after its event in stream order or, when it is none of
 * them, with a higher sequence (what freshness counts as newer).
 */
export function eventsAfter(history: EntityHistory, watermark: bigint): number[] {
  const { wm, at } = watermarkIn(history, watermark);
  return newerIndexes(history, at, wm);
}

/** The watermark as a sequence number, and the index of its event in the history (-1 when it is none of them). */
function watermarkIn(history: EntityHistory, watermark: bigint): { wm: number; at: number } {
  // Sequences are numbers (exact below 2^53); a watermark beyond that is beyond any event.
  const wm = watermark > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(watermark);
  return { wm, at: history.sequences.lastIndexOf(wm) };
}

/** Indexes of the events after the watermark: after its event in stream order, or with a higher sequence. */
function newerIndexes(history: EntityHistory, at: number, wm: number): number[] {
  const indexes: number[] = [];
  history.sequences.forEach((sequence, i) => {
    if (at >= 0 ? i > at : sequence > wm) indexes.push(i);
  });
  return indexes;
}

function lastWhere(history: EntityHistory, keep: (kind: number) => boolean): number | null {
  for (let i = history.kinds.length - 1; i >= 0; i--) if (keep(history.kinds[i])) return history.sequences[i];
  return null;
}

/**
 * The kinds consumed by each projection group of k1 entries: the kind of the event at every entry's watermark.
 * Keyed by `groupId`. Entries whose watermark is not one of their entity's events add nothing.
 */
export function groupKindHints(entries: Iterable<Pick<EntryRecord, 'key' | 'trailer'>>, store: StoreView): Map<string, Set<number>> {
  const hints = new Map<string, Set<number>>();
  for (const { key, trailer } of entries) {
    if (key.layout !== 'k1' || !key.entity || !trailer) continue;
    const history = store.entities.get(key.entity.toString('hex'));
    const at = history ? watermarkIn(history, trailer.watermark).at : -1;
    if (!history || at < 0) continue;
    const id = groupId(key);
    const kinds = hints.get(id) ?? new Set<number>();
    kinds.add(history.kinds[at]);
    hints.set(id, kinds);
  }
  return hints;
}

export function groupId(key: Pick<EntryRecord['key'], 'typeHash' | 'schemaVersion'>): string {
  return `${key.typeHash}:${key.schemaVersion}`;
}

/** The largest set of kinds whose subsets are tried when matching a kinds hash: 2^16 hashes cost about 150 ms. */
const MAX_KINDS_SEARCHED = 16;
/** Hashes tried for one kinds hash in all, over every set searched. */
const SEARCH_BUDGET = 2 ** 18;

/** Per store: each kinds hash's kinds once matched (null: none within the bounds), and the kind sets searched. */
const searches = new WeakMap<StoreView, { byHash: Map<bigint, number[] | null>; kindSets?: number[][] }>();

/**
 * The kinds whose hash is `hash`, or null when none matches within the bounds (the projection also consumes kinds the
 * store does not hold). The hash names the projection's kinds whichever entity an entry is about, so the answer is
 * one per store: with few kinds, among subsets of all of them; with more, among subsets of the kinds each entity has.
 * A projection's entry for an entity that lacks one of its kinds matches like every other.
 */
function relevantKindsOf(hash: bigint, store: StoreView): number[] | null {
  if (hash === ALL_KINDS_HASH) return [];
  let search = searches.get(store);
  if (!search) searches.set(store, (search = { byHash: new Map() }));
  if (!search.byHash.has(hash)) {
    search.kindSets ??= kindSetsOf(store);
    search.byHash.set(hash, firstMatch(hash, search.kindSets));
  }
  return search.byHash.get(hash) ?? null;
}

const sortedUnique = (kinds: Iterable<number>): number[] => [...new Set(kinds)].sort((a, b) => a - b);

/** The sets of kinds to search, the largest first: the store's when few enough, else each entity's distinct set. */
function kindSetsOf(store: StoreView): number[][] {
  if (store.kinds.size <= MAX_KINDS_SEARCHED) return [sortedUnique(store.kinds)];
  const sets = new Map<string, number[]>();
  for (const history of store.entities.values()) {
    const kinds = sortedUnique(history.kinds);
    if (kinds.length <= MAX_KINDS_SEARCHED) sets.set(kinds.join(','), kinds);
  }
  return [...sets.values()].sort((a, b) => b.length - a.length);
}

/** The first subset of one of `kindSets` whose hash is `hash`; a set inside one searched already is skipped. */
function firstMatch(hash: bigint, kindSets: readonly number[][]): number[] | null {
  let budget = SEARCH_BUDGET;
  const searched: Array<Set<number>> = [];
  for (const kinds of kindSets) {
    if (searched.some((bigger) => kinds.every((kind) => bigger.has(kind)))) continue;
    budget -= 2 ** kinds.length;
    if (budget < 0) return null;
    const subset = searchSubsets(hash, kinds);
    if (subset) return subset;
    searched.push(new Set(kinds));
  }
  return null;
}

function searchSubsets(hash: bigint, kinds: readonly number[]): number[] | null {
  for (let mask = 1; mask < 1 << kinds.length; mask++) {
    const subset = kinds.filter((_, i) => (mask >> i) & 1);
    if (kindsHash(subset) === hash) return subset;
  }
  return null;
}

export type FreshnessCounts = Record<FreshnessState | 'none', number>;

/** Counts per state; `none` counts entries with no freshness (raw keys, corrupt entries). */
export function summarizeFreshness(all: Iterable<Freshness | null>): FreshnessCounts {
  const counts: FreshnessCounts = { fresh: 0, stale: 0, 'maybe-stale': 0, ahead: 0, 'unknown-entity': 0, none: 0 };
  for (const freshness of all) counts[freshness?.state ?? 'none']++;
  return counts;
}
