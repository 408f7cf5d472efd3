/**
 * One segment file, opened, read and closed at once. A sealed segment is read footer first: its header and footer
 * (the footer lists every event with its sequence and frame location), so its frames (most of its bytes) are read only
 * when needed. Footers and frames are read in pieces: only one piece of a 256 MiB segment is held at a time.
 */
import { readAtSync as readAt, withRegularFileSync } from '../fileio';
import { readEntries } from './entries';
import { findFooter, FOOTER_TRAILER, FooterPlan, unusable } from './footer';
import { asStringArray, decodeMsgpack } from './msgpack';
import { FrameScan, readSegmentHeader, scanFrames, SegmentHeader } from './segment';
import { EntityNames, EventTable } from './table';
import { StoreWarning } from './warnings';

/** Enough for a segment header (49 bytes in practice); a longer one is read whole after. */
const HEAD_BYTES = 4096;
/** Footer entries parsed per read (about 5 MB). */
const ENTRIES_PER_READ = 32 * 1024;

export interface SegmentSink {
  /** Footer entries go here, */
  durable: EventTable;
  /** and frames here. */
  frames: EventTable;
  names: EntityNames;
}

export interface SegmentRead {
  header: SegmentHeader;
  /** A usable footer, and the rows of `durable` its entries became. */
  footer: (FooterPlan & { rows: [number, number] }) | null;
  footerWarning?: StoreWarning;
  /** Present when the frames were read: how the scan ended, and the rows of `frames` they became. */
  scan?: FrameScan & { rows: [number, number] };
}

/**
 * Reads segment number `segment`: its footer's entries into `sink.durable`, and its frames into `sink.frames` when it
 * has no usable footer or `allFrames`. Throws like open (ENOENT when it vanished).
 */
export function readSegmentFile(file: string, name: string, segment: number, allFrames: boolean, sink: SegmentSink): SegmentRead {
  return withRegularFileSync(file, (fd, stat) => {
    // The size may grow while we read (an open store): what was there at fstat is a consistent prefix.
    const size = stat.size;
    const header = headerOf(fd, size);
    if (header.frameStart === undefined) return { header, footer: null };
    const { footer, warning } = size >= header.frameStart + FOOTER_TRAILER ? readFooter(fd, size, header.frameStart, name, segment, sink) : { footer: null };
    if (footer && !allFrames) return { header, footer, footerWarning: warning };
    const first = sink.frames.length;
    const read = (position: number, length: number): Buffer => readAt(fd, position, length);
    const scan = scanFrames(read, header.frameStart, footer?.framesEnd ?? size, segment, sink.frames, sink.names);
    return { header, footer, footerWarning: warning, scan: { ...scan, rows: [first, sink.frames.length] } };
  });
}

function headerOf(fd: number, size: number): SegmentHeader {
  const head = readAt(fd, 0, Math.min(size, HEAD_BYTES));
  const header = readSegmentHeader(head);
  if (header.frameStart !== undefined || header.problem !== 'short' || head.length < 8) return header;
  const frameStart = 8 + head.readUInt32BE(4);
  return frameStart <= size ? readSegmentHeader(readAt(fd, 0, frameStart)) : header;
}

function readFooter(fd: number, size: number, frameStart: number, name: string, segment: number, sink: SegmentSink): { footer: SegmentRead['footer']; warning?: StoreWarning } {
  const found = findFooter(readAt(fd, size - FOOTER_TRAILER, FOOTER_TRAILER), size, frameStart, name);
  const plan = found.plan;
  if (!plan) return { footer: null, warning: found.warning };
  const strings = asStringArray(decodeMsgpack(readAt(fd, plan.framesEnd, plan.entriesAt - plan.framesEnd)));
  if (!strings) return { footer: null, warning: unusable(plan.magic, name) };
  const context = { entities: strings.map((s) => sink.names.number(s)), strings: strings.length, segment };
  const first = sink.durable.length;
  sink.durable.reserve(plan.count);
  for (let done = 0; done < plan.count; done += ENTRIES_PER_READ) {
    const count = Math.min(ENTRIES_PER_READ, plan.count - done);
    const bytes = readAt(fd, plan.entriesAt + done * plan.layout.size, count * plan.layout.size);
    if (bytes.length !== count * plan.layout.size || !readEntries(bytes, 0, count, plan.layout, context, sink.durable)) {
      sink.durable.length = first;
      return { footer: null, warning: unusable(plan.magic, name) };
    }
  }
  return { footer: { ...plan, rows: [first, sink.durable.length] } };
}
