/**
 * Deleting files inside a root, safely beside a live batpak writer. Only regular files are removed (a symlink is
 * never followed or removed); a file that vanished first is not an error; a failure is recorded with its reason and
 * the operation carries on.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errorCode, FileHead, isVanished, readFileTail } from './fileio';

export interface Failure {
  path: string;
  reason: string;
}

/** Kept in every summary: only the first failures are listed, all are counted. */
const MAX_LISTED_FAILURES = 100;

export interface RemovalSummary {
  deleted: number;
  bytes: number;
  failedCount: number;
  failed: Failure[];
  /** Matched at planning or listing time but gone (or changed so it no longer matched) before it was deleted. */
  skipped: number;
  cancelled: boolean;
  durationMs: number;
}

export class RemovalTally {
  private readonly started = performance.now();
  readonly summary: RemovalSummary = { deleted: 0, bytes: 0, failedCount: 0, failed: [], skipped: 0, cancelled: false, durationMs: 0 };

  record(outcome: RemovalOutcome, relPath: string): void {
    const s = this.summary;
    if (outcome.result === 'deleted') {
      s.deleted++;
      s.bytes += outcome.bytes;
    } else if (outcome.result === 'failed') {
      s.failedCount++;
      if (s.failed.length < MAX_LISTED_FAILURES) s.failed.push({ path: relPath, reason: outcome.reason });
    } else {
      s.skipped++;
    }
  }

  finish(cancelled: boolean): RemovalSummary {
    this.summary.cancelled = cancelled;
    this.summary.durationMs = performance.now() - this.started;
    return this.summary;
  }
}

export type RemovalOutcome =
  | { result: 'deleted'; bytes: number }
  | { result: 'skipped' }
  | { result: 'failed'; reason: string };

function failure(error: unknown): RemovalOutcome {
  if (isVanished(error)) return { result: 'skipped' };
  const code = errorCode(error);
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied (the directory is not writable by this user)'
      : code === 'EROFS'
        ? 'read-only file system'
        : `${code ?? 'error'}: ${(error as Error).message}`;
  return { result: 'failed', reason };
}

/**
 * Whether the file's own directory is a real directory, not a symlink: a path through a symlinked shard directory
 * (a command's argument, an editor's path) reaches a file outside the root, which is never removed.
 */
async function inRealDirectory(absolute: string): Promise<boolean> {
  return (await fs.lstat(path.dirname(absolute))).isDirectory();
}

/** Removes a regular file; anything else (symlink, directory, FIFO), or a file reached through a symlink, is skipped. */
export async function removeFile(absolute: string): Promise<RemovalOutcome> {
  try {
    if (!(await inRealDirectory(absolute))) return { result: 'skipped' };
    const stat = await fs.lstat(absolute);
    if (!stat.isFile()) return { result: 'skipped' };
    await fs.unlink(absolute);
    return { result: 'deleted', bytes: stat.size };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Removes a file only if its content (its last `tailBytes`) still satisfies `stillMatches` at the moment of deletion.
 * The file is first renamed to a private name (atomic: a concurrent batpak rename now lands on the original name instead), checked
 * there, then removed; if it no longer matches it is linked back without replacing any newer write.
 */
export async function removeIfStill(absolute: string, stillMatches: (head: FileHead) => boolean, tailBytes = 40): Promise<RemovalOutcome> {
  const claimed = path.join(path.dirname(absolute), `.batpak-explorer-${randomBytes(6).toString('hex')}.removing`);
  try {
    if (!(await inRealDirectory(absolute))) return { result: 'skipped' };
    await fs.rename(absolute, claimed);
  } catch (error) {
    return failure(error);
  }
  try {
    const head = await readFileTail(claimed, tailBytes);
    if (stillMatches(head)) {
      await fs.unlink(claimed);
      return { result: 'deleted', bytes: head.size };
    }
    await restore(claimed, absolute);
    return { result: 'skipped' };
  } catch (error) {
    await restore(claimed, absolute).catch(() => undefined);
    return failure(error);
  }
}

/**
 * Puts a claimed file back. link() never replaces: if batpak wrote a newer version meanwhile, that one stays. Where
 * hard links are not supported (FAT, some network file systems), a plain rename puts it back.
 */
async function restore(claimed: string, absolute: string): Promise<void> {
  try {
    await fs.link(claimed, absolute);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return fs.unlink(claimed);
    return fs.rename(claimed, absolute);
  }
  await fs.unlink(claimed);
}
