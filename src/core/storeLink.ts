/**
 * Which event store a cache root's projections were computed from. batpak has no convention, but the usual layouts
 * put the store's data directory beside the cache: `<app>/data` + `<app>/cache`, `events` + `events-cache`.
 */
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { looksLikeStoreDir } from './store';

/** Sibling names tried first, in order, after the cache's own name without its `-cache` suffix. */
const USUAL_NAMES = ['data', 'store', 'events'];
/** More siblings than this and the parent is not an application directory (a home directory, `/var/lib`...). */
const MAX_SIBLINGS = 64;

/**
 * The store directory beside `cacheRoot`, when one is the obvious choice: a sibling with a usual name that holds
 * segments, or the only sibling that does. Undefined when there is none or the choice would be a guess.
 */
export async function detectStoreDir(cacheRoot: string): Promise<string | undefined> {
  const parent = path.dirname(cacheRoot);
  const own = path.basename(cacheRoot);
  const entries = await fs.readdir(parent, { withFileTypes: true }).catch(() => [] as Dirent[]);
  const siblings = entries.filter((e) => e.isDirectory() && e.name !== own).map((e) => e.name);
  const stripped = own.replace(/[-_.]?cache$/i, '');
  const preferred = [...(stripped && stripped !== own ? [stripped] : []), ...USUAL_NAMES].filter((name) => siblings.includes(name));
  for (const name of preferred) if (looksLikeStoreDir(path.join(parent, name))) return path.join(parent, name);
  if (siblings.length > MAX_SIBLINGS) return undefined;
  const stores = siblings.filter((name) => looksLikeStoreDir(path.join(parent, name)));
  return stores.length === 1 ? path.join(parent, stores[0]) : undefined;
}
