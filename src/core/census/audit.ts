/**
 * The audit: which files of a root are dead weight, in classes. Every file falls in at most one class, the first of
 * AUDIT_CLASSES that takes it:
 *
 * - corrupt, misplaced, orphaned-temp: what Repair removes (under 16 bytes, in the wrong shard, a temp file past the
 *   grace period);
 * - legacy-trailer: a 16-byte trailer in a root where batpak writes 40-byte ones (batpak 0.10 reads it as a miss);
 * - superseded: a projection group whose every entity also has an entry in another group of the same schema version
 *   and kinds hash (k1 keys have none: the same entity set instead), written after every entry of this one: what a
 *   compiler upgrade (a new type hash) leaves;
 * - old-schema: a group whose every entity also has an entry in a group of the same type hash and a higher schema
 *   version, written after every entry of this one;
 * - with a store: unknown-entity (the store has no such entity), stale (N or more relevant events behind).
 *
 * A group rule decides only on evidence: groups written alongside each other are both in use; where the entities are
 * only partly covered, or cached-at is implausible, the group is listed as unclassified with the reason instead.
 */
import type { StoreWarning } from '../store/warnings';
import { Freshness } from '../freshness';
import { StoreLayout } from '../key';
import { FileRecord } from '../record';
import { categorize } from '../repair';
import { mergeTally, Tally, emptyTally } from './tally';

export type AuditClass = 'corrupt' | 'misplaced' | 'orphaned-temp' | 'legacy-trailer' | 'superseded' | 'old-schema' | 'unknown-entity' | 'stale';
/** Every class, in precedence order: a file is in the first that takes it. */
export const AUDIT_CLASSES: readonly AuditClass[] = ['corrupt', 'misplaced', 'orphaned-temp', 'legacy-trailer', 'superseded', 'old-schema', 'unknown-entity', 'stale'];

export type GroupClass = 'superseded' | 'old-schema';
export type StoreClass = 'unknown-entity' | 'stale';
/** Default N of the stale class: an entry that far behind has not been read through project() for that long. */
export const DEFAULT_STALE_AFTER_EVENTS = 100;

/** A projection group: the fields a store key shares with every other entry of the same projection type. */
export interface GroupKey {
  layout: StoreLayout;
  typeHash: bigint;
  schemaVersion: bigint;
  /** k2 only. */
  kindsHash: bigint | null;
}

/** A stable text id of a group (`raw` for raw keys, which belong to no group). */
export function groupKeyId(key: GroupKey | null): string {
  return key ? `${key.layout}:${key.typeHash.toString(16)}:${key.schemaVersion}:${key.kindsHash?.toString(16) ?? ''}` : 'raw';
}

/** Readable entries by what the store says of them: `live` when nothing (or no store). */
export type StoreBucket = 'live' | StoreClass;
const BUCKETS: readonly StoreBucket[] = ['live', 'unknown-entity', 'stale'];

/** What the scan gathers about one group's readable entries (status ok), mergeable across directories. */
export interface GroupEvidence {
  id: string;
  /** null: the raw keys. */
  key: GroupKey | null;
  /** Readable entries, one per entity (an entity has one key per group). */
  entities: number;
  /** The oldest and newest plausible cached-at, and how many entries have an implausible one. */
  oldestUs: bigint | null;
  newestUs: bigint | null;
  undated: number;
  /** The entries by trailer format and store bucket. */
  tallies: Record<'v1' | 'v2', Record<StoreBucket, Tally>>;
}

export function emptyEvidence(key: GroupKey | null): GroupEvidence {
  const buckets = (): Record<StoreBucket, Tally> => ({ live: emptyTally(), 'unknown-entity': emptyTally(), stale: emptyTally() });
  return { id: groupKeyId(key), key, entities: 0, oldestUs: null, newestUs: null, undated: 0, tallies: { v1: buckets(), v2: buckets() } };
}

export function mergeEvidence(into: GroupEvidence, from: GroupEvidence): void {
  into.entities += from.entities;
  into.undated += from.undated;
  if (from.oldestUs !== null && (into.oldestUs === null || from.oldestUs < into.oldestUs)) into.oldestUs = from.oldestUs;
  if (from.newestUs !== null && (into.newestUs === null || from.newestUs > into.newestUs)) into.newestUs = from.newestUs;
  for (const format of ['v1', 'v2'] as const) for (const bucket of BUCKETS) mergeTally(into.tallies[format][bucket], from.tallies[format][bucket]);
}

export type RepairClass = 'corrupt' | 'misplaced' | 'orphaned-temp';

