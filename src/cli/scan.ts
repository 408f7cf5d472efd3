/**
 * How the CLI reads a root: the census on every CPU for `stats` and `audit`, and the files in path order for `ls`.
 * Unlike the core's `walk`, scanRoot can stay inside one shard, keep only entries whose name a selector matches
 * (decided before any file is opened), and report per-directory progress.
 */
import {
  acceptedLayouts,
  CensusOptions,
  describe,
  errorCode,
  FileRecord,
  formatCount,
  listRoot,
  matchesName,
  namedChunks,
  NamedItem,
  parseKey,
  RootCensus,
  rootFiles as filesInRoot,
  ScanIssue,
  scanCensus,
  Selector,
  selectorDirs,
  sniffLayout,
} from '../core';
import { Progress } from './progress';

export interface ScanOptions {
  /** Only this immediate subdirectory. */
  shard?: string;
  /** Only entries this selector matches by name. */
  selector?: Selector;
  onIssue?: (issue: ScanIssue) => void;
  onDirectory?: (done: number, total: number) => void;
}

/** Directories in the order of their paths, `name + '/'`: `a-/x` comes before `a/x` although the name `a` sorts first. */
const pathOrder = (a: string, b: string): number => (a + '/' < b + '/' ? -1 : a + '/' > b + '/' ? 1 : 0);

export async function* scanRoot(root: string, options: ScanOptions = {}): AsyncGenerator<FileRecord> {
  const { shard, selector } = options;
  const listing = await listRoot(root);
  // The layout is sniffed from the whole root, so a key parses the same whether or not the listing is filtered.
  const layout = await sniffLayout(root, listing.dirs);
  const accept = acceptedLayouts(layout, undefined);
  const scope = selector ? selectorDirs(selector) : undefined;
  const dirs = listing.dirs.filter((dir) => (shard === undefined || dir === shard) && (scope === undefined || scope.includes(dir))).sort(pathOrder);
  // Files directly in the root belong to no shard and have no key.
  const rootFiles = shard === undefined && selector === undefined ? [...filesInRoot(listing, options.onIssue)] : [];
  const wanted = (dir: string, item: NamedItem): boolean => {
    const cls = item.class;
    return !selector || (cls.kind === 'entry' && matchesName(selector, dir, item.name, cls.keyHex, () => parseKey(Buffer.from(cls.keyHex, 'hex'), accept)));
  };
  for (const [index, dir] of dirs.entries()) {
    while (rootFiles.length > 0 && rootFiles[0].path < `${dir}/`) yield rootFiles.shift() as FileRecord;
    let chunks: Iterable<NamedItem[]>;
    try {
      chunks = await namedChunks(root, dir);
    } catch (error) {
      options.onIssue?.({ path: dir, code: errorCode(error) ?? 'EIO', message: `cannot list ${dir}/: ${(error as Error).message}` });
      continue;
    }
    for (const items of chunks) {
      const names = items.filter((item) => wanted(dir, item));
      if (names.length > 0) yield* await describe(root, dir, names, { layout, onIssue: options.onIssue });
    }
    options.onDirectory?.(index + 1, dirs.length);
  }
  yield* rootFiles;
}

/** A root's census on every CPU (the core's scanCensus), with a progress bar on a terminal. */
export async function scanWithProgress(root: string, options: CensusOptions = {}): Promise<RootCensus> {
  const progress = new Progress('Scanning');
  try {
    return await scanCensus(root, { ...options, onProgress: (p) => progress.update(p.dirsDone, p.dirsTotal, `${formatCount(p.files)} files`) });
  } finally {
    progress.stop();
  }
}
