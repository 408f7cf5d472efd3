/** Reading one cache file, for `show` and the entry editor: its trailer and at most the first VALUE_WINDOW of its value. */
import * as path from 'node:path';
import { FileEnds, readFileEnds } from './fileio';
import { classifyName } from './names';
import { buildEntry, EntryRecord, FileRecord, LayoutHint, otherRecord } from './record';
import { sniffLayout } from './scanner';
import { trailerSize, V2_SIZE } from './trailer';

/**
 * How much of a value `show` and the entry editor read: batpak puts no limit on a value's size, and a value is decoded
 * (JSON, text) only when it fits.
 */
export const VALUE_WINDOW = 16 * 1024 * 1024;

export interface InspectedFile {
  record: FileRecord;
  /**
   * The value bytes (the file minus its trailer; the whole file for temp, claimed and foreign files), or only the first
   * `window` bytes of a longer one (see valueLength); null when corrupt.
   */
  value: Buffer | null;
  /** The value's whole length in bytes (0 when there is none): more than value.length when only its start was read. */
  valueLength: number;
}

/** Whether only the start of the value was read. */
export function isPartialValue(inspected: InspectedFile): boolean {
  return inspected.value !== null && inspected.value.length < inspected.valueLength;
}

/**
 * Reads a file in a cache root: `<root>/<dir>/<name>`. The root's layout is sniffed from its other entries when not
 * given. Reads the trailer and at most `window` bytes of the value (the whole file when it is not much longer).
 * Rejects with ENOENT when the file is gone and ELOOP for a symlink.
 */
export async function inspectFile(file: string, layout?: LayoutHint, now = Date.now(), window = VALUE_WINDOW): Promise<InspectedFile> {
  const absolute = path.resolve(file);
  const dir = path.basename(path.dirname(absolute));
  const name = path.basename(absolute);
  const ends = await readFileEnds(absolute, window, V2_SIZE);
  // The head is the whole file, or `window` bytes of a longer one: either way the value's part of it.
  const valueOf = (length: number): Pick<InspectedFile, 'value' | 'valueLength'> => ({ value: ends.head.subarray(0, Math.min(length, ends.head.length)), valueLength: length });
  const cls = classifyName(dir, name, 'file');
  if (cls.kind !== 'entry') return { record: otherRecord({ path: `${dir}/${name}`, dir, name }, cls, ends, now), ...valueOf(ends.size) };
  const hint = layout ?? (await sniffLayout(path.dirname(path.dirname(absolute)), [dir]));
  return entryContent({ ...cls, dir, name }, ends, hint);
}

/** An entry with its value: only the first VALUE_WINDOW bytes of a longer one (valueLength says how long it is). */
export type EntryContent = InspectedFile & { record: EntryRecord };

/** An entry's record and value from its two ends, read in one open (so they agree even while batpak rewrites it). */
export function entryContent(entry: { dir: string; name: string; keyHex: string; misplaced: boolean }, ends: FileEnds, layout: LayoutHint): EntryContent {
  const record = buildEntry({ ...entry, size: ends.size, mtimeMs: ends.mtimeMs, tail: ends.tail }, layout);
  if (!record.trailer) return { record, value: null, valueLength: 0 };
  const valueLength = ends.size - trailerSize(record.trailer.format);
  return { record, value: ends.head.subarray(0, Math.min(valueLength, ends.head.length)), valueLength };
}
