/** Counts of values in fixed buckets whose edges travel with the counts, so a chart never guesses them. */
import type { EntryRecord } from '../record';

export interface Histogram {
  /** Ascending lower bounds: bucket i holds the values from edges[i] up to edges[i + 1]; the last has no upper bound. */
  edges: number[];
  counts: number[];
  /** Values under the first edge (a cached-at in the future: clock skew). */
  below: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Ages of cached-at, in ms: a minute, an hour, a day, a week, a month, a quarter, a year. */
export const AGE_EDGES_MS: readonly number[] = [0, MINUTE, HOUR, DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];
/** Entry file sizes, in bytes: powers of 4 from 64 B to 16 MiB. */
export const SIZE_EDGES: readonly number[] = [0, 64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216];
/** Events an entry is behind its store. */
export const BEHIND_EDGES: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 1000, 10_000];

export function histogram(edges: readonly number[]): Histogram {
  return { edges: [...edges], counts: edges.map(() => 0), below: 0 };
}

export function addValue(h: Histogram, value: number): void {
  const { edges } = h;
  if (value < edges[0]) {
    h.below++;
    return;
  }
  let at = edges.length - 1;
  while (value < edges[at]) at--;
  h.counts[at]++;
}

/** Adds `from`'s counts; both must have the same edges (the scan's partial results do). */
export function mergeHistogram(into: Histogram, from: Histogram): Histogram {
  from.counts.forEach((count, i) => (into.counts[i] += count));
  into.below += from.below;
  return into;
}

/** How long before `now` an entry was cached, in ms, as the age histogram counts it; undefined without a plausible cached-at. */
export function cachedAgeMs(entry: Pick<EntryRecord, 'trailer' | 'warnings'>, now: number): number | undefined {
  const t = entry.trailer;
  return t === null || entry.warnings.includes('cached-at-implausible') ? undefined : now - Number(t.cachedAtUs) / 1000;
}
