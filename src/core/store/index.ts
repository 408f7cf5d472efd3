/**
 * Reading batpak's event store directory, read-only (store-format.md): each file is opened, read and closed at once;
 * nothing is written, locked or held open. A store being appended to while it is read is normal: a half-written last
 * frame or a segment shorter than its header is the end of the data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CacheInputError } from '../errors';
import { errorCode } from '../fileio';
import { readSegments, readWhole, segmentId } from './read';
import { SEGMENT_NAME } from './segment';
import { buildView, StoreView } from './view';
import { readVisibility, SequenceRange } from './visibility';
import { StoreWarning } from './warnings';

export type { EntityHistory, FrameIndex, SegmentInfo, StoreView } from './view';

/** Whether the directory holds at least one segment file (`NNNNNN.fbat`). */
export function looksLikeStoreDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((name) => SEGMENT_NAME.test(name));
  } catch {
    return false;
  }
}

export function readStore(dir: string): StoreView {
  const names = listStore(dir);
  const segmentNames = names.filter((name) => SEGMENT_NAME.test(name)).sort((a, b) => compareBig(BigInt(segmentId(a)), BigInt(segmentId(b))));
  if (segmentNames.length === 0) {
    throw new CacheInputError('bad-argument', { code: 'store-without-segments', dir });
  }
  // Sealed segments are read from their footers; every frame is read only when a batch crosses into one of them.
  let read = readSegments(dir, segmentNames, names, false);
  if (read.sequenced.needsAllFrames) read = readSegments(dir, segmentNames, names, true);
  const { warnings, footerless, sequenced } = read;
  const { inferredIn, openBatch } = sequenced;
  const renumbered = footerless.filter((name) => inferredIn.has(name));
  if (renumbered.length > 0) warnings.push({ code: 'renumbered', segments: renumbered });
  if (openBatch) warnings.push({ code: 'batch-open', segment: openBatch.segment, events: openBatch.count });
  const fbv = 'visibility_ranges.fbv';
  const hidden = names.includes(fbv) ? (readWhole(path.join(dir, fbv), fbv, warnings, (bytes) => visibility(bytes, warnings)) ?? []) : [];
  return buildView(dir, read, hidden, warnings);
}

function listStore(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw new CacheInputError('bad-argument', { code: 'store-missing', dir });
    if (code === 'ENOTDIR') throw new CacheInputError('bad-argument', { code: 'store-is-file', dir });
    throw new CacheInputError('bad-argument', { code: 'store-unreadable', dir, reason: code ?? (error as Error).message });
  }
}

function visibility(bytes: Buffer, warnings: StoreWarning[]): SequenceRange[] {
  const { ranges, warning } = readVisibility(bytes);
  if (warning !== undefined) warnings.push(warning);
  return ranges ?? [];
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
