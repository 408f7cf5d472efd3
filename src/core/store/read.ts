/**
 * One pass over a store's files: every segment (footer first, or frame by frame), then the index files as far as
 * they are needed, then every event's sequence (sequence.ts). Damage and formats not supported yet become warnings.
 */
import * as path from 'node:path';
import { errorCode, isVanished, readAtSync, readFileTailSync, withRegularFileSync } from '../fileio';
import { DurableIndex, indexFormatProblem, IndexRead, IndexSink, readCheckpoint, readFbati, readIndexHead } from './checkpoint';
import { FrameScan } from './segment';
import { readSegmentFile, SegmentRead, SegmentSink } from './segmentFile';
import { assignSequences, WalkedSegment } from './sequence';
import { EntityNames, EventTable } from './table';
import { VERSIONED_HEAD } from './versioned';
import { ReadTables } from './view';
import { StoreWarning } from './warnings';

export interface StoreRead extends ReadTables {
  /** Segments without a usable footer that are not the newest. */
  footerless: string[];
  warnings: StoreWarning[];
}

const INDEX_FILES = [
  ['index.ckpt', readCheckpoint],
  ['index.fbati', readFbati],
] as const;

/** Reads the segments named (sorted by id); `allFrames` reads every frame, footers or not. */
export function readSegments(dir: string, segmentNames: readonly string[], names: readonly string[], allFrames: boolean): StoreRead {
  const warnings: StoreWarning[] = [];
  const sink: SegmentSink = { durable: new EventTable(), frames: new EventTable(), names: new EntityNames() };
  const segments: StoreRead['segments'] = [];
  const walked: WalkedSegment[] = [];
  const footerless: string[] = [];
  let newestSealed = false;
  for (const [index, name] of segmentNames.entries()) {
    const newest = index === segmentNames.length - 1;
    const file = readSegment(path.join(dir, name), name, segments.length, allFrames, sink, warnings);
    if (!file) continue;
    const { header, footer, scan } = file;
    if (header.frameStart === undefined) {
      // A segment being created is shorter than its header for a moment.
      if (!(newest && header.problem === 'short')) warnings.push(segmentProblem(name, header.problem, header.version));
      continue;
    }
    if (file.footerWarning) warnings.push(file.footerWarning);
    if (!footer && !newest) footerless.push(name);
    if (newest) newestSealed = footer !== null;
    const id = segmentId(name);
    segments.push({ name, frameStart: header.frameStart, framesEnd: footer?.framesEnd ?? scan?.stopOffset ?? header.frameStart });
    if (scan) {
      warnings.push(...frameWarnings(name, newest, scan));
      walked.push({ id, name, frameRows: scan.rows, stop: scan.stop });
    } else if (footer) {
      walked.push({ id, name, footerRows: footer.rows });
    }
  }

  sink.frames.trim();
  const footerRows = sink.durable.length;
  const floorIndex = readIndexes(dir, names, segments, footerless, newestSealed, sink, warnings);
  // Ids are matched when frames must find their footer entry or an index's entries override the footers'; footers
  // alone list each event once.
  if (sink.frames.length > 0 || sink.durable.length > footerRows) sink.durable.indexIds();
  const floor = floorIndex && { segment: floorIndex.watermarkSegment, offset: floorIndex.watermarkOffset, allocator: floorIndex.allocator };
  const sequenced = assignSequences(walked, sink.durable, sink.frames, floor);
  return { ...sink, segments, sequenced, footerless, warnings };
}

/**
 * The index files' entries (a valid checkpoint's sequences win over the footers') when the segments cannot say the
 * same: a sealed segment without a footer (compaction's output, a crashed session) or a segment id missing (compacted
 * away). Otherwise the footers list every event with the sequence the index has: with the newest segment still being
 * written, only each index's watermark and allocator are read (the floor of the sequences inferred there), its CRC
 * checked all the same; with every segment sealed, nothing of it is used, and only a format not supported is named.
 */
