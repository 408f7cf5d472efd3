/** `batpak-cache ls <root>`: every file of a root (or one shard, or the entries of a key prefix), in path order. */
import { Command } from 'commander';
import {
  describeKey,
  entryFreshness,
  FileRecord,
  GroupNames,
  parseShard,
  recordToJson,
  resolveRoot,
  rootGroupKinds,
  scanRoot,
  scanValues,
  ScanOptions,
  ValueQuery,
  ValueScanProgress,
} from '../../core';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { formatAge, formatBytes, formatCount } from '../locale';
import { Column, counted, groupCell, safe, StreamedTable, writeJsonLine, writeLines } from '../output';
import { hintRootsBelow } from '../parentHint';
import { Progress } from '../progress';
import { addKeyOptions, addWhereOption, once, selectorFrom, SelectorFlags, selectorText, whereFrom } from '../selection';
import { addStoreOption, freshnessCell, freshnessJson, optionalStore } from '../store';

interface LsFlags extends SelectorFlags, NamesFlags {
  shard?: string;
  store?: string | false;
  where?: string;
  json?: boolean;
}

export function registerLs(program: Command): void {
  const command = program
    .command('ls')
    .description('list the files of a cache root in path order: entries, temp files and foreign files')
    .argument('<root>', 'the cache root')
    .option('--shard <xx>', 'only the shard directory XX (two hex digits)', once('--shard'));
  addWhereOption(addStoreOption(addKeyOptions(command), "adds each entry's freshness against it (default: the store found beside the root)", true));
  addNamesOption(command)
    .option('--json', 'print NDJSON: one object per file (see docs/cli.md)')
    .action(async (root: string, flags: LsFlags) => {
      const selector = selectorFrom(flags);
      const where = whereFrom(flags.where);
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const resolved = await resolveRoot(root);
      const names = loadNames(flags, root);
      const store = await optionalStore(resolved, flags.store);
      // A k1 entry is judged with the hints of its whole projection group: a pass over the root, made when the first
      // k1 entry comes (roots of batpak 0.6+ hold k2 keys only, which need none).
      let groupKinds: Promise<Map<string, Set<number>>> | undefined;
      const freshnessOf = async (record: FileRecord) => {
        if (!store || record.kind !== 'entry') return null;
        if (record.key.layout === 'k1') groupKinds ??= rootGroupKinds(resolved, store);
        return entryFreshness(record, store, await groupKinds);
      };
      const columns = store ? [...COLUMNS.slice(0, -1), { header: 'FRESHNESS' }, COLUMNS[COLUMNS.length - 1]] : COLUMNS;
      // The bar would tear through the listing when both go to the same terminal.
      const progress = new Progress('Listing', process.stderr.isTTY === true && !process.stdout.isTTY);
      const scan = listed(resolved, { shard, selectors: selector ? [selector] : [] }, where, progress);
      const totals: Totals = { files: 0, entries: 0, bad: 0, warned: 0, temp: 0, claim: 0, foreign: 0, bytes: 0 };
      const human = new StreamedTable(columns);
      for await (const record of scan) {
        const json = () => recordToJson(record, names);
        if (flags.json) await writeJsonLine(store && record.kind === 'entry' ? { ...json(), freshness: freshnessJson(await freshnessOf(record)) } : json());
        else await human.add(store ? withFreshness(cells(record, names), await freshnessOf(record)) : cells(record, names));
        count(totals, record);
      }
      progress.stop();
      const scope = [shard && `shard ${shard}`, selector && selectorText(selector), where && `value matches ${where.source}`].filter(Boolean).join(', ');
      if (!flags.json) await writeSummary(human, totals, scope);
      // Pointed at the folder above a cache: nothing of batpak's here, maybe a root below.
      if (scope === '' && totals.entries + totals.temp === 0) await hintRootsBelow(resolved, 'ls');
    });
}

type Totals = { files: number; entries: number; bad: number; warned: number; temp: number; claim: number; foreign: number; bytes: number };

async function writeSummary(human: StreamedTable, totals: Totals, scope: string): Promise<void> {
  await human.end();
  const what = `${counted(totals.files, 'file')}${scope ? ` (${scope})` : ''}`;
  const parts = [`${counted(totals.entries, 'entry', 'entries')}${totals.bad > 0 ? ` (${formatCount(totals.bad)} corrupt or misplaced)` : ''}`];
  if (totals.temp > 0) parts.push(counted(totals.temp, 'temp file'));
  if (totals.claim > 0) parts.push(counted(totals.claim, 'claimed file'));
  if (totals.foreign > 0) parts.push(counted(totals.foreign, 'foreign file'));
  const legend = totals.warned > 0 ? ['! = read by batpak, but looks damaged: batpak-cache show <root>/<path> tells why'] : [];
  await writeLines(['', `${what}: ${parts.join(', ')}, ${formatBytes(totals.bytes)}`, ...legend]);
}

const COLUMNS: Column[] = [
  { header: 'STATUS' },
  { header: 'SIZE', align: 'right' },
  { header: 'CACHED' },
  { header: 'WATERMARK', align: 'right' },
  { header: 'KEY', max: 32 },
  { header: 'GROUP' },
  { header: 'PATH' },
];

/** The files a listing shows: with a query by value, the entries it matches (each value read), else every file. */
async function* listed(root: string, options: ScanOptions, where: ValueQuery | undefined, progress: Progress): AsyncGenerator<FileRecord> {
  if (!where) return yield* scanRoot(root, { ...options, onDirectory: (done, total) => progress.update(done, total) });
  const onProgress = (p: ValueScanProgress) =>
    progress.update(p.dirsDone, p.dirsTotal, `${formatCount(p.matched)} of ${formatCount(p.read)} match`);
  for await (const content of scanValues(root, { ...options, where, onProgress })) yield content.record;
}

function cells(record: FileRecord, names: GroupNames, now = Date.now()): string[] {
  const path = safe(record.path);
  const size = formatBytes(record.size);
  if (record.kind === 'temp') return ['temp', size, formatAge(record.ageMs), '-', '(write in progress or orphan)', '-', path];
  if (record.kind === 'claim') return ['claimed', size, formatAge(record.ageMs), '-', '(interrupted removal)', '-', path];
  if (record.kind === 'foreign') return ['foreign', size, '-', '-', `(${record.reason})`, '-', path];
  const t = record.trailer;
  const warned = record.warnings.length > 0 ? '!' : '';
  const cachedAt = t === null ? '-' : record.warnings.includes('cached-at-implausible') ? 'implausible' : formatAge(now - Number(t.cachedAtUs / 1000n));
  const key = record.key;
  const label = record.keyHex === '' ? '(empty key)' : safe(describeKey(Buffer.from(record.keyHex, 'hex'), key));
  return [record.status + warned, size, cachedAt, t ? t.watermark.toString() : '-', label, groupCell(key, names), path];
}

/** The FRESHNESS column goes just before PATH. */
function withFreshness(row: string[], freshness: ReturnType<typeof entryFreshness>): string[] {
  return [...row.slice(0, -1), freshnessCell(freshness), row[row.length - 1]];
}

function count(totals: Totals, record: FileRecord): void {
  totals.files++;
  totals.bytes += record.size;
  if (record.kind === 'entry') {
    totals.entries++;
    if (record.status !== 'ok') totals.bad++;
    if (record.warnings.length > 0) totals.warned++;
  } else totals[record.kind]++;
}
