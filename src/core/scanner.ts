/**
 * Streaming walk of a cache root. Directory listings come from readdir (names and types, no stat); only entries whose
 * record is asked for are opened, and then only their last 40 bytes are read. Files that vanish mid-walk are skipped,
 * files that appear are picked up if their directory is read after they appear. Nothing is followed through symlinks.
 */
import * as fs from 'node:fs/promises';
import { lstatSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { utf8OrUndefined } from './bytes';
import { errorCode, isVanished, NotRegularFileError, openDirChunks, readFileTailSync } from './fileio';
import { Foreground, TimeSlice } from './limit';
import { classifyName, direntType, DirentType, escapedName, NameClass, REPLACEMENT_CHAR } from './names';
import { buildEntry, FileRecord, ForeignRecord, LayoutHint, otherRecord } from './record';
import { V2_SIZE } from './trailer';

/** Records are built in chunks of this many names: bounds memory per directory, whatever its size. */
const CHUNK = 512;

export interface WalkOptions {
  /** No longer used: files are read one at a time, in time slices (see describe). Accepted for compatibility. */
  concurrency?: number;
  /** Clock for temp-file ages (ms since epoch). */
  now?: number;
  signal?: AbortSignal;
  /** Called for a directory or file that could not be read (permissions, I/O errors); the walk carries on. */
  onIssue?: (issue: ScanIssue) => void;
  /** The root's key layout when the caller knows it; otherwise sniffed once per walk. */
  layout?: LayoutHint;
  /** Makes the walk background work: between chunks it waits while this has foreground work running. */
  yieldTo?: Foreground;
}

export interface ScanIssue {
  path: string;
  code: string;
  message: string;
}

export interface NamedItem {
  /** The name as listed; for a name that is not UTF-8, its escapedName (and `raw` holds its bytes). */
  name: string;
  type: DirentType;
  class: NameClass;
  raw?: Buffer;
}

export interface RootListing {
  /** Immediate subdirectories (real directories only, sorted): where batpak's entries live. */
  dirs: string[];
  /** Files, symlinks and other things directly in the root. */
  foreign: ForeignRecord[];
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function lstatOrUndefined(file: string | Buffer): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if (isVanished(error)) return undefined;
    throw error;
  }
}

function lstatSyncOrUndefined(file: string | Buffer): { size: number; mtimeMs: number } | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if (isVanished(error)) return undefined;
    throw error;
  }
}

/**
 * Node lists names as UTF-8 and turns bytes that are not into U+FFFD, so such a name cannot be opened by the string it
 * is listed under. When a listing holds U+FFFD, the directory is listed again as bytes (no ordinary directory pays for
 * it): its names holding U+FFFD replace the lossy ones, with their bytes when they are not UTF-8.
 */
function relistLossy(dirPath: string, names: readonly string[]): NamedItem[] | undefined {
  if (!names.some((name) => name.includes(REPLACEMENT_CHAR))) return undefined;
  const items: NamedItem[] = [];
  for (const entry of readdirSync(dirPath, { encoding: 'buffer', withFileTypes: true })) {
    const type = direntType(entry);
    const name = utf8OrUndefined(entry.name);
    if (name === undefined) items.push({ name: escapedName(entry.name), type, class: { kind: 'foreign', reason: 'name-not-utf8' }, raw: entry.name });
    else if (name.includes(REPLACEMENT_CHAR)) items.push({ name, type, class: { kind: 'foreign', reason: 'unrecognized-name' } });
  }
  return items;
}

const readable = (name: string): boolean => !name.includes(REPLACEMENT_CHAR);

/** `items` with the names listed lossily replaced by what relistLossy finds (unchanged when there are none). */
function withRelisted<T extends { name: string }>(dirPath: string, items: T[]): Array<T | NamedItem> {
  const lossy = relistLossy(dirPath, items.map((item) => item.name));
  return lossy ? [...items.filter((item) => readable(item.name)), ...lossy] : items;
}

/** The path of a listed name: by its bytes when it is not UTF-8. */
function itemPath(dirPath: string, item: { name: string; raw?: Buffer }): string | Buffer {
  return item.raw ? Buffer.concat([Buffer.from(dirPath + path.sep), item.raw]) : inDir(dirPath, item.name);
}

/** Lists the root itself. Throws (ENOENT, ENOTDIR, EACCES) when the root cannot be read at all. */
export async function listRoot(root: string): Promise<RootListing> {
  const listed = await fs.readdir(root, { withFileTypes: true });
  const items = withRelisted<{ name: string; type: DirentType; raw?: Buffer }>(root, listed.map((entry) => ({ name: entry.name, type: direntType(entry) })));
  const dirs: string[] = [];
  const foreign: ForeignRecord[] = [];
  for (const item of items.sort(byName)) {
    // A directory whose name is not UTF-8 cannot be a shard: reported as one foreign item, never entered.
    if (item.type === 'directory' && !item.raw) {
      dirs.push(item.name);
      continue;
    }
    const stat = await lstatOrUndefined(itemPath(root, item));
    if (!stat) continue;
    foreign.push({
      kind: 'foreign',
      path: item.name,
      dir: '',
      name: item.name,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      reason: item.raw ? 'name-not-utf8' : item.type === 'symlink' ? 'symlink' : 'file-in-root',
    });
  }
  return { dirs, foreign };
}

