/** Markdown tooltips for tree nodes, built lazily (in resolveTreeItem) from the core's records and statistics. */
import * as vscode from 'vscode';
import { cachedAtMs, describeKey, EntryRecord, formatAge, formatBytes, formatCount, keyToJson, RootStats, trailerWarnings } from '../../core';

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function when(us: bigint | undefined, now: number): string {
  if (us === undefined) return '—';
  const ms = Number(us / 1000n);
  return `${new Date(ms).toISOString()} (${formatAge(now - ms)})`;
}

export function rootTooltip(path: string, stats: RootStats | undefined, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${escape(path)}**\n\n`);
  if (!stats) return md.appendMarkdown('Scanning…');
  const rows: Array<[string, string]> = [
    ['Entries', `${formatCount(stats.entries)} (${formatBytes(stats.bytes)}) in ${stats.shards.size} shards`],
    ['Corrupt', formatCount(stats.corrupt)],
    ['Misplaced', formatCount(stats.misplaced)],
    ['Damaged-looking trailers', formatCount(stats.withWarnings)],
    ['Temp files', `${formatCount(stats.temp.count)}${stats.temp.oldestAgeMs === null ? '' : `, oldest ${formatAge(stats.temp.oldestAgeMs)}`}`],
    ['Foreign files', formatCount(stats.foreign)],
    ['Trailers', `v1 ${formatCount(stats.trailers.v1)} · v2 ${formatCount(stats.trailers.v2)}`],
    ['Oldest cached', when(stats.cachedAtUs?.min, now)],
    ['Newest cached', when(stats.cachedAtUs?.max, now)],
    ['Projection groups', formatCount(stats.groups.length)],
  ];
  md.appendMarkdown('| | |\n|---|---|\n' + rows.map(([k, v]) => `| ${k} | ${escape(v)} |`).join('\n'));
  return md;
}

export function entryTooltip(record: EntryRecord, absolute: string, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  const key = keyToJson(record.key);
  md.appendMarkdown(`**${escape(describeKey(Buffer.from(record.keyHex, 'hex'), record.key))}**\n\n`);
  const rows: Array<[string, string]> = [['Key layout', key.layout]];
  if (key.layout === 'raw') rows.push(['Key (hex)', record.keyHex || '(empty key)']);
  else {
    rows.push(['Entity (hex)', key.entityHex ?? '']);
    rows.push(['Type hash', key.typeHash ?? '']);
    rows.push(['Schema version', key.schemaVersion ?? '']);
    if (key.kindsHash) rows.push(['Kinds hash', key.kindsHash]);
  }
  const t = record.trailer;
  if (t) {
    const ms = cachedAtMs(t);
    rows.push(['Trailer', t.format]);
    rows.push(['Watermark', t.watermark.toString()]);
    rows.push(['Cached at', ms === undefined ? `${t.cachedAtUs} µs (implausible: damaged trailer?)` : `${new Date(ms).toISOString()} (${formatAge(now - ms)})`]);
    if (t.format === 'v2') {
      rows.push(['Monotonic', `${t.cachedAtMonoNs} ns`]);
      rows.push(['Process boot', `${t.processBootNs} ns${trailerWarnings(t).includes('boot-after-cached-at') ? ' (after cached-at: implausible)' : ''}`]);
    }
  }
  rows.push(['Status', record.problem ? `${record.status} (${record.problem})` : record.status]);
  if (record.warnings.length > 0) rows.push(['Warnings', record.warnings.join(', ')]);
  rows.push(['Size', `${formatBytes(record.size)}${record.valueLength === null ? '' : ` (value ${formatBytes(record.valueLength)})`}`]);
  rows.push(['Path', absolute]);
  md.appendMarkdown('| | |\n|---|---|\n' + rows.map(([k, v]) => `| ${k} | ${escape(v)} |`).join('\n'));
  return md;
}
