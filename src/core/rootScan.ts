/**
 * The files of a root in path order, for listings and exports. Unlike `walk`, a scan can stay inside one shard, keep
 * only the entries some selectors take (by name before any file is opened, then by trailer), report per-directory
 * progress, and read each entry's value with its trailer in one open (`scanValues`, for queries by value and exports).
 */
import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import { errorCode, isVanished, NotRegularFileError, readFileEndsSync } from './fileio';
import { EntryContent, entryContent, VALUE_WINDOW } from './inspect';
import { acceptedLayouts, parseKey } from './key';
import { TimeSlice } from './limit';
import { buildEntry, EntryRecord, FileRecord, ForeignRecord, LayoutHint } from './record';
import { describe, listRoot, namedChunks, NamedItem, rootFiles as filesInRoot, ScanIssue, sniffLayout } from './scanner';
import { matchesName, needsTrailer, Selector, selectorDirs, trailerMatches } from './selector';
import { V2_SIZE } from './trailer';
import { ValueQuery } from './valueQuery';

export interface ScanOptions {
  /** Only this immediate subdirectory. */
  shard?: string;
  /** Only the entries every selector takes: temp and foreign files are left out when there is one. */
  selectors?: readonly Selector[];
  signal?: AbortSignal;
  onIssue?: (issue: ScanIssue) => void;
  onDirectory?: (done: number, total: number) => void;
}

/** Directories in the order of their paths, `name + '/'`: `a-/x` comes before `a/x` although the name `a` sorts first. */
const pathOrder = (a: string, b: string): number => (a + '/' < b + '/' ? -1 : a + '/' > b + '/' ? 1 : 0);

interface Scan {
  layout: LayoutHint;
  dirs: string[];
  /** Files directly in the root, in path order: they belong to no shard and have no key. */
  rootFiles: ForeignRecord[];
  /** Whether a listed name is wanted, decided on the name alone. */
  wanted: (dir: string, item: NamedItem) => boolean;
  /** Whether an entry the names took is wanted once its trailer is known. */
  trailerWanted: (record: EntryRecord) => boolean;
}

async function planScan(root: string, options: ScanOptions): Promise<Scan> {
  const { shard } = options;
  const selectors = options.selectors ?? [];
  const listing = await listRoot(root);
  // The layout is sniffed from the whole root, so a key parses the same whether or not the listing is filtered.
  const layout = await sniffLayout(root, listing.dirs);
  const accept = acceptedLayouts(layout, undefined);
  const scopes = selectors.map(selectorDirs).filter((dirs): dirs is string[] => dirs !== undefined);
  const dirs = listing.dirs.filter((dir) => (shard === undefined || dir === shard) && scopes.every((scope) => scope.includes(dir))).sort(pathOrder);
  const byTrailer = selectors.filter(needsTrailer);
  return {
    layout,
    dirs,
    rootFiles: shard === undefined && selectors.length === 0 ? [...filesInRoot(listing, options.onIssue)] : [],
    wanted: (dir, item) => {
      const cls = item.class;
      if (selectors.length === 0) return true;
      if (cls.kind !== 'entry') return false;
      const key = () => parseKey(Buffer.from(cls.keyHex, 'hex'), accept);
      return selectors.every((selector) => matchesName(selector, dir, item.name, cls.keyHex, key));
    },
    trailerWanted: (record) => byTrailer.every((selector) => trailerMatches(selector, record)),
  };
}

/** Each directory's listing in chunks of wanted names, the directories in path order; unreadable ones are reported. */
async function* wantedChunks(root: string, scan: Scan, options: ScanOptions): AsyncGenerator<{ dir: string; items: NamedItem[] } | { dirDone: number }> {
  for (const [index, dir] of scan.dirs.entries()) {
    let chunks: Iterable<NamedItem[]>;
    try {
      chunks = await namedChunks(root, dir);
    } catch (error) {
      options.onIssue?.({ path: dir, code: errorCode(error) ?? 'EIO', message: `cannot list ${dir}/: ${(error as Error).message}` });
      continue;
    }
    for (const chunk of chunks) {
      options.signal?.throwIfAborted();
      const items = chunk.filter((item) => scan.wanted(dir, item));
      if (items.length > 0) yield { dir, items };
    }
    yield { dirDone: index + 1 };
  }
}

