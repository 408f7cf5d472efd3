/**
 * Frames read back by the location a store view recorded, each checked before it is believed: its length, its CRC,
 * that it decodes, and that it is the event the view has there (kind, clock, entity). The store may have been
 * appended to or compacted since the view was read: a frame that is gone or is another event is reported, never
 * guessed. Segment files are opened once per read and closed together.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { errorCode, isVanished, openRegularFileSync, readAtSync } from '../fileio';
import { MsgCursor } from './cursor';
import { FrameFields, readFrame } from './frame';
import { FRAME_HEAD } from './segment';
import { NO_SEGMENT } from './table';
import { StoreView } from './view';

/**
 * Why a frame could not be read: its segment file or bytes are gone (compacted, truncated), another event is where
 * it was (compacted, rewritten), its bytes fail their CRC, it passes its CRC but does not decode, or its file cannot
 * be read (permissions).
 */
export type FrameDamage = 'vanished' | 'moved' | 'crc' | 'undecodable' | 'unreadable';

export interface FoundFrame {
  /** The segment where the frame is (the view's, or an earlier one for a batch item, see `frame`). */
  segment: number;
  offset: number;
  /** The frame's bytes, head included; `fields` offsets are into these. */
  bytes: Buffer;
  fields: FrameFields;
}

/** How many earlier segments are tried for a frame not found where the view says (see `frame`). */
const SEGMENTS_BACK = 16;

export class FrameFiles {
  private readonly open = new Map<number, { fd: number; size: number } | FrameDamage>();
  private readonly found = new Map<number, FoundFrame | FrameDamage>();

  constructor(private readonly view: StoreView) {}

  /**
   * The frame of the event at `position` in the view's frame index, checked (with its entity's UTF-8 bytes when
   * given). Where it is not, the segments before are tried at the same offset: a batch item's footer entry sits in
   * the footer of the segment where the batch ended, with the offset in the segment that holds the frame.
   */
  frame(position: number, entity?: Uint8Array): FoundFrame | FrameDamage {
    const known = this.found.get(position);
    // A frame found for a batch lookup was not checked against an entity: one of another entity is looked for again.
    if (known !== undefined && (typeof known === 'string' || !entity || hasEntity(known, entity))) return known;
    const frames = this.view.frames;
    const segment = frames.segment[position];
    let result: FoundFrame | FrameDamage = 'vanished';
    for (let tried = 0; segment !== NO_SEGMENT && tried <= SEGMENTS_BACK && segment - tried >= 0; tried++) {
      const attempt = this.check(position, segment - tried, entity);
      if (typeof attempt !== 'string' || tried === 0) result = attempt;
      if (typeof attempt !== 'string') break;
    }
    this.found.set(position, result);
    return result;
  }

  private check(position: number, segment: number, entity: Uint8Array | undefined): FoundFrame | FrameDamage {
    const frames = this.view.frames;
    const offset = frames.offset[position];
    const length = frames.length[position];
    const bytes = this.read(segment, offset, length);
    if (typeof bytes === 'string') return bytes;
    if (bytes.length < length) return 'vanished';
    if (bytes.readUInt32BE(0) !== length - FRAME_HEAD) return 'moved';
    if (crc32(bytes.subarray(FRAME_HEAD)) !== bytes.readUInt32BE(4)) return 'crc';
    const fields = new FrameFields();
    if (!readFrame(new MsgCursor(bytes), FRAME_HEAD, length, fields)) return 'undecodable';
    const found = { segment, offset, bytes, fields };
    return fields.kind === frames.kind[position] && fields.clock === frames.clock[position] && (!entity || hasEntity(found, entity)) ? found : 'moved';
  }

  /** `length` bytes at `offset` of a segment (fewer when it ends first), or why they cannot be read. */
  read(segment: number, offset: number, length: number): Buffer | FrameDamage {
    let file = this.open.get(segment);
    if (file === undefined) {
      try {
        const { fd, stat } = openRegularFileSync(path.join(this.view.dir, this.view.segments[segment].name));
        file = { fd, size: stat.size };
      } catch (error) {
        file = isVanished(error) || errorCode(error) === 'ELOOP' ? 'vanished' : 'unreadable';
      }
      this.open.set(segment, file);
    }
    if (typeof file === 'string') return file;
    return readAtSync(file.fd, offset, Math.max(0, Math.min(length, file.size - offset)));
  }

  close(): void {
    for (const file of this.open.values()) if (typeof file !== 'string') fs.closeSync(file.fd);
    this.open.clear();
  }
}

function hasEntity({ bytes, fields }: FoundFrame, entity: Uint8Array): boolean {
  return bytes.subarray(fields.entityStart, fields.entityEnd).equals(entity);
}
