/**
 * Every entry of a root judged against the store at once: the k1 group hints need all entries of a projection group
 * before any one of them can be judged, so this is two passes over a compact list (key and trailer per entry).
 */
import { assessFreshness, Freshness, FreshnessCounts, FreshnessHints, groupId, groupKindHints, summarizeFreshness } from './freshness';
import { EntryRecord, FileRecord } from './record';
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

/**
 * Keeps what judging needs (key and trailer) of each readable entry a scan passes by, so a scan made for other
 * reasons (the statistics) also serves freshness, and a store that changed is judged again without a new scan.
 */
export class FreshnessTally {
  private readonly entries: Judged[] = [];

  add(record: FileRecord): void {
    if (record.kind === 'entry' && record.status === 'ok') this.entries.push({ key: record.key, trailer: record.trailer });
  }

  judge(store: StoreView): RootFreshness {
    const groupKinds = groupKindHints(this.entries, store);
    return { counts: summarizeFreshness(this.entries.map((entry) => entryFreshness(entry, store, groupKinds))), groupKinds };
  }
}

/** The k1 group hints of a whole root, for judging its entries one at a time (`ls --store`). */
export async function rootGroupKinds(root: string, store: StoreView, options: WalkOptions = {}): Promise<Map<string, Set<number>>> {
  const entries: Judged[] = [];
  for await (const record of walk(root, options)) if (record.kind === 'entry' && record.status === 'ok' && record.key.layout === 'k1') entries.push(record);
  return groupKindHints(entries, store);
}