/** The class of a file Repair removes, as Repair decides it. */
export function repairClassOf(record: FileRecord, tempGraceMs: number): RepairClass | undefined {
  switch (categorize(record, tempGraceMs)) {
    case 'corrupt':
      return 'corrupt';
    case 'misplaced':
      return 'misplaced';
    case 'staleTemp':
      return 'orphaned-temp';
    default:
      return undefined;
  }
}

/** The store class of a judged entry: an entity the store lacks, or `staleAfterEvents` or more relevant events behind. */
export function storeClassOf(freshness: Freshness | null, staleAfterEvents: number): StoreClass | undefined {
  if (freshness?.state === 'unknown-entity') return 'unknown-entity';
  return freshness?.state === 'stale' && freshness.eventsBehind >= staleAfterEvents ? 'stale' : undefined;
}

/** The class of a readable entry, from its trailer format, its group's class and its store class (the precedence). */
export function readableClass(format: 'v1' | 'v2', writesV2: boolean, groupClass: GroupClass | undefined, storeClass: StoreClass | undefined): AuditClass | undefined {
  if (writesV2 && format === 'v1') return 'legacy-trailer';
  return groupClass ?? storeClass;
}

/** A group in a group class, with the group that replaces it. */
export interface ReplacedGroup {
  group: GroupKey;
  by: GroupKey;
  /** Its entries in the class (legacy trailers and files of earlier classes are not counted here). */
  count: number;
  bytes: number;
  /** Its newest plausible cached-at when audited: an entry written later is not removed by a clean-up. */
  newestUs: bigint | null;
}

export type Undecided = 'no-store' | 'store-warnings';

export interface ClassReport extends Tally {
  class: AuditClass;
  /** Why a store class was not decided (it then counts nothing): no store, or one read with warnings. */
  undecided: Undecided | null;
  /** superseded and old-schema: the groups in the class. */
  groups: ReplacedGroup[];
}

export type UnclassifiedWhy = 'partly-covered' | 'entity-sets-differ' | 'undated';

/** A group a rule could not decide: it looks replaced by `candidate`, but the evidence is short of proof. */
export interface UnclassifiedGroup {
  group: GroupKey;
  rule: GroupClass;
  why: UnclassifiedWhy;
  candidate: GroupKey;
  /** Its readable entries (one per entity) and how many of those entities have an entry in the candidate. */
  entities: number;
  covered: number;
  candidateEntities: number;
  /** Entries with an implausible cached-at in the group and the candidate together. */
  undated: number;
}

export interface Audit {
  /** Every class in AUDIT_CLASSES order. */
  classes: ClassReport[];
  unclassified: UnclassifiedGroup[];
  /** All classes together. */
  total: { count: number; bytes: number };
  /** Whether the root holds 40-byte trailers (what makes 16-byte ones legacy). */
  writesV2: boolean;
  tempGraceMs: number;
  staleAfterEvents: number;
  /** The store the store classes were judged against, and its warnings. */
  store: { dir: string; warnings: StoreWarning[] } | null;
}

export interface AuditInput {
  groups: Iterable<GroupEvidence>;
  /** shared(a, b): how many entities of group a also have an entry in group b. */
  shared: (a: string, b: string) => number;
  files: Record<RepairClass, Tally>;
  writesV2: boolean;
  tempGraceMs: number;
  staleAfterEvents: number;
  store: Audit['store'];
}

type Verdict = { kind: 'replaced'; by: GroupEvidence } | { kind: 'unsure'; why: UnclassifiedWhy; by: GroupEvidence; covered: number } | undefined;

/**
 * Whether `candidate` replaces `group` under `rule`: it covers every entity (k1 superseded: the very same entities)
 * and was written after all of it. undefined when it is unrelated or written alongside (both are in use).
 */
function judge(group: GroupEvidence, candidate: GroupEvidence, rule: GroupClass, shared: AuditInput['shared']): Verdict {
  const covered = shared(group.id, candidate.id);
  if (covered === 0) return undefined;
  if (group.newestUs !== null && candidate.oldestUs !== null && group.newestUs >= candidate.oldestUs) return undefined;
  // k1 keys name no kinds: only the very same entities tell the candidate is the same projection type. One that covers
  // only some of them may be any other projection of the same schema version.
  const sameSet = rule === 'superseded' && group.key?.layout === 'k1';
  if (covered < group.entities) return sameSet ? undefined : { kind: 'unsure', why: 'partly-covered', by: candidate, covered };
  if (sameSet && candidate.entities !== group.entities) return { kind: 'unsure', why: 'entity-sets-differ', by: candidate, covered };
  if (group.undated + candidate.undated > 0 || group.newestUs === null || candidate.oldestUs === null) return { kind: 'unsure', why: 'undated', by: candidate, covered };
  return { kind: 'replaced', by: candidate };
}

