/**
 * Reading batpak's event store directory, read-only (store-format.md): each file is opened, read whole and closed
 * at once; nothing is written, locked or held open. A store being appended to while it is read is normal: a
 * half-written last frame or a segment shorter than its header is the end of the data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CacheInputError } from '../errors';
import { errorCode, isVanished, readFileTailSync } from '../fileio';
import { DurableIndex, IndexRead, readCheckpoint, readFbati } from './checkpoint';
import { DurableEvent, isMarker } from './event';
import { FrameScan, scanFrames, SEGMENT_NAME } from './segment';
import { readSegmentFile, SegmentFile } from './segmentFile';
import { assignSequences, ScannedSegment, Sequenced, streamOrder } from './sequence';
import { isHidden, readVisibility, SequenceRange } from './visibility';
import { StoreWarning } from './warnings';

export interface StoreView {
  dir: string;
  /** Key: the entity's UTF-8 bytes in lowercase hex (cache keys carry the same bytes). */
  entities: Map<string, EntityHistory>;
  /** Every event kind seen in the store. */
  kinds: ReadonlySet<number>;
  /** The highest global sequence of any counted event. */
  maxSequence: number | null;
  eventCount: number;
  /** Unsupported formats, damage, renumbered segments, a batch still being written: facts each surface words. */
  warnings: StoreWarning[];
}

/** One entity's events in stream order (wall_ms, clock, event_id): parallel arrays. */
export interface EntityHistory {
  sequences: number[];
  kinds: number[];
}

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
  const segmentNames = names.filter((name) => SEGMENT_NAME.test(name)).sort((a, b) => compareBig(segmentId(a), segmentId(b)));
  if (segmentNames.length === 0) {
    throw new CacheInputError('bad-argument', { code: 'store-without-segments', dir });
  }
  // Sealed segments are read from their footers; every frame is read only when a batch crosses into one of them.
  let walk = walkSegments(dir, segmentNames, names, false);
  if (walk.sequenced.needsAllFrames) walk = walkSegments(dir, segmentNames, names, true);
  const { warnings, footerless, sequenced } = walk;
  const { events, inferredIn, openBatch } = sequenced;
  const renumbered = footerless.filter((name) => inferredIn.has(name));
  if (renumbered.length > 0) warnings.push({ code: 'renumbered', segments: renumbered });
  if (openBatch) warnings.push({ code: 'batch-open', segment: openBatch.segment, events: openBatch.count });
  const fbv = 'visibility_ranges.fbv';
  const hidden = names.includes(fbv) ? visibility(readWhole(path.join(dir, fbv), fbv, warnings), warnings) : [];
  return buildView(dir, events, hidden, warnings);
}

interface Walk {
  sequenced: Sequenced;
  /** Segments without a usable footer that are not the newest. */
  footerless: string[];
  warnings: StoreWarning[];
}

