/** Reading one cache file whole, for `show` and the entry editor. */
import * as path from 'node:path';
import { readFileTail } from './fileio';
import { classifyName } from './names';
import { buildEntry, FileRecord, LayoutHint } from './record';
import { sniffLayout } from './scanner';
import { trailerSize, V2_SIZE } from './trailer';

export interface InspectedFile {
  record: FileRecord;
  /** The value bytes (the file minus its trailer); the whole file for temp and foreign files; null when corrupt. */
  value: Buffer | null;
}

/**
 * Reads a file in a cache root: `<root>/<dir>/<name>`. The root's layout is sniffed from its other entries when not
 * given. Rejects with ENOENT when the file is gone and ELOOP for a symlink.
 */
export async function inspectFile(file: string, layout?: LayoutHint, now = Date.now()): Promise<InspectedFile> {
  const absolute = path.resolve(file);
  const dir = path.basename(path.dirname(absolute));
  const name = path.basename(absolute);
  const head = await readFileTail(absolute, Infinity);
  const base = { path: `${dir}/${name}`, dir, name, size: head.size, mtimeMs: head.mtimeMs };
  const cls = classifyName(dir, name, 'file');
  if (cls.kind === 'temp') return { record: { ...base, kind: 'temp', ageMs: Math.max(0, now - head.mtimeMs) }, value: head.bytes };
  if (cls.kind === 'foreign') return { record: { ...base, kind: 'foreign', reason: cls.reason }, value: head.bytes };
  const hint = layout ?? (await sniffLayout(path.dirname(path.dirname(absolute)), [dir]));
  const record = buildEntry({ ...cls, dir, name, size: head.size, mtimeMs: head.mtimeMs, tail: head.bytes.subarray(Math.max(0, head.size - V2_SIZE)) }, hint);
  const value = record.kind === 'entry' && record.trailer ? head.bytes.subarray(0, head.size - trailerSize(record.trailer.format)) : null;
  return { record, value };
}
