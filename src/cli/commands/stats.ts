/** `batpak-cache stats <root>`: what a root holds, in one pass. */
import { Command } from 'commander';
import { FreshnessCounts, FreshnessTally, GroupNames, resolveRoot, RootStats, scanRoot, StatsBuilder, statsToJson, StoreView } from '../../core';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { formatAge, formatBytes, formatCount, formatDuration } from '../locale';
import { Column, counted, fields, formatInstant, safe, shortHash, table, writeJson, writeLines } from '../output';
import { hintRootsBelow } from '../parentHint';
import { Progress } from '../progress';
import { addStoreOption, countsLine, optionalStore } from '../store';
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
    const store = await optionalStore(resolved, flags.store);
    // With a store, the one scan also keeps what judging the entries needs.
    const tally = store && new FreshnessTally();
    const stats = await collect(resolved, tally);
    const freshness = store && tally && freshnessOf(tally, store);
    if (flags.json) await writeJson(freshness ? { ...statsToJson(stats, names), freshness } : statsToJson(stats, names));
    else await writeLines(render(stats, freshness?.counts, names));
    if (stats.entries === 0 && stats.temp.count === 0) await hintRootsBelow(resolved, 'stats');
  });
}

interface FreshnessStats {
  store: string;
  eventCount: number;
  counts: FreshnessCounts;
  warnings: string[];
}

function freshnessOf(tally: FreshnessTally, store: StoreView): FreshnessStats {
  const { counts } = tally.judge(store);
  return { store: store.dir, eventCount: store.eventCount, counts, warnings: store.warnings.map(storeWarningText) };
}

async function collect(root: string, tally: FreshnessTally | undefined): Promise<RootStats> {
  const builder = new StatsBuilder(root);
  const progress = new Progress('Scanning');
  let files = 0;
  const onIssue = builder.stats.issues.push.bind(builder.stats.issues);
  for await (const record of scanRoot(root, { onIssue, onDirectory: (done, total) => progress.update(done, total, `${formatCount(files)} files`) })) {
    builder.add(record);
    tally?.add(record);
    files++;
  }
  progress.stop();
  return builder.finish();
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
