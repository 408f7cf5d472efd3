/**
 * `visibility_ranges.fbv` (c940fd5c): `"FBATVR" | u16 LE (1) | crc32 | {ranges: [{start, end}]}`. Events whose
 * sequence falls in a cancelled range [start, end) are hidden from queries and projections.
 */
import { asMap, asUint, decodeMsgpack, field } from './msgpack';
import { checkVersioned, VERSIONED_HEAD } from './versioned';
import { StoreWarning } from './warnings';

export interface SequenceRange {
  start: number;
  end: number;
}

export type RangesRead = { ranges: SequenceRange[]; warning?: undefined } | { ranges?: undefined; warning: StoreWarning };

export function readVisibility(bytes: Buffer, file = 'visibility_ranges.fbv'): RangesRead {
  const checked = checkVersioned(bytes, 'FBATVR', [1], file, 'visibility');
  if (checked.warning !== undefined) return { warning: checked.warning };
  const undecodable: RangesRead = { warning: { code: 'index-undecodable', file, role: 'visibility' } };
  const list = field(asMap(decodeMsgpack(bytes.subarray(VERSIONED_HEAD))), 'ranges');
  const ranges: SequenceRange[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    const start = asUint(field(asMap(item), 'start'));
    const end = asUint(field(asMap(item), 'end'));
    if (start === undefined || end === undefined) return undecodable;
    ranges.push({ start: Number(start), end: Number(end) });
  }
  return Array.isArray(list) ? { ranges } : undecodable;
}

export function isHidden(sequence: number, ranges: readonly SequenceRange[]): boolean {
  return ranges.some((r) => sequence >= r.start && sequence < r.end);
}