/** Every file of the root the options take (entries, temp and foreign files), in path order. */
export async function* scanRoot(root: string, options: ScanOptions = {}): AsyncGenerator<FileRecord> {
  const scan = await planScan(root, options);
  const rootFiles = scan.rootFiles;
  for await (const step of wantedChunks(root, scan, options)) {
    if ('dirDone' in step) {
      options.onDirectory?.(step.dirDone, scan.dirs.length);
      continue;
    }
    while (rootFiles.length > 0 && rootFiles[0].path < `${step.dir}/`) yield rootFiles.shift() as FileRecord;
    for (const record of await describe(root, step.dir, step.items, { layout: scan.layout, onIssue: options.onIssue })) {
      if (record.kind !== 'entry' || scan.trailerWanted(record)) yield record;
    }
  }
  yield* rootFiles;
}

export interface ValueScanProgress {
  dirsDone: number;
  dirsTotal: number;
  /** Entries read so far (the ones the other selectors left). */
  read: number;
  /** Entries the query matched so far (all of those read without one). */
  matched: number;
}

export interface ValueScanOptions extends Omit<ScanOptions, 'onDirectory'> {
  /** Only the entries whose value this query matches (a value that is not JSON, or longer than VALUE_WINDOW, never does). */
  where?: ValueQuery;
  onProgress?: (progress: ValueScanProgress) => void;
}

/**
 * Every entry the options take, in path order, each read once (trailer and value together, one file at a time, at
 * most VALUE_WINDOW of a value in memory). Temp and foreign files are never yielded. With `signal` aborted it rejects
 * with the signal's reason between two entries.
 */
export async function* scanValues(root: string, options: ValueScanOptions = {}): AsyncGenerator<EntryContent> {
  const scan = await planScan(root, options);
  const progress: ValueScanProgress = { dirsDone: 0, dirsTotal: scan.dirs.length, read: 0, matched: 0 };
  const slice = new TimeSlice();
  for await (const step of wantedChunks(root, scan, options)) {
    if ('dirDone' in step) {
      progress.dirsDone = step.dirDone;
      options.onProgress?.({ ...progress });
      continue;
    }
    for (const item of step.items) {
      if (item.class.kind !== 'entry') continue;
      const content = readEntry(root, step.dir, item, item.class, scan.layout, options.onIssue);
      if (slice.over) {
        options.onProgress?.({ ...progress });
        await slice.next();
        options.signal?.throwIfAborted();
      }
      if (!content || !scan.trailerWanted(content.record)) continue;
      progress.read++;
      if (options.where && !valueMatches(options.where, content)) continue;
      progress.matched++;
      yield content;
    }
  }
}

/** Whether the query matches the entry's whole value (a value longer than VALUE_WINDOW never matches: it is not read). */
export function valueMatches(where: ValueQuery, content: EntryContent): boolean {
  return content.value !== null && content.value.length === content.valueLength && where.matches(content.value);
}

/** The records of the entries among `items` whose value the query matches, read one at a time in time slices. */
export async function describeMatching(root: string, dir: string, items: readonly NamedItem[], layout: LayoutHint, where: ValueQuery): Promise<EntryRecord[]> {
  const slice = new TimeSlice();
  const records: EntryRecord[] = [];
  for (const item of items) {
    const content = item.class.kind === 'entry' ? readEntry(root, dir, item, item.class, layout, undefined) : undefined;
    if (content && valueMatches(where, content)) records.push(content.record);
    if (slice.over) await slice.next();
  }
  return records;
}

/** One entry read whole (up to VALUE_WINDOW of value); undefined when it is gone or no longer a regular file. */
function readEntry(
  root: string,
  dir: string,
  item: NamedItem,
  entry: { keyHex: string; misplaced: boolean },
  layout: LayoutHint,
  onIssue: ScanOptions['onIssue'],
): EntryContent | undefined {
  const where = { dir, name: item.name, keyHex: entry.keyHex, misplaced: entry.misplaced };
  const relPath = `${dir}/${item.name}`;
  try {
    return entryContent(where, readFileEndsSync(path.join(root, dir, item.name), VALUE_WINDOW, V2_SIZE), layout);
  } catch (error) {
    const code = errorCode(error);
    if (isVanished(error) || error instanceof NotRegularFileError || code === 'ELOOP') return undefined;
    onIssue?.({ path: relPath, code: code ?? 'EIO', message: `cannot read ${relPath}: ${(error as Error).message}` });
    if (code !== 'EACCES' && code !== 'EPERM') return undefined;
    // Listed as scans list it: a corrupt entry that cannot be read, without a value.
    const stat = lstatSync(path.join(root, dir, item.name), { throwIfNoEntry: false });
    return stat && { record: buildEntry({ ...where, size: stat.size, mtimeMs: stat.mtimeMs, tail: undefined }, layout), value: null, valueLength: 0 };
  }
}
