/**
 * Decoding a cached value for display. Values are serde_json output, but damage and raw-API users mean any bytes can
 * appear: nothing here throws on arbitrary input. Numbers are kept exactly (u64 checksums exceed 2^53).
 */
import { isLosslessNumber, parse, stringify } from 'lossless-json';
import { utf8OrUndefined } from './bytes';

export type ValueFormat = 'json' | 'text' | 'binary' | 'empty';

export interface DecodedValue {
  format: ValueFormat;
  /** The value as compact JSON text with every number exactly as stored; null unless format is json. */
  json: string | null;
  /** The value as text when it is valid UTF-8; null otherwise. */
  text: string | null;
}

export function decodeValue(bytes: Uint8Array): DecodedValue {
  if (bytes.length === 0) return { format: 'empty', json: null, text: '' };
  const text = utf8OrUndefined(bytes);
  if (text === undefined) return { format: 'binary', json: null, text: null };
  const parsed = parseExact(text);
  const json = parsed === undefined ? undefined : stringifyExact(parsed);
  if (json === undefined) return { format: 'text', json: null, text };
  return { format: 'json', json, text };
}

/** Compact JSON text; undefined when the value is nested too deeply to serialise (the stack overflows). */
function stringifyExact(value: unknown): string | undefined {
  try {
    return stringify(value) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Parses JSON keeping every number as its original digits; undefined when the text is not JSON. */
export function parseExact(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** Pretty-prints exact JSON (numbers keep their digits). */
export function prettyJson(value: unknown): string {
  return stringify(value, undefined, 2) ?? 'null';
}

export { isLosslessNumber };

const BYTES_PER_LINE = 16;

/** Hex dump lines `offset  hex  |ascii|` for `lineCount` lines from line `firstLine` (16 bytes a line). */
export function hexDumpLines(bytes: Uint8Array, firstLine = 0, lineCount = Math.ceil(bytes.length / BYTES_PER_LINE)): string[] {
  const lines: string[] = [];
  const last = Math.min(Math.ceil(bytes.length / BYTES_PER_LINE), firstLine + lineCount);
  for (let line = firstLine; line < last; line++) {
    const start = line * BYTES_PER_LINE;
    const chunk = bytes.subarray(start, start + BYTES_PER_LINE);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${start.toString(16).padStart(8, '0')}  ${hex.padEnd(BYTES_PER_LINE * 3 - 1)}  |${ascii}|`);
  }
  return lines;
}
