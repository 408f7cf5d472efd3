/** `batpak-cache stats <root>`: what a root holds, in one pass over it on every CPU. */
import { Command } from 'commander';
import { censusStatsToJson, FreshnessCounts, GroupNames, resolveRoot, RootStats } from '../../core';
import { scanWithProgress } from '../census';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { formatAge, formatBytes, formatCount, formatDuration } from '../locale';
import { Column, counted, fields, formatInstant, safe, shortHash, table, writeJson, writeLines } from '../output';
import { hintRootsBelow } from '../parentHint';
import { addStoreOption, countsLine, optionalStoreDir, printStoreWarnings } from '../store';
import { storeWarningText } from '../storeWarnings';

type StatsFlags = NamesFlags & { json?: boolean; store?: string | false };

export function registerStats(program: Command): void {
  const command = program
    .command('stats')
    .description('summarize a cache root: entries, health, temp and foreign files, trailers, projection groups')
    .argument('<root>', 'the cache root (the directory given to Store::open_with_native_cache)')
    .option('--json', 'print one JSON object (see docs/cli.md)');
  addNamesOption(addStoreOption(command, 'adds the number of entries in each freshness state (default: the store found beside the root)', true)).action(async (root: string, flags: StatsFlags) => {
    const resolved = await resolveRoot(root);
    const names = loadNames(flags, root);
    // With a store (--store, else the one beside the root), the same scan judges every entry against it.
    const census = await scanWithProgress(resolved, { storeDir: await optionalStoreDir(resolved, flags.store) });
    printStoreWarnings(census.freshness?.warnings ?? []);
    if (flags.json) await writeJson(censusStatsToJson(census, storeWarningText, names));
    else await writeLines(render(census.stats, census.freshness?.counts, names));
    if (census.stats.entries === 0 && census.stats.temp.count === 0) await hintRootsBelow(resolved, 'stats');
  });
}

const usToMs = (us: bigint): number => Number(us / 1000n);

function render(s: RootStats, freshness: FreshnessCounts | undefined, names: GroupNames, now = Date.now()): string[] {
  const temp = s.temp.count === 0 ? 'none' : `${counted(s.temp.count, 'file')}, ${formatBytes(s.temp.bytes)}, oldest ${formatAge(s.temp.oldestAgeMs ?? 0)}`;
  const firstIssue = s.issues[0];
  const lines = fields([
    ['Root', safe(s.root)],
    ['Entries', `${counted(s.entries, 'entry', 'entries')}, ${formatBytes(s.bytes)}, in ${counted(s.shards.size, 'shard')}`],
    ['Health', `${formatCount(s.ok)} ok · ${formatCount(s.corrupt)} corrupt · ${formatCount(s.misplaced)} misplaced · ${formatCount(s.withWarnings)} with warnings`],
    ['Temp files', temp],
    ['Claimed', s.claims.count === 0 ? undefined : `${counted(s.claims.count, 'file')}, ${formatBytes(s.claims.bytes)}: left by an interrupted removal, invisible to batpak (repair puts them back)`],
    ['Foreign', s.foreign === 0 ? 'none' : `${counted(s.foreign, 'file')} (${counted(s.symlinks, 'symlink')})`],
    ['Trailers', `${formatCount(s.trailers.v2)} v2 · ${formatCount(s.trailers.v1)} v1 · ${formatCount(s.trailers.none)} none`],
    ['Watermarks', s.watermark ? `${s.watermark.min} … ${s.watermark.max}` : '-'],
    ['Cached at', s.cachedAtUs ? `${formatInstant(usToMs(s.cachedAtUs.min), now)} … ${formatInstant(usToMs(s.cachedAtUs.max), now)}` : '-'],
    ['Freshness', freshness && countsLine(freshness)],
    ['Unreadable', firstIssue ? `${counted(s.issues.length, 'path')} (first: ${safe(firstIssue.message)})` : undefined],
    ['Scanned in', formatDuration(s.durationMs)],
  ]);
  if (s.groups.length === 0) return lines;
  // The PROJECTION column only when some group of the root has a name.
  const named = s.groups.some((g) => names.nameOf(g) !== undefined);
  const columns: Column[] = [
    { header: 'LAYOUT' },
    { header: 'TYPE HASH' },
    { header: 'SCHEMA', align: 'right' },
    { header: 'KINDS HASH' },
    { header: 'ENTRIES', align: 'right' },
    { header: 'SIZE', align: 'right' },
    { header: 'NEWEST' },
  ];
  const groups = table(
    named ? [...columns, { header: 'PROJECTION' }] : columns,
    s.groups.map((g) => {
      const cells = [
        g.layout,
        shortHash(g.typeHash),
        g.schemaVersion?.toString() ?? '-',
        shortHash(g.kindsHash),
        formatCount(g.count),
        formatBytes(g.bytes),
        g.newestCachedAtUs === null ? '-' : formatAge(now - usToMs(g.newestCachedAtUs)),
      ];
      return named ? [...cells, safe(names.nameOf(g) ?? '-')] : cells;
    }),
  );
  return [...lines, '', 'Projection groups (full hashes: stats --json)', ...groups.map((line) => `  ${line}`)];
}
