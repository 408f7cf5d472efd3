/**
 * Segment footers, written on rotation and on close: `[string table][N entries][string_table_offset u64 LE |
 * entry_count u32 LE | magic]`. `SIDX` is batpak 0.3.0's, `SDX2` c940fd5c's. The magic is written last, so a footer
 * being written reads as none. There is no CRC: a footer counts only when its offsets and string indexes agree.
 */
import { EntryLayout, SDX2_ENTRY, SIDX_ENTRY } from './entries';
import { StoreWarning } from './warnings';

export const FOOTER_TRAILER = 16;
const LAYOUTS: Record<string, EntryLayout> = { SIDX: SIDX_ENTRY, SDX2: SDX2_ENTRY };

/** Where a footer's parts are, from its trailer: the frames end where its string table starts. */
export interface FooterPlan {
  magic: string;
  layout: EntryLayout;
  count: number;
  /** The string table's offset: where the frames end. */
  framesEnd: number;
  entriesAt: number;
}

export type FooterFound = { plan: FooterPlan; warning?: undefined } | { plan: null; warning?: StoreWarning };

/**
 * The footer a segment of `size` bytes whose frames start at `frameStart` ends with, from its last 16 bytes; none
 * when they are not a footer batpak writes, with a warning when they look like one but are unusable.
 */
export function findFooter(trailer: Buffer, size: number, frameStart: number, file: string): FooterFound {
  if (trailer.length !== FOOTER_TRAILER || size < frameStart + FOOTER_TRAILER) return { plan: null };
  const magic = trailer.toString('latin1', 12);
  const layout = Object.hasOwn(LAYOUTS, magic) ? LAYOUTS[magic] : undefined;
  if (!layout) {
    // A later batpak's footer (SDX3…) is named, never guessed at; its frames are still read.
    return /^S(ID|DX)[0-9A-Z]$/.test(magic) ? { plan: null, warning: { code: 'footer-unsupported', segment: file, magic } } : { plan: null };
  }
  const count = trailer.readUInt32LE(8);
  const tableAt = trailer.readBigUInt64LE(0);
  const entriesAt = size - FOOTER_TRAILER - count * layout.size;
  if (entriesAt < frameStart || tableAt < BigInt(frameStart) || tableAt > BigInt(entriesAt)) return { plan: null, warning: unusable(magic, file) };
  return { plan: { magic, layout, count, framesEnd: Number(tableAt), entriesAt } };
}

export function unusable(magic: string, file: string): StoreWarning {
  return { code: 'footer-inconsistent', segment: file, magic };
}
