/**
 * A root's census worded for the overview: one bar chart per question (where the space goes, how old, how big, how
 * fresh, how far behind, which trailers, temp files) and the audit's classes. Bars that the tree can be filtered to
 * carry a filter token (filters.ts reads it back).
 */
import * as vscode from 'vscode';
import { Audit, AuditClass, FreshnessState, groupLabel, GroupNames, Histogram, RootCensus, UnclassifiedGroup } from '../../core';
import { formatBytes, formatCount } from '../locale';
import type { AuditRow, Bar, Chart, Overview } from '../../shared/overviewProtocol';
import { entries } from '../tree/nodes/labels';
import { ageToken, auditToken, freshnessToken, groupToken } from './filters';

const files = (n: number): string => (n === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', formatCount(n)));

/** A span like "90 s", "15 min", "2 h", "7 d", "1 y", in its largest whole unit. */
function span(ms: number): string {
  const units: Array<[number, (n: string) => string]> = [
    [365 * 86_400_000, (n) => vscode.l10n.t('{0} y', n)],
    [86_400_000, (n) => vscode.l10n.t('{0} d', n)],
    [3_600_000, (n) => vscode.l10n.t('{0} h', n)],
    [60_000, (n) => vscode.l10n.t('{0} min', n)],
    [1000, (n) => vscode.l10n.t('{0} s', n)],
  ];
  const [size, unit] = units.find(([size]) => ms >= size && ms % size === 0) ?? [1, (n: string) => vscode.l10n.t('{0} ms', n)];
  return unit(formatCount(ms / size));
}

/** The label of bucket `i` of `h`, its edges worded by `word`. */
function bucketLabel(h: Histogram, i: number, word: (edge: number) => string): string {
  const [from, to] = [h.edges[i], h.edges[i + 1]];
  if (to === undefined) return vscode.l10n.t('{0} or more', word(from));
  if (from === 0) return vscode.l10n.t('under {0}', word(to));
  return vscode.l10n.t('{0} – {1}', word(from), word(to));
}

/** The label of bucket `i` of a histogram of whole numbers: "1", "2 – 4", "10,000 or more". */
function countLabel(h: Histogram, i: number): string {
  const [from, to] = [h.edges[i], h.edges[i + 1]];
  if (to === undefined) return vscode.l10n.t('{0} or more', formatCount(from));
  return to - from === 1 ? formatCount(from) : vscode.l10n.t('{0} – {1}', formatCount(from), formatCount(to - 1));
}

function histogramBars(h: Histogram, label: (i: number) => string, filter: (i: number) => string | null = () => null): Bar[] {
  return h.counts.map((count, i) => ({ label: label(i), value: count, text: entries(count), detail: '', filter: count > 0 ? filter(i) : null }));
}

function groupsChart(census: RootCensus, names: GroupNames): Chart {
  const bars = census.stats.groups.map((g): Bar => {
    if (g.layout === 'raw' || g.typeHash === null || g.schemaVersion === null) {
      return { label: vscode.l10n.t('raw keys (no projection group)'), value: g.count, text: entries(g.count), detail: formatBytes(g.bytes), filter: null };
    }
    const id = groupLabel(g.typeHash, g.schemaVersion, g.kindsHash ?? undefined);
    const name = names.nameOf({ typeHash: g.typeHash, schemaVersion: g.schemaVersion, kindsHash: g.kindsHash });
    return { label: name === undefined ? `${g.layout} ${id}` : `${name} (${g.layout} ${id})`, value: g.count, text: entries(g.count), detail: formatBytes(g.bytes), filter: groupToken(id) };
  });
  return { id: 'groups', title: vscode.l10n.t('Entries by projection group'), columns: [vscode.l10n.t('Group'), vscode.l10n.t('Entries'), vscode.l10n.t('Size')], bars, note: null };
}

function agesChart(census: RootCensus): Chart {
  const h = census.cachedAtAges;
  const notes = [
    census.undatedEntries > 0 && vscode.l10n.t('{0} without a plausible cached-at (corrupt or damaged trailers).', entries(census.undatedEntries)),
    h.below > 0 && vscode.l10n.t('{0} cached in the future (clock skew).', entries(h.below)),
  ].filter((n): n is string => typeof n === 'string');
  return {
    id: 'ages',
    title: vscode.l10n.t('Age of cached-at'),
    columns: [vscode.l10n.t('Cached'), vscode.l10n.t('Entries'), ''],
    bars: histogramBars(h, (i) => bucketLabel(h, i, span), (i) => ageToken(census.now, h.edges[i], h.edges[i + 1] ?? null)),
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}

function sizesChart(census: RootCensus): Chart {
  return { id: 'sizes', title: vscode.l10n.t('Entry file sizes'), columns: [vscode.l10n.t('Size'), vscode.l10n.t('Entries'), ''], bars: histogramBars(census.sizes, (i) => bucketLabel(census.sizes, i, formatBytes)), note: null };
}

const STATE_LABELS: Record<FreshnessState | 'none', () => string> = {
  fresh: () => vscode.l10n.t('fresh'),
  stale: () => vscode.l10n.t('stale'),
  'maybe-stale': () => vscode.l10n.t('maybe stale'),
  ahead: () => vscode.l10n.t('ahead of the store'),
  'unknown-entity': () => vscode.l10n.t('entity not in the store'),
  none: () => vscode.l10n.t('not judged (raw key or no trailer)'),
};

function freshnessCharts(census: RootCensus): Chart[] {
  const f = census.freshness;
  if (!f) return [];
  const states = Object.keys(STATE_LABELS) as Array<FreshnessState | 'none'>;
  const bars = states.map((state): Bar => {
    const count = f.counts[state];
    return { label: STATE_LABELS[state](), value: count, text: entries(count), detail: '', filter: count > 0 && state !== 'none' ? freshnessToken(state) : null };
  });
  const note = vscode.l10n.t('Against {0} ({1} events).', f.store, formatCount(f.eventCount));
  const behind = f.behind;
  return [
    { id: 'freshness', title: vscode.l10n.t('Freshness against the event store'), columns: [vscode.l10n.t('State'), vscode.l10n.t('Entries'), ''], bars, note },
    {
      id: 'behind',
      title: vscode.l10n.t('Events behind (stale and maybe stale entries)'),
      columns: [vscode.l10n.t('Events behind'), vscode.l10n.t('Entries'), ''],
      bars: histogramBars(behind, (i) => countLabel(behind, i)),
      note: null,
    },
  ];
}

function trailersChart(census: RootCensus): Chart {
  const { v1, v2, none } = census.stats.trailers;
  const bar = (label: string, count: number): Bar => ({ label, value: count, text: entries(count), detail: '', filter: null });
  return {
    id: 'trailers',
    title: vscode.l10n.t('Trailer kinds'),
    columns: [vscode.l10n.t('Trailer'), vscode.l10n.t('Entries'), ''],
    bars: [bar(vscode.l10n.t('v2 (40 bytes)'), v2), bar(vscode.l10n.t('v1 (16 bytes)'), v1), bar(vscode.l10n.t('none (under 16 bytes)'), none)],
    note: null,
  };
}

function tempChart(census: RootCensus): Chart {
  const { young, orphaned, graceMs } = census.temp;
  const bar = (label: string, tally: { count: number; bytes: number }): Bar => ({ label, value: tally.count, text: files(tally.count), detail: formatBytes(tally.bytes), filter: null });
  return {
    id: 'temp',
    title: vscode.l10n.t('Temp files'),
    columns: [vscode.l10n.t('Temp files'), vscode.l10n.t('Files'), vscode.l10n.t('Size')],
    bars: [bar(vscode.l10n.t('younger than {0} (writes in progress, maybe)', span(graceMs)), young), bar(vscode.l10n.t('orphaned (older than {0})', span(graceMs)), orphaned)],
    note: null,
  };
}

/** Each class's name, and what it holds (the audit's words, as `batpak-cache audit` has them). */
const CLASSES: Record<AuditClass, { label: () => string; holds: (audit: Audit) => string }> = {
  corrupt: { label: () => vscode.l10n.t('corrupt'), holds: () => vscode.l10n.t('under 16 bytes: batpak deletes them when it reads them') },
  misplaced: { label: () => vscode.l10n.t('misplaced'), holds: () => vscode.l10n.t('in the wrong shard directory: batpak never reads them') },
  'orphaned-temp': {
    label: () => vscode.l10n.t('orphaned temp'),
    holds: (audit) => vscode.l10n.t('temp files older than {0}: left by a writer that was killed', span(audit.tempGraceMs)),
  },
  'legacy-trailer': { label: () => vscode.l10n.t('legacy trailer'), holds: () => vscode.l10n.t('16-byte trailers in a root of 40-byte ones: misses for batpak 0.10+') },
  superseded: {
    label: () => vscode.l10n.t('superseded group'),
    holds: () => vscode.l10n.t('groups whose entities all have entries in a later group of a new type hash (a compiler upgrade)'),
  },
  'old-schema': { label: () => vscode.l10n.t('old schema'), holds: () => vscode.l10n.t('groups whose entities all have entries in a later group of a higher schema version') },
  'unknown-entity': { label: () => vscode.l10n.t('unknown entity'), holds: () => vscode.l10n.t('entities the event store does not have') },
  stale: {
    label: () => vscode.l10n.t('stale'),
    holds: (audit) => vscode.l10n.t('{0} or more relevant events behind the event store', formatCount(audit.staleAfterEvents)),
  },
};

/** What a class holds, or why it was not judged. */
function reason(report: Audit['classes'][number], audit: Audit): string {
  if (report.undecided === 'no-store') return vscode.l10n.t('not judged: link the event store (Link Event Store…)');
  if (report.undecided === 'store-warnings') return vscode.l10n.t('not judged: the store was read with warnings, so its answer could be wrong');
  return CLASSES[report.class].holds(audit);
}

function auditRows(audit: Audit, trusted: boolean): AuditRow[] {
  return audit.classes.map((report) => ({
    auditClass: report.class,
    label: CLASSES[report.class].label(),
    count: report.count,
    text: files(report.count),
    bytes: formatBytes(report.bytes),
    reason: reason(report, audit),
    cleanable: trusted && report.count > 0,
    filter: report.count > 0 ? auditToken(report.class) : null,
  }));
}

function unclassifiedNote(u: UnclassifiedGroup, label: (g: UnclassifiedGroup['group']) => string): string {
  const why =
    u.why === 'undated'
      ? vscode.l10n.t('{0} of the two groups have an implausible cached-at', entries(u.undated))
      : u.why === 'entity-sets-differ'
        ? vscode.l10n.t('k1 keys name no kinds, so the entities must be the same: {0} of its {1} are in that group, which has {2}', formatCount(u.covered), formatCount(u.entities), formatCount(u.candidateEntities))
        : vscode.l10n.t('only {0} of its {1} entities have an entry in that group', formatCount(u.covered), formatCount(u.entities));
  const rule = u.rule === 'superseded' ? vscode.l10n.t('superseded') : vscode.l10n.t('an old schema');
  return vscode.l10n.t('Unclassified: {0} looks {1} by {2}, but {3}.', label(u.group), rule, label(u.candidate), why);
}

export function overviewOf(census: RootCensus, names: GroupNames, trusted: boolean): Overview {
  const { stats, audit } = census;
  const label = (g: UnclassifiedGroup['group']): string => {
    const name = names.nameOf(g);
    const id = `${g.layout} ${groupLabel(g.typeHash, g.schemaVersion, g.kindsHash ?? undefined)}`;
    return name === undefined ? id : `${name} (${id})`;
  };
  const notes = [
    ...audit.unclassified.map((u) => unclassifiedNote(u, label)),
    ...(audit.store?.warnings ?? []).map((w) => vscode.l10n.t('Store warning: {0}', w)),
    ...(stats.issues.length > 0 ? [vscode.l10n.t('In no class, could not be read or named: {0} (first: {1}).', formatCount(stats.issues.length), stats.issues[0].message)] : []),
  ];
  return {
    title: census.root,
    subtitle: vscode.l10n.t('{0} · {1} · {2} projection groups', entries(stats.entries), formatBytes(stats.bytes), formatCount(stats.groups.length)),
    charts: [groupsChart(census, names), agesChart(census), sizesChart(census), ...freshnessCharts(census), trailersChart(census), tempChart(census)],
    audit: auditRows(audit, trusted),
    notes,
    canClean: trusted,
    labels: {
      showTable: vscode.l10n.t('Show table'),
      hideTable: vscode.l10n.t('Hide table'),
      cleanUp: vscode.l10n.t('Clean Up Selected…'),
      auditTitle: vscode.l10n.t('Dead weight (audit)'),
      filterHint: vscode.l10n.t('Filter the Batpak Cache view to {0}'),
      select: vscode.l10n.t('Select {0} for clean-up'),
    },
  };
}
