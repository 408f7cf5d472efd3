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

/** A value that should be JSON but does not parse: batpak's get() fails to decode it, and replays the projection. */
export interface JsonDamage {
  /** The byte where parsing fails (0 for an empty value); null when that cannot be told (a value that is not UTF-8). */
  offset: number | null;
}

/**
 * Whether a value that should be JSON is not: a projection's value (`projection`: a store key's, which batpak writes
 * with serde_json) or one that looks like JSON (starts with `{` or `[`). A raw key's text or binary value is no damage.
 */
export function jsonDamage(bytes: Uint8Array, projection: boolean): JsonDamage | undefined {
  if (bytes.length === 0) return projection ? { offset: 0 } : undefined;
  const text = utf8OrUndefined(bytes);
  if (text === undefined) return projection || LOOKS_LIKE_JSON.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1')) ? { offset: null } : undefined;
  if (!projection && !LOOKS_LIKE_JSON.test(text)) return undefined;
  try {
    JSON.parse(text); // the fast check: valid JSON is the common case
    return undefined;
  } catch {
    // lossless-json's errors say where: "… at position 12" (in characters).
    const at = /at position (\d+)/.exec(parseError(text))?.[1];
    return { offset: at === undefined ? null : Buffer.byteLength(text.slice(0, Number(at))) };
  }
}

const LOOKS_LIKE_JSON = /^\s*[[{]/;

function parseError(text: string): string {
  try {
    parse(text);
    return '';
  } catch (error) {
    return String((error as Error).message);
  }
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
