/**
 * Listings over a root for views: which entries match some selectors, in path order, with an honest total. A listing
 * is made once and read a page at a time: only the page's files are opened, so the tenth page of a shard costs what
 * the first does (unless a selector needs trailers: then the listing reads the candidates once to decide the total).
 */
import { acceptedLayouts, describeKey, parseKey } from './key';
import { EntryRecord, FileRecord, LayoutHint } from './record';
import { describe, listNames, listRoot, NamedItem } from './scanner';
import { matchesName, needsTrailer, Selector, selectorDirs, trailerMatches } from './selector';

export interface ListOptions {
  /** Every selector must match (e.g. the view's filter and the node's own scope). */
  selectors: Selector[];
  layout: LayoutHint;
}

export interface EntryListing {
  /** How many entries the selectors took when the listing was made. */
  total: number;
  /**
   * Entries [offset, offset + limit) of the listing: only their files are opened. One that vanished since, or no longer
   * passes a selector that reads its trailer, is left out.
   */
  page(offset: number, limit: number): Promise<EntryRecord[]>;
}

function scope(selectors: readonly Selector[]): string[] | undefined {
  let dirs: string[] | undefined;
  for (const selector of selectors) {
    const only = selectorDirs(selector);
    if (only) dirs = dirs ? dirs.filter((d) => only.includes(d)) : only;
  }
  return dirs;
}

/** Whether a listed name is an entry the selectors take, decided on the name alone. */
function nameMatcher(selectors: readonly Selector[], layout: LayoutHint): (dir: string, item: NamedItem) => boolean {
  const accept = acceptedLayouts(layout, undefined);
  return (dir, item) => {
    const cls = item.class;
    return cls.kind === 'entry' && selectors.every((s) => matchesName(s, dir, item.name, cls.keyHex, () => parseKey(Buffer.from(cls.keyHex, 'hex'), accept)));
  };
}

/** Lists the entries the selectors take by name (and by trailer, reading the candidates, when a selector needs it). */
export async function listEntries(root: string, options: ListOptions): Promise<EntryListing> {
  const { selectors, layout } = options;
  const dirs = scope(selectors) ?? (await listRoot(root)).dirs;
  const byName = nameMatcher(selectors, layout);
  const readsTrailers = selectors.some(needsTrailer);
  const taken: Array<{ dir: string; items: NamedItem[] }> = [];
  let total = 0;
  for (const dir of dirs) {
    let items = (await listNames(root, dir).catch(() => [])).filter((item) => byName(dir, item));
    if (readsTrailers) {
      const matched = new Set<string>();
      await eachTrailerMatch(root, dir, items, selectors, layout, (record) => matched.add(record.name));
      items = items.filter((item) => matched.has(item.name));
    }
    if (items.length > 0) taken.push({ dir, items });
    total += items.length;
  }
  const page = async (offset: number, limit: number): Promise<EntryRecord[]> => {
    const records: EntryRecord[] = [];
    let start = 0;
    for (const { dir, items } of taken) {
      if (start >= offset + limit) break;
      const window = items.slice(Math.max(0, offset - start), Math.max(0, offset + limit - start));
      start += items.length;
      if (window.length === 0) continue;
      for (const record of await describe(root, dir, window, { layout })) {
        if (isEntry(record) && (!readsTrailers || selectors.every((s) => trailerMatches(s, record)))) records.push(record);
      }
    }
    return records;
  };
  return { total, page };
}

/** Reads `items` (names the selectors took) 512 at a time, and calls `each` with the entries whose trailers they take. */
async function eachTrailerMatch(
  root: string,
  dir: string,
  items: readonly NamedItem[],
  selectors: readonly Selector[],
  layout: LayoutHint,
  each: (record: EntryRecord) => void,
): Promise<void> {
  for (let start = 0; start < items.length; start += 512) {
    for (const record of await describe(root, dir, items.slice(start, start + 512), { layout })) {
      if (isEntry(record) && selectors.every((s) => trailerMatches(s, record))) each(record);
    }
  }
}

function isEntry(record: { kind: string }): record is EntryRecord {
  return record.kind === 'entry';
}

export interface EntityCount {
  /** The entity's bytes in hex (unique id), its display label, and the shard it lives in. */
  entityHex: string;
  label: string;
  shard: string;
  count: number;
}