function readIndexes(dir: string, names: readonly string[], segments: StoreRead['segments'], footerless: readonly string[], newestSealed: boolean, sink: SegmentSink, warnings: StoreWarning[]): DurableIndex | undefined {
  const ids = segments.map((s) => segmentId(s.name));
  const complete = footerless.length === 0 && ids.every((id, i) => id === i + 1);
  if (complete && newestSealed) {
    for (const [file] of INDEX_FILES) {
      const problem = names.includes(file) ? tryRead(file, warnings, () => withRegularFileSync(path.join(dir, file), (fd) => indexFormatProblem(readAtSync(fd, 0, VERSIONED_HEAD), file))) : undefined;
      if (problem) warnings.push(problem);
    }
    return undefined;
  }
  const indexSink: IndexSink = { table: sink.durable, names: sink.names, segmentIndex: new Map(ids.map((id, i) => [id, i])) };
  let floor: DurableIndex | undefined;
  for (const [file, reader] of INDEX_FILES) {
    if (!names.includes(file)) continue;
    const at = path.join(dir, file);
    const head = complete ? tryRead(file, warnings, () => withRegularFileSync(at, (fd, stat) => readIndexHead(fd, stat.size, file))) : undefined;
    const read = head ?? readWhole(at, file, warnings, (bytes) => reader(bytes, file, indexSink));
    const index = read && usable(read, ids, warnings);
    if (read?.index?.rows && !index) sink.durable.length = read.index.rows[0];
    if (index) floor = index;
  }
  return floor;
}

/** The index, or undefined (with a warning) when it is damaged or names a watermark segment that is not there. */
function usable(read: IndexRead, ids: readonly number[], warnings: StoreWarning[]): DurableIndex | undefined {
  if (read.warning !== undefined) {
    warnings.push(read.warning);
    return undefined;
  }
  // batpak uses a checkpoint only if the segment its watermark names still exists.
  if (!ids.includes(read.index.watermarkSegment)) {
    warnings.push({ code: 'index-segment-missing', file: read.index.file, segment: String(read.index.watermarkSegment) });
    return undefined;
  }
  return read.index;
}

/**
 * `read()`, or undefined (with a warning unless the file vanished) when it cannot be read: compaction removes segments
 * and checkpoint replacement removes index files, and a vanished one is simply no longer part of the store.
 */
function tryRead<T>(name: string, warnings: StoreWarning[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!isVanished(error)) warnings.push({ code: 'file-unreadable', file: name, reason: errorCode(error) ?? (error as Error).message });
    return undefined;
  }
}

/** A segment's rows, or none (what it added dropped) when it cannot be read. */
function readSegment(file: string, name: string, index: number, allFrames: boolean, sink: SegmentSink, warnings: StoreWarning[]): SegmentRead | undefined {
  const lengths = [sink.durable.length, sink.frames.length];
  const read = tryRead(name, warnings, () => readSegmentFile(file, name, index, allFrames, sink));
  if (!read) [sink.durable.length, sink.frames.length] = lengths;
  return read;
}

/** The whole file as it is now, handed to `use`; undefined when it cannot be read (see tryRead). */
export function readWhole<T>(file: string, name: string, warnings: StoreWarning[], use: (bytes: Buffer) => T): T | undefined {
  const bytes = tryRead(name, warnings, () => readFileTailSync(file, Infinity).bytes);
  return bytes && use(bytes);
}

function frameWarnings(segment: string, newest: boolean, scan: FrameScan): StoreWarning[] {
  const warnings: StoreWarning[] = [];
  const { undecodable, stopOffset: offset } = scan;
  if (undecodable > 0) warnings.push({ code: 'frames-undecodable', segment, count: undecodable });
  if (scan.stop === 'torn') warnings.push({ code: 'frame-torn', segment, offset, newest });
  if (scan.stop === 'crc') warnings.push({ code: 'frame-crc', segment, offset });
  if (scan.stop === 'too-long') warnings.push({ code: 'frame-too-long', segment, offset });
  return warnings;
}

function segmentProblem(segment: string, problem: 'short' | 'magic' | 'header' | 'version', version: unknown): StoreWarning {
  return problem === 'version' ? { code: 'segment-version', segment, version: String(version) } : { code: `segment-${problem}`, segment };
}

export function segmentId(name: string): number {
  return Number(name.slice(0, -'.fbat'.length));
}
