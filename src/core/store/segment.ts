/**
 * Segment files (`NNNNNN.fbat`): `FBAT`, a big-endian header length, a MessagePack header, then frames
 * `[len u32 BE][crc32 u32 BE][body]` up to the footer or the end of the file.
 */
import { crc32 } from 'node:zlib';
import { u32be } from '../bytes';
import { MsgCursor } from './cursor';
import { FrameFields, readFrame } from './frame';
import { asMap, decodeMsgpack, field } from './msgpack';
import { EntityNames, EventTable, UNDECODABLE } from './table';

export const SEGMENT_NAME = /^\d+\.fbat$/;

/** batpak treats a frame declaring a longer body as corrupt. */
const MAX_FRAME_BODY = 256 * 1024 * 1024;
export const FRAME_HEAD = 8;
/** Bytes read at a time when scanning frames: a segment is up to 256 MiB, and only one window of it is held. */
const WINDOW = 4 * 1024 * 1024;

export type SegmentHeader = { frameStart: number } | { frameStart: undefined; problem: 'short' | 'magic' | 'header' | 'version'; version?: unknown };

/** The header at the start of `bytes`, which must hold all of it (`8 + header_len` bytes; 'short' when it does not). */
export function readSegmentHeader(bytes: Buffer): SegmentHeader {
  if (bytes.length < 8) return { frameStart: undefined, problem: 'short' };
  if (bytes.toString('latin1', 0, 4) !== 'FBAT') return { frameStart: undefined, problem: 'magic' };
  const frameStart = 8 + bytes.readUInt32BE(4);
  if (frameStart > bytes.length) return { frameStart: undefined, problem: 'short' };
  const header = asMap(decodeMsgpack(bytes.subarray(8, frameStart)));
  if (!header) return { frameStart: undefined, problem: 'header' };
  const version = field(header, 'version');
  return version === 1 ? { frameStart } : { frameStart: undefined, problem: 'version', version };
}

/** Why a segment's frames stopped: the end of the frame area, a torn (half-written) frame, or damage. */
export type FrameStop = 'end' | 'torn' | 'crc' | 'too-long';

export interface FrameScan {
  stop: FrameStop;
  /** Where the frames stopped: the end of the last frame read. */
  stopOffset: number;
  /** Frames whose CRC is right but which are not events batpak can decode (batpak skips them). */
  undecodable: number;
}

/** Reads `length` bytes at `position` (fewer when the file ends first). */
export type ReadAt = (position: number, length: number) => Buffer;

/**
 * Appends a row to `frames` for every frame in [start, end) of segment number `segment` (an undecodable one with kind
 * UNDECODABLE), stopping where batpak's scan stops. Reads one window at a time.
 */
export function scanFrames(read: ReadAt, start: number, end: number, segment: number, frames: EventTable, names: EntityNames): FrameScan {
  let window: Buffer = Buffer.alloc(0);
  let cursor = new MsgCursor(window);
  let windowAt = 0;
  /** Whether [at, at + length) is in the window, reading a new one from `at` when it is not. */
  const have = (at: number, length: number): boolean => {
    if (at >= windowAt && at + length <= windowAt + window.length) return true;
    window = read(at, Math.min(Math.max(length, WINDOW), end - at));
    cursor = new MsgCursor(window);
    windowAt = at;
    return length <= window.length;
  };
  const fields = new FrameFields();
  let undecodable = 0;
  let at = start;
  const stop = (why: FrameStop): FrameScan => ({ stop: why, stopOffset: at, undecodable });
  while (at < end) {
    if (end - at < FRAME_HEAD || !have(at, FRAME_HEAD)) return stop('torn');
    const len = u32be(window, at - windowAt);
    if (len > MAX_FRAME_BODY) return stop('too-long');
    if (end - at - FRAME_HEAD < len || !have(at, FRAME_HEAD + len)) return stop('torn');
    const bodyAt = at - windowAt + FRAME_HEAD;
    // A plain Uint8Array view: Buffer.subarray costs more than the CRC of a small frame.
    if (crc32(new Uint8Array(window.buffer, window.byteOffset + bodyAt, len)) !== u32be(window, bodyAt - 4)) return stop('crc');
    const row = frames.add();
    if (readFrame(cursor, bodyAt, bodyAt + len, fields)) {
      frames.setId(row, window, fields.idAt);
      frames.entity[row] = names.numberOf(window, fields.entityStart, fields.entityEnd);
      frames.kind[row] = fields.kind;
      frames.wallMs[row] = fields.wallMs;
      frames.clock[row] = fields.clock;
      frames.payloadSize[row] = fields.payloadSize;
    } else {
      frames.kind[row] = UNDECODABLE;
      undecodable++;
    }
    frames.segment[row] = segment;
    frames.offset[row] = at;
    frames.frameLength[row] = FRAME_HEAD + len;
    at += FRAME_HEAD + len;
  }
  return stop('end');
}