function walkSegments(dir: string, segmentNames: readonly string[], names: readonly string[], allFrames: boolean): Walk {
  const warnings: StoreWarning[] = [];
  const read = (name: string): Buffer | undefined => readWhole(path.join(dir, name), name, warnings);
  const durable = new Map<string, DurableEvent>();
  const segments: ScannedSegment[] = [];
  const footerless: string[] = [];
  for (const [index, name] of segmentNames.entries()) {
    const newest = index === segmentNames.length - 1;
    const file = readSegment(path.join(dir, name), name, allFrames, warnings);
    if (!file) continue;
    const { header, footer, bytes } = file;
    if (header.frameStart === undefined) {
      // A segment being created is shorter than its header for a moment.
      if (!(newest && header.problem === 'short')) warnings.push(segmentProblem(name, header.problem, header.version));
      continue;
    }
    if (file.footerWarning) warnings.push(file.footerWarning);
    const footerEvents = footer ? footer.entries.filter((event) => !isMarker(event.kind)) : [];
    for (const event of footerEvents) durable.set(event.eventId, event);
    if (!footer && !newest) footerless.push(name);
    if (!bytes) {
      segments.push({ id: segmentId(name), name, footerEvents });
      continue;
    }
    const scan = scanFrames(bytes, header.frameStart, footer?.framesEnd ?? bytes.length);
    warnings.push(...frameWarnings(name, newest, scan));
    segments.push({ id: segmentId(name), name, scan });
  }

  // A valid checkpoint's sequences win over the footers' (they differ after compaction).
  let floorIndex: DurableIndex | undefined;
  for (const [file, reader] of [['index.ckpt', readCheckpoint], ['index.fbati', readFbati]] as const) {
    const index = names.includes(file) ? usableIndex(read(file), file, reader, segmentNames, warnings) : undefined;
    if (!index) continue;
    for (const event of index.events) if (!isMarker(event.kind)) durable.set(event.eventId, event);
    floorIndex = index;
  }
  const floor = floorIndex && { segment: floorIndex.watermarkSegment, offset: floorIndex.watermarkOffset, allocator: floorIndex.allocator };
  return { sequenced: assignSequences(segments, durable, floor), footerless, warnings };
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

function readSegment(file: string, name: string, allFrames: boolean, warnings: StoreWarning[]): SegmentFile | undefined {
  return tryRead(name, warnings, () => readSegmentFile(file, name, allFrames));
}

function buildView(dir: string, all: DurableEvent[], hidden: readonly SequenceRange[], warnings: StoreWarning[]): StoreView {
  const events = hidden.length === 0 ? all : all.filter((event) => !isHidden(event.sequence, hidden));
  const byEntity = new Map<string, DurableEvent[]>();
  const kinds = new Set<number>();
  let max: bigint | undefined;
  const hexOf = new Map<string, string>(); // a store has few entities and many events
  for (const event of events) {
    let key = hexOf.get(event.entity);
    if (key === undefined) hexOf.set(event.entity, (key = Buffer.from(event.entity, 'utf8').toString('hex')));
    const list = byEntity.get(key);
    if (list) list.push(event);
    else byEntity.set(key, [event]);
    kinds.add(event.kind);
    if (max === undefined || event.sequence > max) max = event.sequence;
  }
  if (max !== undefined && max > BigInt(Number.MAX_SAFE_INTEGER)) warnings.push({ code: 'sequences-rounded', max: max.toString() });
  const entities = new Map<string, EntityHistory>();
  for (const [key, list] of byEntity) {
    list.sort(streamOrder);
    entities.set(key, { sequences: list.map((e) => Number(e.sequence)), kinds: list.map((e) => e.kind) });
  }
  return { dir, entities, kinds, maxSequence: max === undefined ? null : Number(max), eventCount: events.length, warnings };
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

/** The whole file as it is now; undefined when it cannot be read (see tryRead). */
function readWhole(file: string, name: string, warnings: StoreWarning[]): Buffer | undefined {
  return tryRead(name, warnings, () => readFileTailSync(file, Infinity).bytes);
}

function usableIndex(bytes: Buffer | undefined, file: string, reader: (bytes: Buffer, file: string) => IndexRead, segments: readonly string[], warnings: StoreWarning[]): DurableIndex | undefined {
  if (!bytes) return undefined;
  const { index, warning } = reader(bytes, file);
  if (warning !== undefined) warnings.push(warning);
  // batpak uses a checkpoint only if the segment its watermark names still exists.
  if (index && !segments.some((name) => segmentId(name) === index.watermarkSegment)) {
    warnings.push({ code: 'index-segment-missing', file, segment: index.watermarkSegment.toString() });
    return undefined;
  }
  return index;
}

function visibility(bytes: Buffer | undefined, warnings: StoreWarning[]): SequenceRange[] {
  if (!bytes) return [];
  const { ranges, warning } = readVisibility(bytes);
  if (warning !== undefined) warnings.push(warning);
  return ranges ?? [];
}

function frameWarnings(segment: string, newest: boolean, scan: FrameScan): StoreWarning[] {
  const warnings: StoreWarning[] = [];
  const undecodable = scan.frames.filter((f) => !f.event).length;
  if (undecodable > 0) warnings.push({ code: 'frames-undecodable', segment, count: undecodable });
  const offset = scan.stopOffset;
  if (scan.stop === 'torn') warnings.push({ code: 'frame-torn', segment, offset, newest });
  if (scan.stop === 'crc') warnings.push({ code: 'frame-crc', segment, offset });
  if (scan.stop === 'too-long') warnings.push({ code: 'frame-too-long', segment, offset });
  return warnings;
}

function segmentProblem(segment: string, problem: 'short' | 'magic' | 'header' | 'version', version: unknown): StoreWarning {
  return problem === 'version' ? { code: 'segment-version', segment, version: String(version) } : { code: `segment-${problem}`, segment };
}

function segmentId(name: string): bigint {
  return BigInt(name.slice(0, -'.fbat'.length));
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
