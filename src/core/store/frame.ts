/**
 * A frame body (store-format.md §3): `{event: {header: {event_id, correlation_id, causation_id, timestamp_us,
 * position: {wall_ms, sequence, ...}, payload_size, event_kind, ...}, payload, hash_chain}, entity, scope}`, fields
 * looked up by name. Read with a cursor into a reused record: a store scan reads millions of frames, and the payload
 * (often most of a body) is stepped over, never decoded here.
 */
import { MsgCursor } from './cursor';

/** Offsets are in the cursor's bytes; -1 where a field is missing (a nil causation id is missing). */
export class FrameFields {
  idAt = -1;
  correlationAt = -1;
  causationAt = -1;
  /** Microseconds since the epoch; NaN when missing. */
  timestampUs = NaN;
  wallMs = -1;
  /** The entity's clock (`position.sequence`). */
  clock = -1;
  /** The payload's byte length (the item count on a batch BEGIN marker). */
  payloadSize = -1;
  kind = -1;
  payloadStart = -1;
  payloadEnd = -1;
  entityStart = -1;
  entityEnd = -1;
  scopeStart = -1;
  scopeEnd = -1;
}

const TOP = ['event', 'entity', 'scope'];
const EVENT = ['header', 'payload'];
const HEADER = ['event_id', 'correlation_id', 'causation_id', 'timestamp_us', 'position', 'payload_size', 'event_kind'];
const POSITION = ['wall_ms', 'sequence'];

/**
 * Reads the frame body in [start, end) of the cursor's bytes into `f`; false when it is not an event batpak can
 * decode (batpak skips such a frame): one map, its whole extent, with an id, a kind, a position, a payload size and
 * an entity string.
 */
export function readFrame(c: MsgCursor, start: number, end: number, f: FrameFields): boolean {
  c.at = start;
  c.end = end;
  f.idAt = f.correlationAt = f.causationAt = f.wallMs = f.clock = f.payloadSize = f.kind = -1;
  f.payloadStart = f.payloadEnd = f.entityStart = f.entityEnd = f.scopeStart = f.scopeEnd = -1;
  f.timestampUs = NaN;
  for (let n = c.map(); n !== 0; n--) {
    const key = n < 0 ? -2 : c.pick(TOP);
    if (key === 0) {
      if (!readEvent(c, f)) return false;
    } else if (key === 1 || key === 2) {
      if (!c.str()) return false;
      if (key === 1) {
        f.entityStart = c.strStart;
        f.entityEnd = c.strEnd;
      } else {
        f.scopeStart = c.strStart;
        f.scopeEnd = c.strEnd;
      }
    } else if (key === -2 || !c.skip()) return false;
  }
  return c.at === end && f.idAt >= 0 && f.entityStart >= 0 && f.kind >= 0 && f.kind <= 0xffff && f.wallMs >= 0 && f.clock >= 0 && f.payloadSize >= 0;
}

function readEvent(c: MsgCursor, f: FrameFields): boolean {
  for (let n = c.map(); n !== 0; n--) {
    const key = n < 0 ? -2 : c.pick(EVENT);
    if (key === 0) {
      if (!readHeader(c, f)) return false;
    } else if (key === 1) {
      f.payloadStart = c.at;
      if (!c.skip()) return false;
      f.payloadEnd = c.at;
    } else if (key === -2 || !c.skip()) return false;
  }
  return true;
}

function readHeader(c: MsgCursor, f: FrameFields): boolean {
  for (let n = c.map(); n !== 0; n--) {
    const key = n < 0 ? -2 : c.pick(HEADER);
    let ok: boolean;
    switch (key) {
      case 0:
        ok = (f.idAt = c.bin16()) >= 0;
        break;
      case 1:
        ok = (f.correlationAt = c.bin16()) >= 0;
        break;
      case 2:
        ok = c.nil() || (f.causationAt = c.bin16()) >= 0;
        break;
      case 3:
        ok = !Number.isNaN((f.timestampUs = c.int()));
        break;
      case 4:
        ok = readPosition(c, f);
        break;
      case 5:
        ok = safe((f.payloadSize = c.uint()));
        break;
      case 6:
        ok = (f.kind = c.uint()) >= 0;
        break;
      default:
        ok = key === -1 && c.skip();
    }
    if (!ok) return false;
  }
  return true;
}

function readPosition(c: MsgCursor, f: FrameFields): boolean {
  for (let n = c.map(); n !== 0; n--) {
    const key = n < 0 ? -2 : c.pick(POSITION);
    if (key === 0) {
      if ((f.wallMs = c.uint()) < 0) return false;
    } else if (key === 1) {
      if (!safe((f.clock = c.uint()))) return false;
    } else if (key === -2 || !c.skip()) return false;
  }
  return true;
}

const safe = (value: number): boolean => value >= 0 && value <= Number.MAX_SAFE_INTEGER;
