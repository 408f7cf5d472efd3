/**
 * The only ways the core reads cache files. Every open uses O_NOFOLLOW (a symlink is never followed) and O_NONBLOCK
 * (a FIFO named like an entry can never block a scan), checks that it got a regular file (readEntryEndSync: as far as
 * a read tells), and closes at once: nothing is held open, nothing is locked.
 */
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { LISTING_BUFFER, TimeSlice } from './limit';

const open = promisify(fs.open);
const fstat = promisify(fs.fstat);
const read = promisify(fs.read);
const close = promisify(fs.close);

const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

export interface FileHead {
  size: number;
  mtimeMs: number;
  /** The last min(size, tailBytes) bytes, or the whole file when `tailBytes` is Infinity. */
  bytes: Buffer;
}

/** Thrown when the path is not a regular file (a FIFO, socket, directory or symlink). */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
}

/** Opens a file for reading, or rejects: ENOENT when it vanished, ELOOP for a symlink, ENOTREG when not a regular file. */
async function withRegularFile<T>(path: string, use: (fd: number, stat: fs.Stats) => Promise<T>): Promise<T> {
  const fd = await open(path, READ_FLAGS);
  try {
    const stat = await fstat(fd);
    if (!stat.isFile()) throw new NotRegularFileError(`${path} is not a regular file`);
    return await use(fd, stat);
  } finally {
    await close(fd);
  }
}

