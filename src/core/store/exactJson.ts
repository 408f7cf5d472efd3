/**
 * MessagePack as exact JSON text, the way serde_json would write the value rmp-serde decoded: every integer to the
 * last digit (u64::MAX, i64::MIN), floats by ryu's rules (f32 as f32), maps with their keys in stored order, compact
 * (array) structs as arrays. What JSON has no form for: bin as a hex string, integer keys as strings (serde_json's
 * rule), other keys as the string of their JSON, an extension as `{"ext": type, "hex": "…"}`. A text writer of our
 * own rather than lossless-json: a generic MessagePack decoder already turns `-3.0` into the integer -3 and an f32 into
 * a longer f64, and keeps no number's text. Iterative, so a hostile nesting depth cannot overflow the stack.
 */
import { toHex, utf8OrUndefined } from '../bytes';
import { f32Text, f64Text } from './floatText';
import { skipValue } from './msgpack';

/** Why bytes are not one MessagePack value JSON can hold: cut short, an unused tag, a str that is not UTF-8, bytes
 * after the value, or map keys nested in map keys too deep to follow. */
export type JsonProblem = 'truncated' | 'invalid' | 'not-utf8' | 'trailing' | 'too-deep';

export type ExactJson = { json: string; problem?: undefined } | { json?: undefined; problem: JsonProblem };

interface Open {
  /** Values still to read in this container (a map counts keys and values). */
  left: number;
  map: boolean;
  first: boolean;
}

/** The one MessagePack value that `bytes` must hold, as JSON text; a problem when it is not exactly one value. */
export function msgpackToJson(bytes: Uint8Array): ExactJson {
  try {
    return convert(bytes);
  } catch (error) {
    // Only a key inside a key inside a key… recurses; thousands deep it runs out of stack.
    if (error instanceof RangeError) return { problem: 'too-deep' };
    throw error;
  }
}

function convert(bytes: Uint8Array): ExactJson {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  const stack: Open[] = [];
  let at = 0;
  const need = (n: number): boolean => at + n <= bytes.length;
  do {
    const top = stack[stack.length - 1];
    if (top) {
      if (top.left === 0) {
        out.push(top.map ? '}' : ']');
        stack.pop();
        continue;
      }
      const isKey = top.map && top.left % 2 === 0;
      if (top.map && !isKey) out.push(':');
      else if (!top.first) out.push(',');
      top.first = false;
      top.left--;
      if (isKey) {
        const key = readKey();
        if (typeof key !== 'string') return { problem: key.problem };
        out.push(key);
        continue;
      }
    }
    const value = readValue();
    if (value !== undefined) return { problem: value };
  } while (stack.length > 0);
  return at === bytes.length ? { json: out.join('') } : { problem: 'trailing' };

  /** Writes the value at `at` (or opens its container); a problem when it cannot. */
  function readValue(): JsonProblem | undefined {
    if (!need(1)) return 'truncated';
    const tag = bytes[at++];
    if (tag <= 0x7f) return void out.push(String(tag));
    if (tag >= 0xe0) return void out.push(String(tag - 0x100));
    if (tag <= 0x8f) return open(tag & 0x0f, true);
    if (tag <= 0x9f) return open(tag & 0x0f, false);
    if (tag <= 0xbf) return text(tag & 0x1f);
    switch (tag) {
      case 0xc0:
        return void out.push('null');
      case 0xc2:
        return void out.push('false');
      case 0xc3:
        return void out.push('true');
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const length = readLength(tag - 0xc4);
        if (length < 0 || !need(length)) return 'truncated';
        out.push(`"${toHex(bytes.subarray(at, at + length))}"`);
        at += length;
        return undefined;
      }
      case 0xc7:
      case 0xc8:
      case 0xc9:
        return ext(readLength(tag - 0xc7));
      case 0xca:
        if (!need(4)) return 'truncated';
        out.push(f32Text(view.getFloat32(at)));
        at += 4;
        return undefined;
      case 0xcb:
        if (!need(8)) return 'truncated';
        out.push(f64Text(view.getFloat64(at)));
        at += 8;
        return undefined;
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:
        return ext(1 << (tag - 0xd4));
      case 0xd9:
      case 0xda:
      case 0xdb:
        return text(readLength(tag - 0xd9));
      case 0xdc:
      case 0xdd:
        return open(readLength(tag - 0xdb), false);
      case 0xde:
      case 0xdf:
        return open(readLength(tag - 0xdd), true);
      case 0xc1:
        return 'invalid';
      default:
        return integer(tag);
    }
  }

  /** A map key as JSON string text: a str or bin as it is, any other value as the string of its JSON. */
  function readKey(): string | { problem: JsonProblem } {
    const end = skipValue(bytes, at);
    if (end < 0) return { problem: 'truncated' };
    const key = convert(bytes.subarray(at, end));
    at = end;
    if (key.problem !== undefined) return { problem: key.problem };
    return key.json.startsWith('"') ? key.json : JSON.stringify(key.json);
  }

  /** 1, 2 or 4 bytes of big-endian length for the encodings `8`, `16`, `32` (size index 0, 1, 2); -1 when cut off. */
  function readLength(size: number): number {
    const width = 1 << size;
    if (size < 0 || size > 2 || !need(width)) return -1;
    const length = width === 1 ? bytes[at] : width === 2 ? view.getUint16(at) : view.getUint32(at);
    at += width;
    return length;
  }

  function open(count: number, map: boolean): JsonProblem | undefined {
    if (count < 0) return 'truncated';
    out.push(map ? '{' : '[');
    stack.push({ left: map ? count * 2 : count, map, first: true });
    return undefined;
  }

  function text(length: number): JsonProblem | undefined {
    if (length < 0 || !need(length)) return 'truncated';
    const decoded = utf8OrUndefined(bytes.subarray(at, at + length));
    if (decoded === undefined) return 'not-utf8';
    at += length;
    out.push(JSON.stringify(decoded));
    return undefined;
  }

  function ext(length: number): JsonProblem | undefined {
    if (length < 0 || !need(1 + length)) return 'truncated';
    out.push(`{"ext":${view.getInt8(at)},"hex":"${toHex(bytes.subarray(at + 1, at + 1 + length))}"}`);
    at += 1 + length;
    return undefined;
  }

  function integer(tag: number): JsonProblem | undefined {
    const width = 1 << (tag & 0x03);
    if (!need(width)) return 'truncated';
    const signed = tag >= 0xd0;
    let digits: string;
    if (width === 1) digits = String(signed ? view.getInt8(at) : view.getUint8(at));
    else if (width === 2) digits = String(signed ? view.getInt16(at) : view.getUint16(at));
    else if (width === 4) digits = String(signed ? view.getInt32(at) : view.getUint32(at));
    else digits = (signed ? view.getBigInt64(at) : view.getBigUint64(at)).toString();
    out.push(digits);
    at += width;
    return undefined;
  }
}
