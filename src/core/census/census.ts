/**
 * A root's census: everything one scan learns about it. The statistics of `stats`, what an overview charts (cached-at
 * ages, sizes, temp files, freshness and how far behind), and the evidence the audit decides on. Worker threads build
 * a part per directory (part.ts); the calling thread merges the parts here and decides the audit.
 */
import type { StoreWarning } from '../store/warnings';
import { FreshnessCounts } from '../freshness';
import { LayoutHint } from '../record';
import { RootStats, StatsBuilder } from '../stats';
import { Audit, decideAudit, GroupEvidence, mergeEvidence } from './audit';
import { AGE_EDGES_MS, Histogram, histogram, mergeHistogram, SIZE_EDGES } from './histogram';
import { CensusPart, CensusSettings, emptyFreshness, FreshnessPart, mergeGroupKinds } from './part';
import { emptyTally, mergeTally, Tally } from './tally';

function mergeFreshness(into: FreshnessPart, from: FreshnessPart): void {
  for (const state of Object.keys(from.counts) as Array<keyof FreshnessCounts>) into.counts[state] += from.counts[state];
  mergeHistogram(into.behind, from.behind);
  mergeGroupKinds(into.groupKinds, from.groupKinds);
}

/** The whole root's census. Hashes and 64-bit numbers are bigints (censusJson.ts has the JSON forms). */
export interface RootCensus {
  root: string;
  /** The clock ages are measured from (ms since the epoch). */
  now: number;
  /** The key layout the scan parsed keys with. */
  layout: LayoutHint;
  /** Worker threads the scan ran on. */
  threads: number;
  stats: RootStats;
  /** Entries by the age of their cached-at. */
  cachedAtAges: Histogram;
  /** Entries in no age bucket: no readable trailer, or an implausible cached-at. */
  undatedEntries: number;
  /** Entries by file size in bytes. */
  sizes: Histogram;
  /** Temp files younger than the grace period (writes in progress, maybe) and older (orphans). */
  temp: { young: Tally; orphaned: Tally; graceMs: number };
  /** With a store: the entries' freshness against it. */
  freshness: (FreshnessPart & { store: string; eventCount: number; warnings: StoreWarning[] }) | null;
  audit: Audit;
}

export interface StoreSummary {
  dir: string;
  eventCount: number;
  warnings: StoreWarning[];
}

/** Merges the parts of a root, in any order, into its census. */
export class CensusMerger {
  private readonly stats: StatsBuilder;
  private readonly cachedAtAges = histogram(AGE_EDGES_MS);
  private readonly sizes = histogram(SIZE_EDGES);
  private undated = 0;
  private readonly temp = { young: emptyTally(), orphaned: emptyTally() };
  private readonly corrupt = emptyTally();
  private readonly misplaced = emptyTally();
  private readonly groups = new Map<string, GroupEvidence>();
  private readonly shared = new Map<string, number>();
  private readonly freshness: FreshnessPart;

  constructor(
    private readonly root: string,
    private readonly settings: CensusSettings,
  ) {
    this.stats = new StatsBuilder(root);
    this.freshness = emptyFreshness();
  }

  merge(part: CensusPart): void {
    this.stats.merge(part.stats);
    mergeHistogram(this.cachedAtAges, part.cachedAtAges);
    mergeHistogram(this.sizes, part.sizes);
    this.undated += part.undated;
    mergeTally(this.temp.young, part.temp.young);
    mergeTally(this.temp.orphaned, part.temp.orphaned);
    mergeTally(this.corrupt, part.corrupt);
    mergeTally(this.misplaced, part.misplaced);
    for (const evidence of part.groups) {
      const known = this.groups.get(evidence.id);
      if (known) mergeEvidence(known, evidence);
      else this.groups.set(evidence.id, evidence);
    }
    const { ids, counts } = part.shared;
    ids.forEach((a, i) =>
      ids.forEach((b, j) => {
        const n = counts[i * ids.length + j];
        if (i !== j && n > 0) this.shared.set(`${a} ${b}`, (this.shared.get(`${a} ${b}`) ?? 0) + n);
      }),
    );
    if (part.freshness) mergeFreshness(this.freshness, part.freshness);
  }

  /** The k1 group hints of every part merged so far. */
  get groupKinds(): Map<string, Set<number>> {
    return this.freshness.groupKinds;
  }

  finish(layout: LayoutHint, threads: number, store: StoreSummary | null): RootCensus {
    const stats = this.stats.finish();
    // Each directory's issues are in walk order; the directories came in any order.
    stats.issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const { tempGraceMs, staleAfterEvents } = this.settings;
    const audit = decideAudit({
      groups: this.groups.values(),
      shared: (a, b) => this.shared.get(`${a} ${b}`) ?? 0,
      files: { corrupt: this.corrupt, misplaced: this.misplaced, 'orphaned-temp': this.temp.orphaned },
      writesV2: stats.trailers.v2 > 0,
      tempGraceMs,
      staleAfterEvents,
      store: store && { dir: store.dir, warnings: store.warnings },
    });
    return {
      root: this.root,
      now: this.settings.now,
      layout,
      threads,
      stats,
      cachedAtAges: this.cachedAtAges,
      undatedEntries: this.undated,
      sizes: this.sizes,
      temp: { ...this.temp, graceMs: tempGraceMs },
      freshness: store && { ...this.freshness, store: store.dir, eventCount: store.eventCount, warnings: store.warnings },
      audit,
    };
  }
}
