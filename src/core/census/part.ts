/**
 * A census part: what one directory of a root (or the files directly in it) contributes to the root's census, built
 * by a worker thread from the directory's records and posted to the thread that merges the parts (census.ts).
 */
import { Freshness, FreshnessCounts, groupKindHints } from '../freshness';
import { KeyInfo } from '../key';
import { FileRecord } from '../record';
import { entryFreshness } from '../rootFreshness';
import { ScanIssue } from '../scanner';
import { GroupStats, RootStats, StatsBuilder } from '../stats';
import { StoreView } from '../store';
import { Trailer } from '../trailer';
import { emptyEvidence, GroupEvidence, GroupKey, groupKeyId, repairClassOf, storeClassOf } from './audit';
import { addValue, AGE_EDGES_MS, cachedAgeMs, BEHIND_EDGES, Histogram, histogram, SIZE_EDGES } from './histogram';
import { addFile, emptyTally, Tally } from './tally';

export interface CensusSettings {
  /** The scan's clock (ms since the epoch): ages are measured from it. */
  now: number;
  /** Temp files at least this old are orphans. */
  tempGraceMs: number;
  /** The N of the audit's stale class. */
  staleAfterEvents: number;
}

export interface FreshnessPart {
  counts: FreshnessCounts;
  /** How many events behind the stale and maybe-stale entries are. */
  behind: Histogram;
  /** The k1 group hints (groupKindHints): judge a single entry later as the scan did. */
  groupKinds: Map<string, Set<number>>;
}

/** What a share of a root (one directory, or the files directly in it) contributes: what a worker thread posts. */
export interface CensusPart {
  stats: RootStats;
  cachedAtAges: Histogram;
  undated: number;
  sizes: Histogram;
  temp: { young: Tally; orphaned: Tally };
  corrupt: Tally;
  misplaced: Tally;
  groups: GroupEvidence[];
  /** Entities shared by groups: counts[a * ids.length + b] of group ids[a]'s entities also have an entry in ids[b]. */
  shared: SharedEntities;
  /** With a store only. */
  freshness: FreshnessPart | null;
}

export interface SharedEntities {
  ids: string[];
  counts: Int32Array;
}

/** A readable k1 entry kept until the whole root's group hints are known (with a store only). */
export interface Deferred {
  key: KeyInfo;
  trailer: Trailer;
  path: string;
  size: number;
}

export function groupKeyOf(key: KeyInfo): GroupKey | null {
  if (key.layout === 'raw') return null;
  return { layout: key.layout, typeHash: key.typeHash as bigint, schemaVersion: key.schemaVersion as bigint, kindsHash: key.kindsHash ?? null };
}

/** The bytes after the entity in a key's hex: 0x00 and the k1 (16 bytes) or k2 (24 bytes) tail. */
const TAIL_HEX = { k1: 34, k2: 50 } as const;

export const emptyFreshness = (): FreshnessPart => ({
  counts: { fresh: 0, stale: 0, 'maybe-stale': 0, ahead: 0, 'unknown-entity': 0, none: 0 },
  behind: histogram(BEHIND_EDGES),
  groupKinds: new Map(),
});

export function mergeGroupKinds(into: Map<string, Set<number>>, from: Map<string, Set<number>>): void {
  for (const [id, kinds] of from) {
    const known = into.get(id);
    if (known) for (const kind of kinds) known.add(kind);
    else into.set(id, new Set(kinds));
  }
}

/** Builds the part of one directory from its records (and, with a store, judges them). */
export class CensusPartBuilder {
  private readonly stats: StatsBuilder;
  private readonly part: Omit<CensusPart, 'stats' | 'groups' | 'shared'>;
  private readonly byStats = new Map<GroupStats, GroupEvidence>();
  private readonly byId = new Map<string, GroupEvidence>();
  /** The groups in the order they were met: a group's index in it stands for the group below. */
  private readonly indexed: GroupEvidence[] = [];
  private readonly indexOf = new Map<GroupEvidence, number>();
  /** Entity (hex) -> the indexes of the groups it has readable entries in: an entity's entries share one directory. */
  private readonly entityGroups = new Map<string, number[]>();
  /** Readable k1 entries, judged by judgeDeferred once the whole root's hints are known. */
  readonly deferred: Deferred[] = [];

  constructor(
    root: string,
    private readonly settings: CensusSettings,
    private readonly store: StoreView | undefined,
  ) {
    this.stats = new StatsBuilder(root);
    this.part = {
      cachedAtAges: histogram(AGE_EDGES_MS),
      undated: 0,
      sizes: histogram(SIZE_EDGES),
      temp: { young: emptyTally(), orphaned: emptyTally() },
      corrupt: emptyTally(),
      misplaced: emptyTally(),
      freshness: store ? emptyFreshness() : null,
    };
  }

