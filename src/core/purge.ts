/**
 * Purge = plan, then execute. Both stream the directories the selector can match in (a prefix reads one shard), hold
 * at most one batch of names at a time, and never the full list of matches. Execution re-decides every file when it
 * reaches it, so entries written after the plan may survive and entries that changed are not removed by mistake.
 */
import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import { errorCode, FileHead, isVanished, openDirChunks, readFileTail } from './fileio';
import { entryContent, VALUE_WINDOW } from './inspect';
import { acceptedLayouts, describeKey, KeyInfo, parseKey } from './key';
import { classifyName, direntType } from './names';
import { LayoutHint } from './record';
import { RemovalOutcome, RemovalSummary, RemovalTally, removeFile, removeIfStill } from './remover';
import { describeMatching, valueMatches } from './rootScan';
import { describe, listRoot, NamedItem, sniffLayout } from './scanner';
import { matchesName, namePrefix, needsTrailer, Selector, selectorDirs, trailerMatches } from './selector';
import { V2_SIZE } from './trailer';
import { ValueQuery } from './valueQuery';

const BATCH = 256;
const SAMPLE_SIZE = 10;

export interface PurgeSample {
  path: string;
  keyHex: string;
  label: string;
  /** The parsed key: its projection group tells an entity's entries apart. */
  key: KeyInfo;
}

export interface PurgePlan {
  selector: Selector;
  count: number;
  bytes: number;
  sample: PurgeSample[];
  /** Directories that could not be read; their entries are not counted. */
  unreadable: string[];
}

export interface PurgeProgress {
  deleted: number;
  failed: number;
  bytes: number;
  dirsDone: number;
  dirsTotal: number;
}

export interface PlanOptions {
  signal?: AbortSignal;
  /** Only the entries whose value this query matches, besides the selector (each value is read). */
  where?: ValueQuery;
}

export interface ExecuteOptions extends PlanOptions {
  /**
   * Stops at once (`signal` stops after the batch in hand, up to 256 files being removed at once): the files of the
   * batch in hand that are claimed are put back, no other is removed.
   */
  halt?: AbortSignal;
  onProgress?: (progress: PurgeProgress) => void;
}

interface Scope {
  dirs: string[];
  layout: LayoutHint;
}

/** `withLayout`: whether the caller uses the layout (sniffing it reads a directory and a few files). */
async function scopeOf(root: string, selector: Selector, withLayout: boolean): Promise<Scope> {
  const only = selectorDirs(selector);
  // A named directory is in scope only if it is a real directory: a symlinked shard is never followed.
  const dirs = only ? realDirectories(root, only) : (await listRoot(root)).dirs;
  // The root's key layout decides group matches and how sampled keys read (a few files, read once).
  return { dirs, layout: withLayout ? await sniffLayout(root, dirs) : undefined };
}

/** Synchronous: one lstat per named directory, where a promise would cost more than the call. */
function realDirectories(root: string, names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      return lstatSync(path.join(root, name)).isDirectory();
    } catch {
      return false;
    }
  });
}

