/**
 * The JSON forms of a census (`stats --json`) and of its audit (`audit --json`): 64-bit numbers as decimal strings,
 * hashes as 0x + 16 hex digits, as everywhere in the CLI's contract.
 */
import { u64Hex } from '../bytes';
import { GroupNames } from '../groupNames';
import { statsToJson } from '../stats';
import { GroupKey } from './audit';
import { RootCensus } from './census';
import type { StoreWarning } from '../store/warnings';

/** The store's warnings are facts; the JSON carries them in the words of the surface that writes it. */
export type WordWarning = (warning: StoreWarning) => string;

export interface GroupKeyJson {
  layout: 'k1' | 'k2';
  typeHash: string;
  schemaVersion: string;
  kindsHash: string | null;
  /** The group's name, as in `stats --json`. */
  projection: string | null;
}

export function groupKeyToJson(key: GroupKey, names: GroupNames = GroupNames.NONE): GroupKeyJson {
  const { layout, typeHash, schemaVersion, kindsHash } = key;
  return { layout, typeHash: u64Hex(typeHash), schemaVersion: schemaVersion.toString(), kindsHash: kindsHash === null ? null : u64Hex(kindsHash), projection: names.nameOf(key) ?? null };
}

/** `audit --json`'s audit: the census's audit, and the paths the scan could not read (in no class). */
export function auditToJson(census: RootCensus, wordWarning: WordWarning, names: GroupNames = GroupNames.NONE): object {
  const { audit } = census;
  const group = (key: GroupKey): GroupKeyJson => groupKeyToJson(key, names);
  return {
    root: census.root,
    store: audit.store?.dir ?? null,
    storeWarnings: audit.store?.warnings.map(wordWarning) ?? [],
    writesV2: audit.writesV2,
    tempGraceMs: audit.tempGraceMs,
    staleAfterEvents: audit.staleAfterEvents,
    classes: audit.classes.map((report) => ({
      class: report.class,
      count: report.count,
      bytes: report.bytes,
      sample: report.sample,
      undecided: report.undecided,
      groups: report.groups.map((g) => ({
        group: group(g.group),
        by: group(g.by),
        count: g.count,
        bytes: g.bytes,
        newestCachedAtUs: g.newestUs?.toString() ?? null,
      })),
    })),
    unclassified: audit.unclassified.map((u) => ({ ...u, group: group(u.group), candidate: group(u.candidate) })),
    total: audit.total,
    issues: census.stats.issues,
  };
}

/** `stats --json`: the statistics, and the census's charts beside them (each histogram with its bucket edges). */
export function censusStatsToJson(census: RootCensus, wordWarning: WordWarning, names?: GroupNames): object {
  const stats = statsToJson(census.stats, names) as { temp: object };
  const { young, orphaned, graceMs } = census.temp;
  const freshness = census.freshness;
  return {
    ...stats,
    temp: { ...stats.temp, graceMs, young: { count: young.count, bytes: young.bytes }, orphaned: { count: orphaned.count, bytes: orphaned.bytes } },
    cachedAtAges: census.cachedAtAges,
    undatedEntries: census.undatedEntries,
    sizes: census.sizes,
    ...(freshness
      ? { freshness: { store: freshness.store, eventCount: freshness.eventCount, counts: freshness.counts, eventsBehind: freshness.behind, warnings: freshness.warnings.map(wordWarning) } }
      : {}),
  };
}