const isProblem = (item: NamedItem): boolean => item.class.kind !== 'entry' || item.class.misplaced;

/**
 * Lists each directory of the root once: returns its problem files (temp, foreign and misplaced, decided by name; only
 * those files are looked at) and hands `take` the names of each directory the selectors' scope leaves in. A root's
 * first level needs both: a root of 100,000 entries took 2.6 s to expand in the extension host when the problems and
 * the counts each read every directory.
 */
async function eachDirectory(
  root: string,
  layout: LayoutHint,
  selectors: readonly Selector[],
  take: (dir: string, names: NamedItem[]) => Promise<void>,
): Promise<FileRecord[]> {
  const listing = await listRoot(root);
  const problems: FileRecord[] = [...listing.foreign];
  const only = scope(selectors);
  for (const dir of listing.dirs) {
    const names = await listNames(root, dir).catch(() => []);
    problems.push(...(await describe(root, dir, names.filter(isProblem), { layout })));
    if (!only || only.includes(dir)) await take(dir, names);
  }
  return problems;
}

/** Temp, foreign and misplaced files of a root. */
export function listProblems(root: string, layout: LayoutHint): Promise<FileRecord[]> {
  return eachDirectory(root, layout, [], async () => undefined);
}

export interface EntitySummary {
  /** Entities of store keys with their entry counts, by label. Raw keys have no entity and are left out. */
  entities: EntityCount[];
  /** What listProblems returns. */
  problems: FileRecord[];
}

/**
 * A root's first level grouped by entity, reading each directory once. Names decide, and no entry is opened, unless a
 * selector needs the trailer (age, freshness): then the named candidates are read.
 */
export async function summarizeEntities(root: string, layout: LayoutHint, selectors: readonly Selector[] = []): Promise<EntitySummary> {
  const accept = acceptedLayouts(layout, undefined);
  const counts = new Map<string, EntityCount>();
  const add = (entity: Buffer, dir: string): void => {
    const entityHex = entity.toString('hex');
    const known = counts.get(entityHex);
    if (known) known.count++;
    else counts.set(entityHex, { entityHex, label: describeKey(entity, { layout: 'raw' }), shard: dir, count: 1 });
  };
  const readsTrailers = selectors.some(needsTrailer);
  const problems = await eachDirectory(root, layout, selectors, async (dir, names) => {
    const named: NamedItem[] = [];
    for (const item of names) {
      const cls = item.class;
      if (cls.kind !== 'entry' || cls.misplaced) continue;
      const key = parseKey(Buffer.from(cls.keyHex, 'hex'), accept);
      if (!key.entity || !selectors.every((s) => matchesName(s, dir, item.name, cls.keyHex, () => key))) continue;
      if (readsTrailers) named.push(item);
      else add(key.entity, dir);
    }
    await eachTrailerMatch(root, dir, named, selectors, layout, (record) => {
      if (record.key.entity) add(record.key.entity, dir);
    });
  });
  const entities = [...counts.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return { entities, problems };
}

export interface ShardSummary {
  /** Each immediate subdirectory with how many entries in it the selectors take. */
  shards: Array<{ dir: string; entries: number }>;
  /** What listProblems returns. */
  problems: FileRecord[];
}

/**
 * A root's first level as the tree shows it: entry counts per shard and the problem files, reading each directory
 * once. Selectors that need trailers read the files they take by name, as listEntries does.
 */
export async function summarizeShards(root: string, layout: LayoutHint, selectors: readonly Selector[] = []): Promise<ShardSummary> {
  const byName = nameMatcher(selectors, layout);
  const readsTrailers = selectors.some(needsTrailer);
  // What listEntries counts for each shard: the selectors' own scope may leave a directory out (counted as 0).
  const only = scope(selectors);
  const counted = new Map<string, number>();
  const problems = await eachDirectory(root, layout, [], async (dir, names) => {
    const taken = !only || only.includes(dir) ? names.filter((item) => byName(dir, item)) : [];
    let entries = taken.length;
    if (readsTrailers) {
      entries = 0;
      await eachTrailerMatch(root, dir, taken, selectors, layout, () => entries++);
    }
    counted.set(dir, entries);
  });
  return { shards: [...counted].map(([dir, entries]) => ({ dir, entries })), problems };
}
