/**
 * Judging single entries as a whole-root pass judges them: the k1 group hints need all entries of a projection group
 * before any one of them can be judged (the census gathers them in its scan; `ls --store` in a pass of its own).
 */
import { assessFreshness, Freshness, FreshnessCounts, FreshnessHints, groupId, groupKindHints } from './freshness';
import { EntryRecord } from './record';
import { walk, WalkOptions } from './scanner';
import { StoreView } from './store';

export interface RootFreshness {
  counts: FreshnessCounts;
  /** The k1 group hints, for judging single entries later as this pass judged them. */
  groupKinds: Map<string, Set<number>>;
}

type Judged = Pick<EntryRecord, 'key' | 'trailer'>;

/** Freshness of `entry` with the hints of a whole-root pass (or none). */
export function entryFreshness(entry: Judged, store: StoreView, groupKinds?: Map<string, Set<number>>): Freshness | null {
  return assessFreshness(entry, store, entryHints(entry, groupKinds));
}

/** What a whole-root pass knows about `entry`'s projection: its group's consumed kinds, for a k1 key. */
export function entryHints(entry: Judged, groupKinds?: Map<string, Set<number>>): FreshnessHints {
  return { groupKinds: entry.key.layout === 'k1' ? groupKinds?.get(groupId(entry.key)) : undefined };
}

/** The k1 group hints of a whole root, for judging its entries one at a time (`ls --store`). */
export async function rootGroupKinds(root: string, store: StoreView, options: WalkOptions = {}): Promise<Map<string, Set<number>>> {
  const entries: Judged[] = [];
  for await (const record of walk(root, options)) if (record.kind === 'entry' && record.status === 'ok' && record.key.layout === 'k1') entries.push(record);
  return groupKindHints(entries, store);
}
