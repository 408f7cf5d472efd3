/**
 * Segment files (`NNNNNN.fbat`): `FBAT`, a big-endian header length, a MessagePack header, then frames
 * `[len u32 BE][crc32 u32 BE][body]` up to the footer or the end of the file.
 */
import { crc32 } from 'node:zlib';
import { eventFrom, StoreEvent } from './event';
import { asMap, asSmallUint, decodeMsgpack, field, mapRanges, skipValue } from './msgpack';

export const SEGMENT_NAME = /^\d+\.fbat$/;

/** batpak treats a frame declaring a longer body as corrupt. */
const MAX_FRAME_BODY = 256 * 1024 * 1024;
const FRAME_HEAD = 8;

export type SegmentHeader = { frameStart: number } | { frameStart: undefined; problem: 'short' | 'magic' | 'header' | 'version'; version?: unknown };

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

export interface FrameEvent extends StoreEvent {
  /** The item count on a batch BEGIN marker. */
  payloadSize: number;
}

export interface Frame {
  offset: number;
  /** Undefined when the CRC is right but the body is not an event batpak can decode (batpak skips it). */
  event: FrameEvent | undefined;
}

/** Why a segment's frames stopped: the end of the frame area, a torn (half-written) frame, or damage. */
export type FrameStop = 'end' | 'torn' | 'crc' | 'too-long';

export interface FrameScan {
  frames: Frame[];
  stop: FrameStop;
  stopOffset: number;
}

/** The frames in [start, end), stopping where batpak's scan stops. */
export function scanFrames(bytes: Buffer, start: number, end: number): FrameScan {
  const frames: Frame[] = [];
  let at = start;
  while (at < end) {
    if (end - at < FRAME_HEAD) return { frames, stop: 'torn', stopOffset: at };
    const len = bytes.readUInt32BE(at);
    if (len > MAX_FRAME_BODY) return { frames, stop: 'too-long', stopOffset: at };
    if (end - at - FRAME_HEAD < len) return { frames, stop: 'torn', stopOffset: at };
    const body = bytes.subarray(at + FRAME_HEAD, at + FRAME_HEAD + len);
    if (crc32(body) !== bytes.readUInt32BE(at + 4)) return { frames, stop: 'crc', stopOffset: at };
    frames.push({ offset: at, event: decodeFrameBody(body) });
    at += FRAME_HEAD + len;
  }
  return { frames, stop: 'end', stopOffset: at };
}

/**
 * `{event: {header: {event_id, position: {wall_ms, sequence}, payload_size, event_kind, ...}, payload, hash_chain},
 * entity, scope}`. Only the header and the entity are decoded; the payload is skipped over.
 */
export function decodeFrameBody(body: Uint8Array): FrameEvent | undefined {
  const frame = mapRanges(body, 0);
  const eventRange = frame?.get('event');
  const entityRange = frame?.get('entity');
  if (!frame || !eventRange || !entityRange || skipValue(body, 0) !== body.length) return undefined;
  const headerRange = mapRanges(body, eventRange[0])?.get('header');
  if (!headerRange) return undefined;
  const header = asMap(decodeMsgpack(body.subarray(headerRange[0], headerRange[1])));
  const entity = decodeMsgpack(body.subarray(entityRange[0], entityRange[1]));
  const position = asMap(field(header, 'position'));
  const event = eventFrom({ eventId: field(header, 'event_id'), entity, kind: field(header, 'event_kind'), wallMs: field(position, 'wall_ms'), clock: field(position, 'sequence') });
  const payloadSize = asSmallUint(field(header, 'payload_size'));
  return event && payloadSize !== undefined ? { ...event, payloadSize } : undefined;
}