  addIssue(issue: ScanIssue): void {
    this.stats.stats.issues.push(issue);
  }

  add(record: FileRecord): void {
    const group = this.stats.add(record);
    const p = this.part;
    const repairs = repairClassOf(record, this.settings.tempGraceMs);
    if (record.kind === 'temp') addFile(repairs === 'orphaned-temp' ? p.temp.orphaned : p.temp.young, record.path, record.size);
    if (record.kind !== 'entry') return;
    addValue(p.sizes, record.size);
    const t = record.trailer;
    const age = cachedAgeMs(record, this.settings.now);
    const dated = age !== undefined;
    if (dated) addValue(p.cachedAtAges, age);
    else p.undated++;
    if (repairs === 'misplaced') return addFile(p.misplaced, record.path, record.size);
    if (repairs === 'corrupt') return addFile(p.corrupt, record.path, record.size);
    if (record.status !== 'ok' || !t || !group) return;

    const evidence = this.evidenceOf(group, record.key);
    evidence.entities++;
    if (!dated) evidence.undated++;
    else {
      if (evidence.oldestUs === null || t.cachedAtUs < evidence.oldestUs) evidence.oldestUs = t.cachedAtUs;
      if (evidence.newestUs === null || t.cachedAtUs > evidence.newestUs) evidence.newestUs = t.cachedAtUs;
    }
    const { layout } = record.key;
    if (layout !== 'raw') {
      const entity = record.keyHex.slice(0, record.keyHex.length - TAIL_HEX[layout]);
      const index = this.indexOf.get(evidence) as number;
      const groups = this.entityGroups.get(entity);
      if (groups) groups.push(index);
      else this.entityGroups.set(entity, [index]);
    }
    if (this.store && layout === 'k1') {
      // A k1 entry is judged with hints from every entry of its group, in any directory.
      this.deferred.push({ key: record.key, trailer: t, path: record.path, size: record.size });
      return;
    }
    this.judged(evidence, t.format, record.path, record.size, this.store ? entryFreshness(record, this.store) : undefined);
  }

  /** Judges the k1 entries kept by add() (of any directories) with the whole root's group hints. */
  judgeDeferred(deferred: readonly Deferred[], groupKinds: Map<string, Set<number>>): void {
    for (const entry of deferred) {
      const key = groupKeyOf(entry.key);
      const id = groupKeyId(key);
      let evidence = this.byId.get(id);
      if (!evidence) this.byId.set(id, (evidence = emptyEvidence(key)));
      this.judged(evidence, entry.trailer.format, entry.path, entry.size, entryFreshness(entry, this.store as StoreView, groupKinds));
    }
  }

  /** The part so far. */
  finish(): CensusPart {
    const freshness = this.part.freshness;
    // The hints of this directory's k1 entries; judging them waits for every directory's.
    if (freshness && this.store && this.deferred.length > 0) mergeGroupKinds(freshness.groupKinds, groupKindHints(this.deferred, this.store));
    return { ...this.part, stats: this.stats.finish(), groups: [...this.byId.values()], shared: this.sharedEntities() };
  }

  /** Counts a readable entry in its store bucket (freshness undefined: no store). */
  private judged(evidence: GroupEvidence, format: 'v1' | 'v2', path: string, size: number, freshness: Freshness | null | undefined): void {
    const fresh = this.part.freshness;
    if (fresh && freshness !== undefined) {
      fresh.counts[freshness?.state ?? 'none']++;
      if (freshness && freshness.eventsBehind > 0 && (freshness.state === 'stale' || freshness.state === 'maybe-stale')) addValue(fresh.behind, freshness.eventsBehind);
    }
    addFile(evidence.tallies[format][storeClassOf(freshness ?? null, this.settings.staleAfterEvents) ?? 'live'], path, size);
  }

  private evidenceOf(group: GroupStats, key: KeyInfo): GroupEvidence {
    let evidence = this.byStats.get(group);
    if (!evidence) {
      evidence = emptyEvidence(groupKeyOf(key));
      this.byStats.set(group, evidence);
      this.byId.set(evidence.id, evidence);
      this.indexOf.set(evidence, this.indexed.push(evidence) - 1);
    }
    return evidence;
  }

  /**
   * For each two groups, how many entities of the first also have an entry in the second: a square of counts by group
   * index (maps of maps cost a lookup for each pair of an entity's groups, 380 for 20), posted as it is.
   */
  private sharedEntities(): SharedEntities {
    const n = this.indexed.length;
    const counts = new Int32Array(n * n);
    for (const groups of this.entityGroups.values()) {
      if (groups.length < 2) continue;
      for (const a of groups) for (const b of groups) counts[a * n + b]++;
    }
    return { ids: this.indexed.map((group) => group.id), counts };
  }
}
