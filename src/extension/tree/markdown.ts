/** Markdown tooltips for tree nodes, built lazily (in resolveTreeItem) from the core's records and statistics. */
import * as vscode from 'vscode';
import { cachedAtMs, describeKey, EntryRecord, formatEventKinds, Freshness, keyToJson, NOT_FRESH, trailerWarnings } from '../../core';
import { formatAge, formatBytes, formatCount, isSingular } from '../locale';
import { RootState } from '../roots';
import { storeWarningText } from '../storeWarnings';
import { freshnessPhrase, freshnessSummary } from './nodes';

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function when(us: bigint | undefined, now: number): string {
  if (us === undefined) return '—';
  const ms = Number(us / 1000n);
  return `${new Date(ms).toISOString()} (${formatAge(now - ms)})`;
}

export function rootTooltip(state: RootState, storeError: string | undefined, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${escape(state.path)}**\n\n`);
  const stats = state.resolvedStats;
  if (!stats) return withOverviewLink(md.appendMarkdown(vscode.l10n.t('Scanning…')), state);
  const rows: Array<[string, string]> = [
    [
      vscode.l10n.t('Entries'),
      isSingular(stats.shards.size)
        ? vscode.l10n.t('{0} ({1}) in {2} shard', formatCount(stats.entries), formatBytes(stats.bytes), formatCount(stats.shards.size))
        : vscode.l10n.t('{0} ({1}) in {2} shards', formatCount(stats.entries), formatBytes(stats.bytes), formatCount(stats.shards.size)),
    ],
    [vscode.l10n.t('Corrupt'), formatCount(stats.corrupt)],
    [vscode.l10n.t('Misplaced'), formatCount(stats.misplaced)],
    [vscode.l10n.t('Damaged-looking trailers'), formatCount(stats.withWarnings)],
    [
      vscode.l10n.t('Temp files'),
      stats.temp.oldestAgeMs === null ? formatCount(stats.temp.count) : vscode.l10n.t('{0}, oldest {1}', formatCount(stats.temp.count), formatAge(stats.temp.oldestAgeMs)),
    ],
    ...(stats.claims.count > 0 ? [[vscode.l10n.t('Claimed by an interrupted removal'), vscode.l10n.t('{0} (Repair Cache… puts them back)', formatCount(stats.claims.count))] as [string, string]] : []),
    [vscode.l10n.t('Foreign files'), formatCount(stats.foreign)],
    [vscode.l10n.t('Trailers'), `v1 ${formatCount(stats.trailers.v1)} · v2 ${formatCount(stats.trailers.v2)}`],
    [vscode.l10n.t('Oldest cached'), when(stats.cachedAtUs?.min, now)],
    [vscode.l10n.t('Newest cached'), when(stats.cachedAtUs?.max, now)],
    [vscode.l10n.t('Projection groups'), formatCount(stats.groups.length)],
    ...storeRows(state, storeError),
  ];
  md.appendMarkdown('| | |\n|---|---|\n' + rows.map(([k, v]) => `| ${k} | ${escape(v)} |`).join('\n'));
  return withOverviewLink(md, state);
}

/** A link to the root's overview (charts and audit): the one command the tooltip may run. */
function withOverviewLink(md: vscode.MarkdownString, state: RootState): vscode.MarkdownString {
  md.isTrusted = { enabledCommands: ['batpakCache.openOverview'] };
  const args = encodeURIComponent(JSON.stringify({ root: state.path }));
  return md.appendMarkdown(`\n\n[${vscode.l10n.t('Open Cache Overview')}](command:batpakCache.openOverview?${args})`);
}

/** The linked store and what judging the entries against it found. */
function storeRows(state: RootState, storeError: string | undefined): Array<[string, string]> {
  const link = state.resolvedLink;
  if (!link) return [[vscode.l10n.t('Event store'), vscode.l10n.t('none linked (Link Event Store… to see stale entries)')]];
  const rows: Array<[string, string]> = [[vscode.l10n.t('Event store'), link.source === 'configured' ? link.dir : vscode.l10n.t('{0} (found beside the cache)', link.dir)]];
  if (storeError) rows.push([vscode.l10n.t('Store error'), storeError]);
  const judged = state.resolvedFreshness;
  if (judged) {
    const { counts } = judged;
    const text = NOT_FRESH.some((state) => counts[state] > 0) ? vscode.l10n.t('{0} fresh · {1}', formatCount(counts.fresh), freshnessSummary(counts)) : freshnessSummary(counts);
    rows.push([vscode.l10n.t('Freshness'), text]);
  }
  for (const warning of state.resolvedStore?.warnings ?? []) rows.push([vscode.l10n.t('Store warning'), storeWarningText(warning)]);
  return rows;
}

/** `name`: the projection group's name, when one is known. */
export function entryTooltip(record: EntryRecord, absolute: string, freshness: Freshness | null | undefined, name: string | undefined, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  const key = keyToJson(record.key);
  md.appendMarkdown(`**${escape(describeKey(Buffer.from(record.keyHex, 'hex'), record.key))}**\n\n`);
  const rows: Array<[string, string]> = [[vscode.l10n.t('Key layout'), key.layout]];
  if (key.layout === 'raw') rows.push([vscode.l10n.t('Key (hex)'), record.keyHex || vscode.l10n.t('(empty key)')]);
  else {
    rows.push([vscode.l10n.t('Projection'), name ?? vscode.l10n.t('unnamed: Name Projection Group… names it')]);
    rows.push([vscode.l10n.t('Entity (hex)'), key.entityHex ?? '']);
    rows.push([vscode.l10n.t('Type hash'), key.typeHash ?? '']);
    rows.push([vscode.l10n.t('Schema version'), key.schemaVersion ?? '']);
    if (key.kindsHash) rows.push([vscode.l10n.t('Kinds hash'), key.kindsHash]);
  }
  const t = record.trailer;
  if (t) {
    const ms = cachedAtMs(t);
    rows.push([vscode.l10n.t('Trailer'), t.format]);
    rows.push([vscode.l10n.t('Watermark'), t.watermark.toString()]);
    rows.push([
      vscode.l10n.t('Cached at'),
      ms === undefined ? vscode.l10n.t('{0} µs (implausible: damaged trailer?)', String(t.cachedAtUs)) : `${new Date(ms).toISOString()} (${formatAge(now - ms)})`,
    ]);
    if (t.format === 'v2') {
      rows.push([vscode.l10n.t('Monotonic'), `${t.cachedAtMonoNs} ns`]);
      const boot = String(t.processBootNs);
      rows.push([vscode.l10n.t('Process boot'), trailerWarnings(t).includes('boot-after-cached-at') ? vscode.l10n.t('{0} ns (after cached-at: implausible)', boot) : `${boot} ns`]);
    }
  }
  if (freshness) {
    rows.push([vscode.l10n.t('Against the store'), freshnessPhrase(freshness)]);
    if (freshness.lastEventSequence !== null) rows.push([vscode.l10n.t('Last relevant event'), vscode.l10n.t('sequence {0}', String(freshness.lastEventSequence))]);
    if (freshness.newerKinds.length > 0) rows.push([vscode.l10n.t('Newer event kinds'), formatEventKinds(freshness.newerKinds)]);
  }
  rows.push([vscode.l10n.t('Status'), record.problem ? `${record.status} (${record.problem})` : record.status]);
  if (record.warnings.length > 0) rows.push([vscode.l10n.t('Warnings'), record.warnings.join(', ')]);
  const size = formatBytes(record.size);
  rows.push([vscode.l10n.t('Size'), record.valueLength === null ? size : vscode.l10n.t('{0} (value {1})', size, formatBytes(record.valueLength))]);
  rows.push([vscode.l10n.t('Path'), absolute]);
  md.appendMarkdown('| | |\n|---|---|\n' + rows.map(([k, v]) => `| ${k} | ${escape(v)} |`).join('\n'));
  return md;
}
