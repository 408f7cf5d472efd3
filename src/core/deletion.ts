/**
 * Deleting files a caller names one by one (the extension's Delete Entry, from a selection or an argument object).
 * Every name is checked before anything is removed: only what batpak wrote into a shard directory (an entry, a
 * misplaced entry, a temp file) may go, and a temp file younger than the grace (a write in progress, perhaps) only
 * when the caller says so.
 */
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isVanished } from './fileio';
import { classifyName, direntType, ForeignReason } from './names';
import { RemovalSummary, RemovalTally, removeFile } from './remover';
import { removeOrphanedTemp } from './repair';

export type DeletableKind = 'entry' | 'misplaced' | 'temp';

export interface Deletable {
  /** As named, relative to the root. */
  path: string;
  absolute: string;
  kind: DeletableKind;
  /** A temp file younger than the grace: it may be a write in progress. */
  young: boolean;
}

/**
 * Why a named file may not be deleted: not a file of a shard directory of the root (`outside-shard`), an entry claimed
 * by an interrupted removal (`claim`: Repair puts it back), or not batpak's (a ForeignReason).
 */
export type RefusalReason = 'outside-shard' | 'claim' | ForeignReason;

export interface Refusal {
  path: string;
  reason: RefusalReason;
}

export interface DeletionCheck {
  files: Deletable[];
  refused: Refusal[];
}

/**
 * Checks every named file (paths relative to `root`, a resolved root) without changing anything. A file that is not
 * there is checked by its name (deleting it finds it gone).
 */
export async function checkDeletion(root: string, names: readonly string[], options: { tempGraceMs: number; now?: number }): Promise<DeletionCheck> {
  const now = options.now ?? Date.now();
  const check: DeletionCheck = { files: [], refused: [] };
  for (const name of names) {
    const absolute = path.resolve(root, name);
    const dir = path.dirname(absolute);
    if (path.dirname(dir) !== root) {
      check.refused.push({ path: name, reason: 'outside-shard' });
      continue;
    }
    // A symlinked shard directory is never entered.
    const dirStat = await lstatOrUndefined(dir);
    const stat = dirStat?.isDirectory() ? await lstatOrUndefined(absolute) : undefined;
    const cls = dirStat?.isSymbolicLink()
      ? ({ kind: 'foreign', reason: 'symlink' } as const)
      : classifyName(path.basename(dir), path.basename(absolute), stat ? direntType(stat) : 'file');
    if (cls.kind === 'entry') check.files.push({ path: name, absolute, kind: cls.misplaced ? 'misplaced' : 'entry', young: false });
    else if (cls.kind === 'temp') check.files.push({ path: name, absolute, kind: 'temp', young: stat !== undefined && now - stat.mtimeMs < options.tempGraceMs });
    else check.refused.push({ path: name, reason: cls.kind === 'claim' ? 'claim' : cls.reason });
  }
  return check;
}

async function lstatOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if (isVanished(error)) return undefined;
    throw error;
  }
}

/**
 * Deletes what checkDeletion let through. A temp file is deleted young only with `allowYoungTemp`; otherwise it is
 * judged again when reached, as Repair judges it (one written to since the check is kept).
 */
export async function deleteFiles(files: readonly Deletable[], options: { tempGraceMs: number; allowYoungTemp: boolean }): Promise<RemovalSummary> {
  const tally = new RemovalTally();
  for (const file of files) {
    const guarded = file.kind === 'temp' && !options.allowYoungTemp;
    tally.record(guarded ? await removeOrphanedTemp(file.absolute, options.tempGraceMs) : await removeFile(file.absolute), file.path);
  }
  return tally.finish(false);
}