/** Names in one immediate subdirectory of the root, classified and sorted; [] when the directory vanished. */
export async function listNames(root: string, dir: string): Promise<NamedItem[]> {
  const dirPath = path.join(root, dir);
  let items: NamedItem[];
  try {
    const entries = await fs.readdir(dirPath, { withFileTypes: true });
    items = withRelisted(dirPath, entries.map((entry) => named(dir, entry.name, direntType(entry))));
  } catch (error) {
    if (isVanished(error)) return [];
    throw error;
  }
  return items.sort(byName);
}

function named(dir: string, name: string, type: DirentType): NamedItem {
  return { name, type, class: classifyName(dir, name, type) };
}

/** A directory's names in order, the types of the few that are not regular files, and the few names not UTF-8. */
interface SortedNames {
  names: string[];
  otherTypes: Map<string, DirentType>;
  undecodable: Map<string, NamedItem>;
}

/**
 * What walk keeps of a directory while it reads it: a string per file, where listNames' items take three times the
 * memory (a million-entry root has shards of 240,000 files). Streamed from the directory in time slices; [] when the
 * directory vanished.
 */
async function sortedNames(root: string, dir: string): Promise<SortedNames> {
  const listed: SortedNames = { names: [], otherTypes: new Map(), undecodable: new Map() };
  const dirPath = path.join(root, dir);
  try {
    for await (const chunk of openDirChunks(dirPath)) {
      for (const entry of chunk) {
        listed.names.push(entry.name);
        const type = direntType(entry);
        if (type !== 'file') listed.otherTypes.set(entry.name, type);
      }
    }
    const lossy = relistLossy(dirPath, listed.names);
    if (lossy) {
      listed.names = listed.names.filter(readable);
      for (const item of lossy) {
        listed.names.push(item.name);
        if (item.raw) listed.undecodable.set(item.name, item);
        else if (item.type !== 'file') listed.otherTypes.set(item.name, item.type);
      }
    }
  } catch (error) {
    if (isVanished(error)) return { names: [], otherTypes: new Map(), undecodable: new Map() };
    throw error;
  }
  // The default sort compares UTF-16 code units, as byName does.
  listed.names.sort();
  return listed;
}

/** Builds the records of some names of one directory; vanished files are left out. */
export async function describe(
  root: string,
  dir: string,
  items: readonly NamedItem[],
  options: WalkOptions & { layout: LayoutHint },
): Promise<FileRecord[]> {
  const now = options.now ?? Date.now();
  const dirPath = path.join(root, dir);
  const records: FileRecord[] = [];
  // Synchronous reads in time slices: a promise for each of a file's open, fstat, read and close costs several times
  // the calls themselves (10 s instead of 2 s for 100,000 files).
  const slice = new TimeSlice();
  for (const item of items) {
    const record = describeOne(dirPath, dir, item, now, options);
    if (record) records.push(record);
    if (slice.over) await slice.next();
  }
  return records;
}

/** path.join(dirPath, name) for a name from a directory listing, without join's normalising pass over the whole path. */
function inDir(dirPath: string, name: string): string {
  const plain = name !== '' && name !== '.' && name !== '..' && !/[\\/]/.test(name) && dirPath !== '.' && !dirPath.endsWith(path.sep);
  return plain ? dirPath + path.sep + name : path.join(dirPath, name);
}

function describeOne(
  dirPath: string,
  dir: string,
  item: NamedItem,
  now: number,
  options: WalkOptions & { layout: LayoutHint },
): FileRecord | undefined {
  const file = itemPath(dirPath, item);
  const base = { path: `${dir}/${item.name}`, dir, name: item.name };
  const cls = item.class;
  try {
    if (cls.kind === 'entry') {
      try {
        const head = readFileTailSync(file, V2_SIZE);
        const facts = { dir, name: item.name, keyHex: cls.keyHex, misplaced: cls.misplaced, size: head.size, mtimeMs: head.mtimeMs, tail: head.bytes };
        return buildEntry(facts, options.layout);
      } catch (error) {
        const code = errorCode(error);
        if (error instanceof NotRegularFileError || code === 'ELOOP') {
          // Replaced by a FIFO, directory or symlink since the listing: not an entry.
          const stat = lstatSyncOrUndefined(file);
          if (!stat) return undefined;
          return { ...base, kind: 'foreign', size: stat.size, mtimeMs: stat.mtimeMs, reason: code === 'ELOOP' ? 'symlink' : 'not-a-regular-file' };
        }
        if (code !== 'EACCES' && code !== 'EPERM') throw error;
        const stat = lstatSyncOrUndefined(file);
        if (!stat) return undefined;
        options.onIssue?.({ path: base.path, code, message: `cannot read ${base.path}: permission denied` });
        const facts = { dir, name: item.name, keyHex: cls.keyHex, misplaced: cls.misplaced, size: stat.size, mtimeMs: stat.mtimeMs, tail: undefined };
        return buildEntry(facts, options.layout);
      }
    }
    const stat = lstatSyncOrUndefined(file);
    if (!stat) return undefined;
    if (item.raw) options.onIssue?.(undecodableIssue(base.path));
    return otherRecord(base, cls, stat, now);
  } catch (error) {
    if (isVanished(error)) return undefined;
    options.onIssue?.({ path: base.path, code: errorCode(error) ?? 'EIO', message: String((error as Error).message ?? error) });
    return undefined;
  }
}