function candidatesOf(group: GroupKey, all: readonly GroupEvidence[], rule: GroupClass): GroupEvidence[] {
  return all.filter(({ key }) => {
    if (!key || key.layout !== group.layout) return false;
    if (rule === 'old-schema') return key.typeHash === group.typeHash && key.schemaVersion > group.schemaVersion;
    return key.typeHash !== group.typeHash && key.schemaVersion === group.schemaVersion && key.kindsHash === group.kindsHash;
  });
}

interface GroupDecision {
  classed: Map<string, { rule: GroupClass; by: GroupKey }>;
  unclassified: UnclassifiedGroup[];
}

function decideGroups(all: readonly GroupEvidence[], shared: AuditInput['shared']): GroupDecision {
  const decision: GroupDecision = { classed: new Map(), unclassified: [] };
  for (const group of all) {
    const key = group.key;
    if (!key || group.entities === 0) continue;
    let unsure: Extract<Verdict, { kind: 'unsure' }> & { rule: GroupClass } | undefined;
    for (const rule of ['superseded', 'old-schema'] as const) {
      const verdicts = candidatesOf(key, all, rule).map((candidate) => judge(group, candidate, rule, shared));
      // The latest replacement, when several qualify (one upgrade after another).
      const replaced = verdicts
        .filter((v): v is Extract<Verdict, { kind: 'replaced' }> => v?.kind === 'replaced')
        .sort((a, b) => (a.by.oldestUs === b.by.oldestUs ? 0 : (a.by.oldestUs ?? 0n) > (b.by.oldestUs ?? 0n) ? -1 : 1))[0];
      if (replaced) {
        decision.classed.set(group.id, { rule, by: replaced.by.key as GroupKey });
        unsure = undefined;
        break;
      }
      for (const v of verdicts) if (v?.kind === 'unsure' && (!unsure || v.covered > unsure.covered)) unsure = { ...v, rule };
    }
    if (unsure) {
      decision.unclassified.push({
        group: key,
        rule: unsure.rule,
        why: unsure.why,
        candidate: unsure.by.key as GroupKey,
        entities: group.entities,
        covered: unsure.covered,
        candidateEntities: unsure.by.entities,
        undated: group.undated + unsure.by.undated,
      });
    }
  }
  return decision;
}

/** Why the store classes cannot be decided, if they cannot. */
function storeUndecided(store: Audit['store']): Undecided | null {
  if (!store) return 'no-store';
  // Damaged or unsupported segments may hide an entity's events: "unknown" or "behind" would be a guess.
  return store.warnings.length > 0 ? 'store-warnings' : null;
}

export function decideAudit(input: AuditInput): Audit {
  const groups = [...input.groups];
  const { classed, unclassified } = decideGroups(groups, input.shared);
  const undecided = storeUndecided(input.store);
  const reports = new Map<AuditClass, ClassReport>(
    AUDIT_CLASSES.map((cls) => [cls, { class: cls, ...emptyTally(), undecided: cls === 'unknown-entity' || cls === 'stale' ? undecided : null, groups: [] }]),
  );
  const take = (cls: AuditClass, tally: Tally): void => void mergeTally(reports.get(cls) as ClassReport, tally);
  take('corrupt', input.files.corrupt);
  take('misplaced', input.files.misplaced);
  take('orphaned-temp', input.files['orphaned-temp']);
  for (const group of groups) {
    const replaced = classed.get(group.id);
    const inGroupClass = emptyTally();
    for (const format of ['v1', 'v2'] as const) {
      for (const bucket of BUCKETS) {
        const storeClass = bucket === 'live' || undecided ? undefined : bucket;
        const cls = readableClass(format, input.writesV2, replaced?.rule, storeClass);
        if (!cls) continue;
        take(cls, group.tallies[format][bucket]);
        if (cls === replaced?.rule) mergeTally(inGroupClass, group.tallies[format][bucket]);
      }
    }
    if (replaced && inGroupClass.count > 0) {
      const report = reports.get(replaced.rule) as ClassReport;
      report.groups.push({ group: group.key as GroupKey, by: replaced.by, count: inGroupClass.count, bytes: inGroupClass.bytes, newestUs: group.newestUs });
    }
  }
  const classes = [...reports.values()];
  return {
    classes,
    unclassified,
    total: { count: classes.reduce((sum, c) => sum + c.count, 0), bytes: classes.reduce((sum, c) => sum + c.bytes, 0) },
    writesV2: input.writesV2,
    tempGraceMs: input.tempGraceMs,
    staleAfterEvents: input.staleAfterEvents,
    store: input.store,
  };
}