/** Streams the names of one directory in batches of candidate entries (entries whose name can match). */
async function* candidateBatches(root: string, dir: string, selector: Selector, layout: LayoutHint): AsyncGenerator<NamedItem[]> {
  // A name that does not start with the key prefix cannot match: skipped before it is classified.
  const prefix = namePrefix(selector) ?? '';
  let chunks;
  try {
    chunks = openDirChunks(path.join(root, dir));
  } catch (error) {
    const code = errorCode(error);
    if (isVanished(error) || code === 'ELOOP') return;
    throw error;
  }
  let batch: NamedItem[] = [];
  for await (const chunk of chunks) {
    for (const entry of chunk) {
      if (!entry.name.startsWith(prefix)) continue;
      const type = direntType(entry);
      const cls = classifyName(dir, entry.name, type);
      if (cls.kind !== 'entry') continue;
      if (!matchesName(selector, dir, entry.name, cls.keyHex, () => parseKey(Buffer.from(cls.keyHex, 'hex'), acceptedLayouts(layout, undefined)))) continue;
      batch.push({ name: entry.name, type, class: cls });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

export async function planPurge(root: string, selector: Selector, options: PlanOptions = {}): Promise<PurgePlan> {
  const scope = await scopeOf(root, selector, true);
  const plan: PurgePlan = { selector, count: 0, bytes: 0, sample: [], unreadable: [] };
  for (const dir of scope.dirs) {
    try {
      for await (const batch of candidateBatches(root, dir, selector, scope.layout)) {
        options.signal?.throwIfAborted();
        const records = options.where ? await describeMatching(root, dir, batch, scope.layout, options.where) : await describe(root, dir, batch, { layout: scope.layout });
        for (const record of records) {
          if (record.kind !== 'entry' || !trailerMatches(selector, record)) continue;
          plan.count++;
          plan.bytes += record.size;
          if (plan.sample.length < SAMPLE_SIZE) {
            plan.sample.push({ path: record.path, keyHex: record.keyHex, label: describeKey(Buffer.from(record.keyHex, 'hex'), record.key), key: record.key });
          }
        }
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      plan.unreadable.push(dir);
    }
  }
  // Sampled in directory order; by path, an entity's entries come together, as in a listing.
  plan.sample.sort((a, b) => (a.path < b.path ? -1 : 1));
  return plan;
}

/**
 * Reads the trailer (and the value, for a query by value) first: an entry that does not match is never moved
 * (claiming it would hide it from a batpak get() for a moment, and where hard links are unsupported the put-back rename
 * could replace a newer write). One that matches is claimed and checked again, in case batpak rewrote it since. The
 * entry is decided as the plan decided it.
 */
async function removeIfStillMatching(
  absolute: string,
  dir: string,
  item: NamedItem,
  selector: Selector,
  layout: LayoutHint,
  { where, halt }: Pick<ExecuteOptions, 'where' | 'halt'>,
): Promise<RemovalOutcome> {
  const keyHex = item.class.kind === 'entry' ? item.class.keyHex : '';
  // With a query, the whole file when it is no longer than a value is ever read; a longer one never matches.
  const reads = where ? VALUE_WINDOW + V2_SIZE : V2_SIZE;
  const matches = (head: FileHead): boolean => {
    const ends = { size: head.size, mtimeMs: head.mtimeMs, head: head.bytes, tail: head.bytes.subarray(Math.max(0, head.bytes.length - V2_SIZE)) };
    const content = entryContent({ dir, name: item.name, keyHex, misplaced: false }, ends, layout);
    return trailerMatches(selector, content.record) && (!where || valueMatches(where, content));
  };
  try {
    if (!matches(await readFileTail(absolute, reads))) return { result: 'skipped' };
  } catch (error) {
    if (isVanished(error)) return { result: 'skipped' };
    // Unreadable: removeIfStill reports why.
  }
  return removeIfStill(absolute, matches, { tailBytes: reads, halt });
}

export async function executePurge(root: string, selector: Selector, options: ExecuteOptions = {}): Promise<RemovalSummary> {
  // The root's layout decides how keys parse (a k2 key also parses as k1) and how a trailer reads (a v1 value may end
  // in the v2 magic): a selector that looks at either must see each file as the plan saw it.
  const rechecks = needsTrailer(selector) || options.where !== undefined;
  const scope = await scopeOf(root, selector, selector.kind === 'group' || rechecks);
  const tally = new RemovalTally();
  const { halt } = options;
  const progress = (dirsDone: number): void =>
    options.onProgress?.({ deleted: tally.summary.deleted, failed: tally.summary.failedCount, bytes: tally.summary.bytes, dirsDone, dirsTotal: scope.dirs.length });
  for (const [index, dir] of scope.dirs.entries()) {
    try {
      for await (const batch of candidateBatches(root, dir, selector, scope.layout)) {
        if (options.signal?.aborted || halt?.aborted) return tally.finish(true);
        await Promise.all(
          batch.map(async (item) => {
            const absolute = path.join(root, dir, item.name);
            const outcome = rechecks ? await removeIfStillMatching(absolute, dir, item, selector, scope.layout, options) : await removeFile(absolute, halt);
            tally.record(outcome, `${dir}/${item.name}`);
          }),
        );
        progress(index);
      }
    } catch (error) {
      tally.record({ result: 'failed', reason: `cannot list ${dir}/: ${errorCode(error) ?? (error as Error).message}` }, dir);
    }
    progress(index + 1);
  }
  // Halted in the last batch: some of its files were put back.
  return tally.finish(halt?.aborted === true);
}
