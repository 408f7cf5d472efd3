/**
 * Which batch an event belongs to. `append_batch` writes BEGIN (its event id is the batch's id, its payload size the
 * item count), the items back to back, then COMMIT; footers and index files keep no trace of it. So: take the run of
 * back-to-back counted frames the event is in (view.frames.runStart); the frame just before the run is the batch's
 * BEGIN marker when the event is an item, the item's index being its place in the run. A batch that crossed into the
 * next segment continues its run from the end of the segment before.
 */
import { crc32 } from 'node:zlib';
import { MsgCursor } from './cursor';
import { BATCH_BEGIN } from './event';
import { FrameFields, readFrame } from './frame';
import { FoundFrame, FrameFiles } from './frameFiles';
import { FRAME_HEAD } from './segment';
import { StoreView } from './view';

export interface EventBatch {
  /** The BEGIN marker's event id, as a UUID (batpak sets it to the global sequence of the batch's first item). */
  id: string;
  /** The item's index in the batch, from 0, and the batch's item count. */
  index: number;
  count: number;
}

/** The most bytes of uncounted frames read to find a BEGIN marker (a dropped batch's items sit there too). */
const MAX_GAP = 8 * 1024 * 1024;

/** Finds batches for one read of a view's frames, each run's once. */
export class BatchFinder {
  /** Per run start: its batch's id and count, and the run's first frame's index in it; null when none. */
  private readonly runs = new Map<number, { id: string; count: number; base: number } | null>();

  constructor(
    private readonly view: StoreView,
    private readonly files: FrameFiles,
  ) {}

  /** The batch of the event at `position` in the view's frame index; null when it is none, or when that cannot be read. */
  batchOf(position: number): EventBatch | null {
    const start = this.view.frames.runStart[position];
    const run = this.run(start);
    const index = run && run.base + (position - start);
    return run && index !== null && index < run.count ? { id: run.id, index, count: run.count } : null;
  }

  private run(start: number): { id: string; count: number; base: number } | null {
    let run = this.runs.get(start);
    if (run === undefined) this.runs.set(start, (run = this.find(start)));
    return run;
  }

  private find(start: number): { id: string; count: number; base: number } | null {
    const { view, files } = this;
    const first = files.frame(start);
    if (typeof first === 'string') return null;
    const segments = view.segments;
    const found = start > 0 ? files.frame(start - 1) : undefined;
    const before = typeof found === 'object' ? found : undefined;
    const end = (frame: FoundFrame): number => frame.offset + frame.bytes.length;
    let gap: { segment: number; from: number; to: number };
    if (before?.segment === first.segment) {
      gap = { segment: first.segment, from: end(before), to: first.offset };
    } else if (first.offset > segments[first.segment].frameStart) {
      gap = { segment: first.segment, from: segments[first.segment].frameStart, to: first.offset };
    } else {
      // The run starts its segment: the frame before it ends the segment before.
      const previous = first.segment - 1;
      if (previous < 0) return null;
      const framesEnd = segments[previous].framesEnd;
      if (before?.segment === previous && end(before) === framesEnd) {
        // The run goes on from the segment before (a batch written across a rotation, or no batch at all).
        const carried = this.run(view.frames.runStart[start - 1]);
        return carried && { ...carried, base: carried.base + (start - view.frames.runStart[start - 1]) };
      }
      gap = { segment: previous, from: before?.segment === previous ? end(before) : segments[previous].frameStart, to: framesEnd };
    }
    const begin = lastFrame(files, gap.segment, gap.from, gap.to);
    return begin && begin.fields.kind === BATCH_BEGIN ? { id: uuid(begin.bytes, begin.fields.idAt), count: begin.fields.payloadSize, base: 0 } : null;
  }
}

/** The last of the frames filling [from, to) of a segment exactly; undefined when they do not, or cannot be read. */
function lastFrame(files: FrameFiles, segment: number, from: number, to: number): { bytes: Buffer; fields: FrameFields } | undefined {
  if (to <= from || to - from > MAX_GAP) return undefined;
  const bytes = files.read(segment, from, to - from);
  if (typeof bytes === 'string' || bytes.length !== to - from) return undefined;
  const cursor = new MsgCursor(bytes);
  const fields = new FrameFields();
  let at = 0;
  let found = false;
  while (at + FRAME_HEAD <= bytes.length) {
    const end = at + FRAME_HEAD + bytes.readUInt32BE(at);
    if (end > bytes.length || crc32(bytes.subarray(at + FRAME_HEAD, end)) !== bytes.readUInt32BE(at + 4)) return undefined;
    found = readFrame(cursor, at + FRAME_HEAD, end, fields);
    at = end;
  }
  return at === bytes.length && found ? { bytes, fields } : undefined;
}

/** 16 bytes at `at` as a UUID: 8-4-4-4-12 lowercase hex digits. */
export function uuid(bytes: Uint8Array, at: number): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset + at, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
