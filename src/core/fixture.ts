/**
 * The core half of *Copy as Test Fixture*: one entry's file as small, script-free JSON (`keyHex`, `fileHex`) that a
 * test can keep and write back into a root of its own, byte for byte.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fromHex } from './bytes';
import { CacheInputError } from './errors';
import { readFileTail } from './fileio';
import { VALUE_WINDOW } from './inspect';
import { classifyName } from './names';
import { V2_SIZE } from './trailer';

export interface EntryFixture {
  /** Marks the object and its version. */
  batpakCacheEntry: 1;
  /** Where the entry lives in its root: `<shard>/<keyHex>.bin`. */
  path: string;
  keyHex: string;
  /** The whole file: value and trailer. */
  fileHex: string;
}

/** Where a fixture's file goes, checked: a shard directory and the entry name of its own key, nothing else. */
function entryPlace(relPath: unknown, keyHex: unknown): { dir: string; name: string } | undefined {
  if (typeof relPath !== 'string' || typeof keyHex !== 'string') return undefined;
  const [dir, name, ...rest] = relPath.split('/');
  const cls = rest.length === 0 && name !== undefined ? classifyName(dir, name, 'file') : undefined;
  return cls?.kind === 'entry' && cls.keyHex === keyHex ? { dir, name } : undefined;
}

/** Reads an entry file (at most VALUE_WINDOW of value) as a fixture. Symlinks are never followed. */
export async function entryFixture(file: string): Promise<EntryFixture> {
  const absolute = path.resolve(file);
  const relPath = `${path.basename(path.dirname(absolute))}/${path.basename(absolute)}`;
  const cls = classifyName(path.basename(path.dirname(absolute)), path.basename(absolute), 'file');
  if (cls.kind !== 'entry') throw new CacheInputError('bad-argument', { code: 'not-an-entry', path: absolute });
  const head = await readFileTail(absolute, VALUE_WINDOW + V2_SIZE + 1);
  if (head.size > VALUE_WINDOW + V2_SIZE) throw new CacheInputError('bad-argument', { code: 'fixture-too-large', path: absolute, max: VALUE_WINDOW + V2_SIZE });
  return { batpakCacheEntry: 1, path: relPath, keyHex: cls.keyHex, fileHex: head.bytes.toString('hex') };
}

/**
 * Writes a fixture back into a root (as batpak does: a temp file renamed into place, mode 0600) and returns the file's
 * path. Anything that is not a fixture of ours, or would land outside `<root>/<shard>/`, is refused.
 */
export async function writeFixture(root: string, fixture: EntryFixture): Promise<string> {
  const place = entryPlace(fixture?.path, fixture?.keyHex);
  const bytes = typeof fixture?.fileHex === 'string' ? fromHex(fixture.fileHex) : undefined;
  if (fixture?.batpakCacheEntry !== 1 || !place || !bytes) {
    throw new CacheInputError('bad-argument', { code: 'not-a-fixture' });
  }
  const dir = path.join(root, place.dir);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.tmp${randomBytes(4).toString('base64url').replace(/[^A-Za-z0-9]/g, '0').slice(0, 6)}`);
  await fs.writeFile(temp, bytes, { mode: 0o600, flag: 'wx' });
  const target = path.join(dir, place.name);
  await fs.rename(temp, target);
  return target;
}
