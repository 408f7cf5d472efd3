/**
 * A forward reader over MessagePack bytes for the fields a store reader needs: no objects are built, so millions of
 * frames and index entries cost no garbage. Every read checks its bounds (the value must end before `end`): on bytes
 * that are not what it expects it returns -1 (NaN, false) and the caller gives up on the value; nothing here throws.
 */
import { u16be, u32be } from '../bytes';
import { skipValue } from './msgpack';

export class MsgCursor {
  /** The last str read: its bytes are [strStart, strEnd). */
  strStart = 0;
  strEnd = 0;

  constructor(
    readonly bytes: Uint8Array,
    public at = 0,
    public end = bytes.length,
  ) {}

  /** The entry count of the map at the cursor (the cursor moves to its first key), or -1 when it is not a map. */
  map(): number {
    return this.header(0x80, 0xde);
  }

  /** The item count of the array at the cursor (the cursor moves to its first item), or -1 when it is not an array. */
  array(): number {
    return this.header(0x90, 0xdc);
  }

  private header(fix: number, tag16: number): number {
    if (this.at >= this.end) return -1;
    const tag = this.bytes[this.at];
    if (tag >= fix && tag <= fix + 0x0f) {
      this.at++;
      return tag & 0x0f;
    }
    const size = tag === tag16 ? 2 : tag === tag16 + 1 ? 4 : 0;
    if (size === 0 || this.at + 1 + size > this.end) return -1;
    const count = size === 2 ? u16be(this.bytes, this.at + 1) : u32be(this.bytes, this.at + 1);
    this.at += 1 + size;
    return count;
  }

  /** Moves past the str at the cursor, its bytes then in [strStart, strEnd); false when it is not a str. */
  str(): boolean {
    if (this.at >= this.end) return false;
    const tag = this.bytes[this.at];
    let length = -1;
    let start = this.at + 1;
    if (tag >= 0xa0 && tag <= 0xbf) length = tag & 0x1f;
    else if (tag === 0xd9 && this.at + 2 <= this.end) length = this.bytes[start++];
    else if (tag === 0xda && this.at + 3 <= this.end) {
      length = u16be(this.bytes, start);
      start += 2;
    } else if (tag === 0xdb && this.at + 5 <= this.end) {
      length = u32be(this.bytes, start);
      start += 4;
    }
    if (length < 0) return false;
    if (start + length > this.end) return false;
    this.at = this.strEnd = start + length;
    this.strStart = start;
    return true;
  }

  /**
   * Which of `names` (ASCII) the str at the cursor is: its index, -1 for another string, -2 when it is not a str.
   * Moves past the string. Map keys are matched this way, without decoding them.
   */
  pick(names: readonly string[]): number {
    if (!this.str()) return -2;
    const length = this.strEnd - this.strStart;
    for (let n = 0; n < names.length; n++) {
      const name = names[n];
      if (name.length !== length) continue;
      let i = 0;
      while (i < length && this.bytes[this.strStart + i] === name.charCodeAt(i)) i++;
      if (i === length) return n;
    }
    return -1;
  }

  /** The unsigned integer at the cursor as a number (rounded above 2^53), or -1 when it is not one. */
  uint(): number {
    const at = this.at;
    const value = this.int();
    if (value >= 0) return value;
    this.at = at;
    return -1;
  }

  /** The integer at the cursor, of any encoding, as a number (rounded beyond 2^53), or NaN when it is not one. */
  int(): number {
    if (this.at >= this.end) return NaN;
    const tag = this.bytes[this.at];
    if (tag <= 0x7f || tag >= 0xe0) {
      this.at++;
      return tag <= 0x7f ? tag : tag - 0x100;
    }
    const width = INT_WIDTH[tag];
    const at = this.at + 1;
    if (width === undefined || at + width > this.end) return NaN;
    this.at = at + width;
    const b = this.bytes;
    if (tag < 0xd0) return width === 1 ? b[at] : width === 2 ? u16be(b, at) : width === 4 ? u32be(b, at) : u32be(b, at) * 2 ** 32 + u32be(b, at + 4);
    if (width === 1) return (b[at] << 24) >> 24;
    if (width === 2) return (u16be(b, at) << 16) >> 16;
    return width === 4 ? u32be(b, at) | 0 : Number(new DataView(b.buffer, b.byteOffset + at, 8).getBigInt64(0));
  }

  /** Where the 16 bytes of the bin 16 at the cursor start (the cursor moves past it), or -1. */
  bin16(): number {
    if (this.bytes[this.at] !== 0xc4 || this.bytes[this.at + 1] !== 16 || this.at + 18 > this.end) return -1;
    this.at += 18;
    return this.at - 16;
  }

  /** Whether the value at the cursor is nil (the cursor moves past it when it is). */
  nil(): boolean {
    if (this.at >= this.end || this.bytes[this.at] !== 0xc0) return false;
    this.at++;
    return true;
  }

  /** Moves past the value at the cursor; false when the bytes end first. */
  skip(): boolean {
    const end = skipValue(this.bytes, this.at, this.end);
    if (end < 0) return false;
    this.at = end;
    return true;
  }
}

/** Bytes after the tag of each integer encoding (uint 8-64, then int 8-64). */
const INT_WIDTH: Record<number, number> = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8 };