/** `length` bytes from `position`, or fewer when the file was truncated under us (what was there is reported). */
async function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await read(fd, bytes, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

/** Reads the end of a file (or all of it). Rejects with the usual errno codes (ENOENT when it vanished, ELOOP for a symlink). */
export function readFileTail(path: string, tailBytes: number): Promise<FileHead> {
  return withRegularFile(path, async (fd, stat) => {
    const length = Math.min(stat.size, tailBytes);
    return { size: stat.size, mtimeMs: stat.mtimeMs, bytes: await readAt(fd, length, stat.size - length) };
  });
}

export interface FileEnds {
  size: number;
  mtimeMs: number;
  /** The first min(size, headBytes) bytes; the whole file when head and tail overlap. */
  head: Buffer;
  /** The last min(size, tailBytes) bytes. */
  tail: Buffer;
}

/**
 * Reads the start and the end of a file in one open: a value can be a gigabyte (a sparse file costs nothing to make)
 * while its trailer is the last 40 bytes. Reads the whole file when the two overlap. Rejects like readFileTail.
 */
export function readFileEnds(path: string, headBytes: number, tailBytes: number): Promise<FileEnds> {
  return withRegularFile(path, async (fd, stat) => {
    const whole = stat.size <= headBytes + tailBytes;
    const head = await readAt(fd, whole ? stat.size : headBytes, 0);
    const tail = whole ? head.subarray(Math.max(0, head.length - tailBytes)) : await readAt(fd, tailBytes, stat.size - tailBytes);
    return { size: stat.size, mtimeMs: stat.mtimeMs, head, tail };
  });
}

/** readFileEnds, synchronously: for scans that read many whole values in a row (see readFileTailSync). */
export function readFileEndsSync(path: fs.PathLike, headBytes: number, tailBytes: number): FileEnds {
  return withRegularFileSync(path, (fd, stat) => {
    const whole = stat.size <= headBytes + tailBytes;
    const head = readAtSync(fd, 0, whole ? stat.size : headBytes);
    const tail = whole ? head.subarray(Math.max(0, head.length - tailBytes)) : readAtSync(fd, stat.size - tailBytes, tailBytes);
    return { size: stat.size, mtimeMs: stat.mtimeMs, head, tail };
  });
}

/** withRegularFile, synchronously. */
export function withRegularFileSync<T>(path: fs.PathLike, use: (fd: number, stat: fs.Stats) => T): T {
  const { fd, stat } = openRegularFileSync(path);
  try {
    return use(fd, stat);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens a regular file for reading with the same checks, for a caller that reads several files at once and closes them. */
export function openRegularFileSync(path: fs.PathLike): { fd: number; stat: fs.Stats } {
  const fd = fs.openSync(path, READ_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(`${path} is not a regular file`);
    return { fd, stat };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** readAt, synchronously. */
export function readAtSync(fd: number, position: number, length: number): Buffer {
  // From Node's buffer pool (a tail is 40 bytes: one allocation each would cost more than the read); only the bytes
  // read are ever returned.
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = fs.readSync(fd, bytes, done, length - done, position + done);
    if (bytesRead === 0) break; // truncated under us: report what was there
    done += bytesRead;
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

/**
 * readFileTail, synchronously: for callers that read many small tails in a row, where a promise per system call costs
 * more than the call (a scan does four per file). Same result, same errors.
 */
export function readFileTailSync(path: fs.PathLike, tailBytes: number): FileHead {
  return withRegularFileSync(path, (fd, stat) => {
    const length = Math.min(stat.size, tailBytes);
    return { size: stat.size, mtimeMs: stat.mtimeMs, bytes: readAtSync(fd, stat.size - length, length) };
  });
}

/** Bytes a scan first reads of an entry: most are smaller, and are read whole. */
const PROBE = 4096;
/** One per thread: a scan reads one file at a time. */
const probe = Buffer.allocUnsafe(PROBE);

export interface EntryEnd {
  size: number;
  /** Known when the file was stat-ed: not for one read whole. */
  mtimeMs: number | undefined;
  /** The last min(size, tailBytes) bytes. */
  bytes: Buffer;
}

/**
 * readFileTailSync for a scan's entries: a file under 4 KiB (most entries) is read whole from its start in one read,
 * its size being what the read returned, with no fstat. Node 20's fstat builds four Date objects per call: skipping
 * it took 11% off a census's CPU time. A file of 4 KiB or more, or an empty one, is stat-ed as readFileTailSync does.
 * A directory, FIFO or socket that replaced the entry since its directory was listed fails the read (EISDIR, ESPIPE,
 * EAGAIN): NotRegularFileError, as readFileTailSync says.
 */
export function readEntryEndSync(path: fs.PathLike, tailBytes: number): EntryEnd {
  const fd = fs.openSync(path, READ_FLAGS);
  try {
    let read: number;
    try {
      read = fs.readSync(fd, probe, 0, PROBE, 0);
    } catch (error) {
      const code = errorCode(error);
      // A directory, or a FIFO or socket that replaced the entry since its directory was listed.
      if (code === 'EISDIR' || code === 'ESPIPE' || code === 'EAGAIN') throw new NotRegularFileError(`${path} is not a regular file`);
      throw error;
    }
    if (read > 0 && read < PROBE) {
      const length = Math.min(read, tailBytes);
      return { size: read, mtimeMs: undefined, bytes: Buffer.from(probe.subarray(read - length, read)) };
    }
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(`${path} is not a regular file`);
    const length = Math.min(stat.size, tailBytes);
    return { size: stat.size, mtimeMs: stat.mtimeMs, bytes: readAtSync(fd, stat.size - length, length) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens a directory to stream its entries in chunks: a shard can hold 100,000s of files, and a listing of them all
 * takes three times the memory of their names. Throws like opendir (ENOENT, ENOTDIR, EACCES...). The directory is
 * opened, read and closed with synchronous calls (a promise per entry would cost more than the entry), with a turn of
 * the event loop between time slices. Entries come in the file system's order, not sorted.
 */
export function openDirChunks(dirPath: string): AsyncGenerator<fs.Dirent[]> {
  return dirChunks(fs.opendirSync(dirPath, { bufferSize: LISTING_BUFFER }));
}

async function* dirChunks(handle: fs.Dir): AsyncGenerator<fs.Dirent[]> {
  const slice = new TimeSlice();
  try {
    let done = false;
    while (!done) {
      const chunk: fs.Dirent[] = [];
      while (chunk.length < LISTING_BUFFER) {
        const entry = handle.readSync();
        if (entry === null) {
          done = true;
          break;
        }
        chunk.push(entry);
      }
      if (chunk.length > 0) yield chunk;
      if (!done && slice.over) await slice.next();
    }
  } finally {
    handle.closeSync();
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Errors that mean "the file is no longer there or no longer the file we listed": skipped silently mid-walk. */
export function isVanished(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
