/**
 * Where an export goes, and how it gets there: the target is checked before anything is read (its directory exists
 * and lies outside the cache root; an existing file only when the caller may replace it), then the lines are written
 * aside and renamed into place once complete, so that a cancelled or failed export leaves nothing behind and replaces
 * nothing. For `batpak-cache export --out` and the extension's *Export…*, each wording the problems its own way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { CacheInputError, ExportTargetProblem } from './errors';
import { errorCode } from './fileio';

/** Why a file cannot take an export; nothing was written. */
export class ExportTargetError extends CacheInputError {
  readonly reason: ExportTargetProblem;
  /** The target (or, for `busy`, the file written aside), absolute. */
  readonly file: string;

  constructor({ reason, file }: { reason: ExportTargetProblem; file: string }) {
    super('bad-argument', { code: 'export-target', reason, file });
    this.reason = reason;
    this.file = file;
    this.name = 'ExportTargetError';
  }
}

/** Whether `inner` is `outer` or below it. */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The absolute path an export to `file` writes (its directory's symlinks resolved), or an ExportTargetError: the
 * directory does not exist or lies in the (real) cache root `root`, or the file exists and `replace` is false.
 */
export async function exportTarget(file: string, root: string, replace: boolean): Promise<string> {
  const absolute = path.resolve(file);
  let dir: string;
  try {
    dir = await fs.promises.realpath(path.dirname(absolute));
  } catch {
    throw new ExportTargetError({ reason: 'no-directory', file: absolute });
  }
  if (isWithin(dir, root)) throw new ExportTargetError({ reason: 'inside-root', file: absolute });
  const existing = await fs.promises.lstat(absolute).catch(() => undefined);
  if (existing && !existing.isFile()) throw new ExportTargetError({ reason: 'not-a-file', file: absolute });
  if (existing && !replace) throw new ExportTargetError({ reason: 'exists', file: absolute });
  return path.join(dir, path.basename(absolute));
}

/** Writes the lines to a temp file beside `file`, renamed onto it once all are written; removed when anything fails. */
export async function writeAside(file: string, lines: AsyncIterable<string>): Promise<{ lines: number; bytes: number }> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const stream = fs.createWriteStream(temp, { flags: 'wx', mode: 0o644 });
  const written = { lines: 0, bytes: 0 };
  try {
    await once(stream, 'open');
    for await (const line of lines) {
      written.lines++;
      written.bytes += Buffer.byteLength(line);
      if (!stream.write(line)) await once(stream, 'drain');
    }
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await fs.promises.rename(temp, file);
    return written;
  } catch (error) {
    stream.destroy();
    // A temp file that was there before is another export's: only ours is removed.
    if (errorCode(error) === 'EEXIST') throw new ExportTargetError({ reason: 'busy', file: temp });
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
