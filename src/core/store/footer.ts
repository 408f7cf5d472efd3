/**
 * Segment footers, written on rotation and on close: `[string table][N entries][string_table_offset u64 LE |
 * entry_count u32 LE | magic]`. `SIDX` is batpak 0.3.0's, `SDX2` c940fd5c's. The magic is written last, so a footer
 * being written reads as none. There is no CRC: a footer counts only when its offsets and string indexes agree.
 */
import { EntryLayout, IndexedEvent, readEntries, SDX2_ENTRY, SIDX_ENTRY } from './entries';
import { asStringArray, decodeMsgpack } from './msgpack';
import { StoreWarning } from './warnings';

const TRAILER = 16;
const LAYOUTS: Record<string, EntryLayout> = { SIDX: SIDX_ENTRY, SDX2: SDX2_ENTRY };

export interface Footer {
  magic: string;
  /** Where the frames end (the string table's offset). */
  framesEnd: number;
  entries: IndexedEvent[];
}

export type FooterRead = { footer: Footer; warning?: undefined } | { footer: null; warning?: StoreWarning };

/** Where the footer starts, from the segment's last 16 bytes: undefined when they are not a footer batpak writes. */
export function footerStart(trailer: Buffer): number | undefined {
  if (trailer.length !== TRAILER || !Object.hasOwn(LAYOUTS, trailer.toString('latin1', 12))) return undefined;
  const at = trailer.readBigUInt64LE(0);
  return at <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(at) : undefined;
}

/**
 * The footer of a segment whose frames start at `frameStart`; a warning when it looks like one but is unusable.
 * `bytes` are the segment's last bytes, from offset `base` to its end (the whole file when `base` is 0).
 */
export function readFooter(bytes: Buffer, frameStart: number, file: string, base = 0): FooterRead {
  const size = base + bytes.length;
  if (size < frameStart + TRAILER || bytes.length < TRAILER) return { footer: null };
  const magic = bytes.toString('latin1', bytes.length - 4);
  const layout = Object.hasOwn(LAYOUTS, magic) ? LAYOUTS[magic] : undefined;
  if (!layout) {
    // A later batpak's footer (SDX3…) is named, never guessed at; its frames are still read.
    return /^S(ID|DX)[0-9A-Z]$/.test(magic) ? { footer: null, warning: { code: 'footer-unsupported', segment: file, magic } } : { footer: null };
  }
  const count = bytes.readUInt32LE(bytes.length - 8);
  const tableAt = bytes.readBigUInt64LE(bytes.length - TRAILER);
  const entriesAt = size - TRAILER - count * layout.size;
  const unusable: FooterRead = { footer: null, warning: { code: 'footer-inconsistent', segment: file, magic } };
  if (entriesAt < Math.max(frameStart, base) || tableAt < BigInt(Math.max(frameStart, base)) || tableAt > BigInt(entriesAt)) return unusable;
  const strings = asStringArray(decodeMsgpack(bytes.subarray(Number(tableAt) - base, entriesAt - base)));
  const entries = strings && readEntries(bytes, entriesAt - base, count, layout, strings);
  return entries ? { footer: { magic, framesEnd: Number(tableAt), entries } } : unusable;
}
