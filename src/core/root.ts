/** Checks a path before the core works on it as a cache root. */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { CacheInputError } from './errors';
import { errorCode } from './fileio';
import { classifyName, isShardName } from './names';

/**
 * Resolves a root (following a symlinked root once, to the directory it names) and checks it is a readable directory.
 * Returns the real path: every later operation works inside it.
 */
export async function resolveRoot(input: string): Promise<string> {
  if (input.trim() === '') throw new CacheInputError('bad-root', { code: 'root-empty' });
  const absolute = path.resolve(input);
  let real: string;
  try {
    real = await fs.realpath(absolute);
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) throw new CacheInputError('bad-root', { code: 'root-is-file', path: absolute });
    await fs.access(real, fs.constants.R_OK | fs.constants.X_OK);
  } catch (error) {
    if (error instanceof CacheInputError) throw error;
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CacheInputError('bad-root', { code: 'root-missing', path: absolute });
    if (code === 'EACCES' || code === 'EPERM') throw new CacheInputError('bad-root', { code: 'root-unreadable', path: absolute });
    throw error;
  }
  return real;
}

/** True when the directory holds at least one shard directory with an entry or temp file, and nothing that is not batpak's layout. */
export async function looksLikeCacheRoot(root: string): Promise<boolean> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  if (dirs.length === 0 || !dirs.every((d) => isShardName(d.name))) return false;
  for (const dir of dirs) {
    const names = await fs.readdir(path.join(root, dir.name), { withFileTypes: true }).catch(() => []);
    if (names.some((n) => n.isFile() && classifyName(dir.name, n.name, 'file').kind !== 'foreign')) return true;
  }
  return false;
}

/**
 * Resolves a root for an operation that deletes. `/` and the home directory are refused unless they really look
 * like a cache root (a misconfigured setting must never be able to empty a home directory).
 */
export async function resolveRootForChange(input: string): Promise<string> {
  const root = await resolveRoot(input);
  const sensitive = root === path.parse(root).root || root === (await fs.realpath(os.homedir()).catch(() => os.homedir()));
  if (sensitive && !(await looksLikeCacheRoot(root))) {
    throw new CacheInputError('bad-root', { code: 'root-refused', path: root, what: root === path.parse(root).root ? 'file-system-root' : 'home' });
  }
  return root;
}