/** Why a name that is not UTF-8 is listed as foreign and never touched. */
function undecodableIssue(relPath: string): ScanIssue {
  return {
    path: relPath,
    code: 'EILSEQ',
    message: `${relPath}: the name is not valid UTF-8 (shown with \\x escapes), so it is not batpak's: it is listed as foreign and never deleted`,
  };
}

const isPlacedEntry = (item: NamedItem): boolean => item.class.kind === 'entry' && !item.class.misplaced;

/**
 * The first `count` entries in their right shard of one directory, in name order: what sorting the whole listing
 * and slicing gives, without the sort ([] when the directory cannot be read).
 */
async function firstEntries(root: string, dir: string, count: number): Promise<NamedItem[]> {
  if (count <= 0) return [];
  const first: NamedItem[] = [];
  try {
    for await (const chunk of openDirChunks(path.join(root, dir))) {
      for (const entry of chunk) {
        if (first.length === count && entry.name >= first[count - 1].name) continue;
        const item = named(dir, entry.name, direntType(entry));
        if (!isPlacedEntry(item)) continue;
        let at = first.length;
        while (at > 0 && first[at - 1].name > item.name) at--;
        first.splice(at, 0, item);
        if (first.length > count) first.pop();
      }
    }
  } catch {
    return [];
  }
  return first;
}

/**
 * Which key layout the root's writer used, from the trailers of a few entries: a v2 trailer means batpak 0.6+ and k2
 * keys. Undefined when the root has no readable entry.
 */
export async function sniffLayout(root: string, dirs: readonly string[], sample = 16): Promise<LayoutHint> {
  let v1 = 0;
  let v2 = 0;
  for (const dir of dirs) {
    for (const item of await firstEntries(root, dir, sample - v1 - v2)) {
      const records = await describe(root, dir, [item], { layout: undefined });
      const record = records[0];
      if (record?.kind !== 'entry' || !record.trailer) continue;
      if (record.trailer.format === 'v2') v2++;
      else v1++;
    }
    if (v1 + v2 >= sample) break;
  }
  if (v1 + v2 === 0) return undefined;
  return v2 >= v1 ? 'k2' : 'k1';
}

/** The files directly in the root, as walk yields them: those whose name is not UTF-8 are reported as issues. */
export function rootFiles(listing: RootListing, onIssue?: (issue: ScanIssue) => void): ForeignRecord[] {
  for (const record of listing.foreign) if (record.reason === 'name-not-utf8') onIssue?.(undecodableIssue(record.path));
  return listing.foreign;
}

/** Every file of the root (root-level foreign files first, then each directory in name order), streamed. */
export async function* walk(root: string, options: WalkOptions = {}): AsyncGenerator<FileRecord> {
  const listing = await listRoot(root);
  const layout = options.layout ?? (await sniffLayout(root, listing.dirs));
  yield* rootFiles(listing, options.onIssue);
  for (const dir of listing.dirs) {
    let chunks: Iterable<NamedItem[]>;
    try {
      await options.yieldTo?.idle();
      chunks = await namedChunks(root, dir);
    } catch (error) {
      options.onIssue?.({ path: dir, code: errorCode(error) ?? 'EIO', message: `cannot list ${dir}/: ${(error as Error).message}` });
      continue;
    }
    for (const items of chunks) {
      await options.yieldTo?.idle();
      options.signal?.throwIfAborted();
      yield* await describe(root, dir, items, { ...options, layout });
    }
  }
}

/**
 * listNames for a whole scan: the same items in the same order, made CHUNK at a time from the sorted names, so only
 * a string per file is held (a million-entry root has shards of 240,000 files; `stats` peaked at 299 MB with
 * listNames, 136 MB with this). Throws when the directory cannot be listed; [] when it vanished.
 */
export async function namedChunks(root: string, dir: string): Promise<Iterable<NamedItem[]>> {
  const { names, otherTypes, undecodable } = await sortedNames(root, dir);
  return (function* () {
    for (let start = 0; start < names.length; start += CHUNK) {
      yield names.slice(start, start + CHUNK).map((name) => undecodable.get(name) ?? named(dir, name, otherTypes.get(name) ?? 'file'));
    }
  })();
}
