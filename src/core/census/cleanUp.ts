/**
 * Cleaning up audit classes: removes the files of the chosen classes as the audit counted them, deciding each file
 * again when it is reached and once more at the moment of removal. A file written or rewritten since the audit (an
 * entry cached again, a group written to again, a temp file still growing) no longer falls in its class and stays.
 */
import * as path from 'node:path';
import { CacheInputError } from '../errors';
import { removeEntryIfStill } from '../purge';
import { EntryRecord, FileRecord } from '../record';
import { RemovalSummary, RemovalTally } from '../remover';
import { repairFile } from '../repair';
import { entryFreshness } from '../rootFreshness';
import { walk } from '../scanner';
import { StoreView } from '../store';
import { AuditClass, GroupClass, groupKeyId, readableClass, repairClassOf, ReplacedGroup, StoreClass, storeClassOf } from './audit';
import { RootCensus } from './census';
import { groupKeyOf } from './part';
import { emptyTally, mergeTally, Tally } from './tally';

/** What a clean-up would remove: the chosen classes' files as the audit counted them. */
export interface CleanUpPlan extends Tally {
  classes: AuditClass[];
}

export function planCleanUp(census: RootCensus, classes: readonly AuditClass[]): CleanUpPlan {
  const plan: CleanUpPlan = { classes: [...classes], ...emptyTally() };
  for (const report of census.audit.classes) if (classes.includes(report.class)) mergeTally(plan, report);
  return plan;
}

/** What decides a file's class the way the audit did. */
interface Verdict {
  writesV2: boolean;
  tempGraceMs: number;
  groups: Map<string, ReplacedGroup & { class: GroupClass }>;
  storeClass?: (entry: EntryRecord) => StoreClass | undefined;
}

/** The audit class of a file under the audit's decisions; undefined when it is in none. */
function classOf(record: FileRecord, verdict: Verdict): AuditClass | undefined {
  const repaired = repairClassOf(record, verdict.tempGraceMs);
  if (repaired || record.kind !== 'entry') return repaired;
  const trailer = record.trailer;
  if (record.status !== 'ok' || !trailer) return undefined;
  const replaced = verdict.groups.get(groupKeyId(groupKeyOf(record.key)));
  // Only entries the audit saw: one cached after the group's newest has been written since, so the group is in use.
  const seen = replaced && !record.warnings.includes('cached-at-implausible') && replaced.newestUs !== null && trailer.cachedAtUs <= replaced.newestUs;
  return readableClass(trailer.format, verdict.writesV2, seen ? replaced.class : undefined, verdict.storeClass?.(record));
}

function verdictOf(census: RootCensus, classes: readonly AuditClass[], store: StoreView | undefined): Verdict {
  const { audit } = census;
  const groups = new Map<string, ReplacedGroup & { class: GroupClass }>();
  for (const report of audit.classes) {
    if (report.class === 'superseded' || report.class === 'old-schema') {
      for (const replaced of report.groups) groups.set(groupKeyId(replaced.group), { ...replaced, class: report.class });
    }
  }
  const judged = audit.classes.filter((report) => report.undecided === null && (report.class === 'unknown-entity' || report.class === 'stale'));
  if (!store && judged.some((report) => classes.includes(report.class))) {
    throw new CacheInputError('bad-argument', { code: 'clean-needs-store', classes: judged.map((r) => r.class) });
  }
  const groupKinds = census.freshness?.groupKinds;
  const storeClass = store && judged.length > 0 ? (entry: EntryRecord) => storeClassOf(entryFreshness(entry, store, groupKinds), audit.staleAfterEvents) : undefined;
  return { writesV2: audit.writesV2, tempGraceMs: audit.tempGraceMs, groups, storeClass };
}

/**
 * Each file's audit class as the census's audit decided it (what the extension filters its tree by). The store
 * classes need the store the audit judged against: without it no file is in them.
 */
export function auditClassifier(census: RootCensus, store: StoreView | undefined): (record: FileRecord) => AuditClass | undefined {
  const verdict = verdictOf(census, [], store);
  return (record) => classOf(record, verdict);
}

export interface CleanUpOptions {
  /** The store the audit's store classes were judged against, read again: required to clean those up. */
  store?: StoreView;
  /** Stops after the files in hand. */
  signal?: AbortSignal;
  /** Stops at once: a file claimed for its last check is put back. */
  halt?: AbortSignal;
  onProgress?: (summary: RemovalSummary) => void;
}

/** Removes the files of `classes`, each re-decided when it is reached and at the moment it is removed. */
export async function cleanUp(census: RootCensus, classes: readonly AuditClass[], options: CleanUpOptions = {}): Promise<RemovalSummary> {
  const verdict = verdictOf(census, classes, options.store);
  const chosen = new Set(classes);
  const tally = new RemovalTally();
  const { root, layout } = census;
  try {
    // The audit's clock: a temp file is an orphan by its age when audited, as the preview counted it.
    for await (const record of walk(root, { layout, now: census.now, signal: options.signal })) {
      if (options.signal?.aborted || options.halt?.aborted) return tally.finish(true);
      const cls = classOf(record, verdict);
      if (!cls || !chosen.has(cls)) continue;
      const absolute = path.join(root, record.dir, record.name);
      // Repair's classes are removed as Repair removes them; the others as a purge does.
      const outcome =
        record.kind === 'entry' && !repairClassOf(record, verdict.tempGraceMs)
          ? await removeEntryIfStill(absolute, record, layout, ({ record: entry }) => classOf(entry, verdict) === cls, { halt: options.halt })
          : await repairFile(absolute, record, verdict.tempGraceMs, options.halt);
      tally.record(outcome, record.path);
      options.onProgress?.(tally.summary);
    }
  } catch (error) {
    if (options.signal?.aborted) return tally.finish(true);
    throw error;
  }
  return tally.finish(false);
}
