/**
 * Deleting files inside a root, safely beside a live batpak writer. Only regular files are removed (a symlink is
 * never followed or removed); a file that vanished first is not an error; a failure is recorded with what the system
 * said and the operation carries on.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { errorCode, FileHead, isVanished, readFileTail } from './fileio';
import { claimName, entryKeyHex } from './names';
import { decodeTrailer, V2_SIZE } from './trailer';

export interface Failure {
  path: string;
  /** What the system said, with the call and the path it was refused on, e.g. `EPERM: operation not permitted, unlink '…'`. */
  reason: string;
  /** The errno code (`EPERM`, `EACCES`, `EROFS`…), when the system gave one. */
  code?: string;
}

/** Kept in every summary: only the first failures are listed, all are counted. */
const MAX_LISTED_FAILURES = 100;

export interface RemovalSummary {
  deleted: number;
  bytes: number;
  /** Entries an interrupted removal had claimed, put back under their name (by Repair). */
  restored: number;
  failedCount: number;
  failed: Failure[];
  /** Matched at planning or listing time but gone (or changed so it no longer matched) before it was deleted. */
  skipped: number;
  cancelled: boolean;
  durationMs: number;
}

export class RemovalTally {
  private readonly started = performance.now();
  readonly summary: RemovalSummary = { deleted: 0, bytes: 0, restored: 0, failedCount: 0, failed: [], skipped: 0, cancelled: false, durationMs: 0 };

  record(outcome: RemovalOutcome, relPath: string): void {
    const s = this.summary;
    if (outcome.result === 'deleted') {
      s.deleted++;
      s.bytes += outcome.bytes;
    } else if (outcome.result === 'restored') {
      s.restored++;
    } else if (outcome.result === 'failed') {
      s.failedCount++;
      if (s.failed.length < MAX_LISTED_FAILURES) s.failed.push({ path: relPath, reason: outcome.reason, ...(outcome.code ? { code: outcome.code } : {}) });
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
  | { result: 'restored' }
  | { result: 'skipped' }
  | { result: 'failed'; reason: string; code?: string };

const SKIPPED: RemovalOutcome = { result: 'skipped' };

/**
 * A failure says what the system said about which path, not a guess: an EPERM is often the file's doing (immutable,
 * or another user's in a sticky directory), an EACCES the directory's, and the call names the path it refused.
 */
function failure(error: unknown): RemovalOutcome {
  if (isVanished(error)) return SKIPPED;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  // Node's system errors read `CODE: text, call 'path'`: what the system said, where.
  const reason = code && message.startsWith(`${code}:`) ? message : `${code ?? 'error'}: ${message}`;
  return { result: 'failed', reason, ...(code ? { code } : {}) };
}

/**
 * Whether the file's own directory is a real directory, not a symlink: a path through a symlinked shard directory
 * (a command's argument, an editor's path) reaches a file outside the root, which is never removed.
 */
async function inRealDirectory(absolute: string): Promise<boolean> {
  return (await fs.lstat(path.dirname(absolute))).isDirectory();
}

/**
 * Removes a regular file; anything else (symlink, directory, FIFO), or a file reached through a symlink, is skipped.
 * `halt` aborted: nothing more is removed.
 */
export async function removeFile(absolute: string, halt?: AbortSignal): Promise<RemovalOutcome> {
  try {
    if (!(await inRealDirectory(absolute))) return SKIPPED;
    const stat = await fs.lstat(absolute);
    if (!stat.isFile() || halt?.aborted) return SKIPPED;
    await fs.unlink(absolute);
    return { result: 'deleted', bytes: stat.size };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Removes a file only if its content (its last `tailBytes`, a trailer by default) still satisfies `stillMatches` at
 * the moment of deletion. The file is first renamed to a claim name (atomic: a concurrent batpak rename now lands on
 * the original name instead), checked there, then removed; if it no longer matches it is put back without replacing
 * any newer write. `halt` aborted (a second Ctrl-C): a file claimed is put back, and nothing more is claimed or
 * removed, so the removals in flight settle in moments and leave no claim behind.
 */
export async function removeIfStill(
  absolute: string,
  stillMatches: (head: FileHead) => boolean,
  { tailBytes = V2_SIZE, halt }: { tailBytes?: number; halt?: AbortSignal } = {},
): Promise<RemovalOutcome> {
  const claimed = path.join(path.dirname(absolute), claimName(entryKeyHex(path.basename(absolute))));
  try {
    if (!(await inRealDirectory(absolute)) || halt?.aborted) return SKIPPED;
    await fs.rename(absolute, claimed);
  } catch (error) {
    return failure(error);
  }
  try {
    const head = await readFileTail(claimed, tailBytes);
    if (!halt?.aborted && stillMatches(head)) {
      await fs.unlink(claimed);
      return { result: 'deleted', bytes: head.size };
    }
    await putBack(claimed, absolute);
    return SKIPPED;
  } catch (error) {
    await putBack(claimed, absolute).catch(() => undefined);
    return failure(error);
  }
}

/**
 * Finishes what an interrupted removal left claimed (`entryPath`: where it was, relative to the root, when its name
 * says): the file goes back under its entry name when it is a valid entry (a trailer, as batpak reads it) and the
 * name is free; otherwise (a newer write holds the name, the name is unknown, too short to be an entry) it is deleted,
 * as batpak never reads it under the claim name anyway.
 */
export async function settleClaim(claimed: string, entryPath: string | null): Promise<RemovalOutcome> {
  try {
    if (!(await inRealDirectory(claimed))) return SKIPPED;
    const head = await readFileTail(claimed, V2_SIZE);
    if (entryPath !== null && decodeTrailer(head.bytes, head.size)) {
      const wentBack = await putBack(claimed, path.join(path.dirname(claimed), path.basename(entryPath)));
      return wentBack ? { result: 'restored' } : { result: 'deleted', bytes: head.size };
    }
  } catch (error) {
    return failure(error);
  }
  return removeFile(claimed);
}

/**
 * Puts a claimed file back under its entry name, or drops it when the name was taken meanwhile (batpak wrote a newer
 * version there, which stays). link() never replaces; where hard links are not supported (FAT, some network file
 * systems) a rename puts it back, once the name is seen free. Resolves to whether the file went back.
 */
async function putBack(claimed: string, absolute: string): Promise<boolean> {
  try {
    await fs.link(claimed, absolute);
  } catch (error) {
    if (isVanished(error)) throw error;
    if (errorCode(error) === 'EEXIST' || (await exists(absolute))) {
      await fs.unlink(claimed);
      return false;
    }
    await fs.rename(claimed, absolute);
    return true;
  }
  await fs.unlink(claimed);
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if (isVanished(error)) return false;
    throw error;
  }
}
