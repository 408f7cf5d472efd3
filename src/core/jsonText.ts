/**
 * A JSON value's stored text, reshaped without being re-serialised: every number keeps the digits batpak wrote (`-3.0`
 * stays `-3.0`, a u64 keeps all 20 digits) and every object its keys in stored order. Parsing into JavaScript values
 * and printing them again would do neither (numbers become doubles; integer-like keys move to the front).
 */
import { applyEdits, createScanner, format, SyntaxKind } from 'jsonc-parser';
import { utf8OrUndefined } from './bytes';
import { parseExact } from './value';

/** The value's text when it is JSON (strict UTF-8, strict JSON, no duplicate keys); undefined otherwise. */
export function jsonTextOf(bytes: Uint8Array): string | undefined {
  const text = bytes.length === 0 ? undefined : utf8OrUndefined(bytes);
  return text !== undefined && parseExact(text) !== undefined ? text : undefined;
}

/** JSON text indented by two spaces, one member or item a line. `text` must be JSON (see jsonTextOf). */
export function prettyJsonText(text: string): string {
  return applyEdits(text, format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' })).trim();
}

/** JSON text without whitespace between tokens, on one line. `text` must be JSON (see jsonTextOf). */
export function compactJsonText(text: string): string {
  const scanner = createScanner(text, true);
  // Copies runs of adjacent tokens: compact text (what serde_json writes) is one run, copied once.
  let out = '';
  let runStart = 0;
  let end = 0;
  while (scanner.scan() !== SyntaxKind.EOF) {
    const at = scanner.getTokenOffset();
    if (at !== end) {
      out += text.slice(runStart, end);
      runStart = at;
    }
    end = at + scanner.getTokenLength();
  }
  return out + text.slice(runStart, end);
}

/**
 * `JSON.stringify(object)` with one more member holding `raw`, JSON text embedded as it is: JSON.stringify has no way
 * to write a number it did not parse.
 */
export function withRawMember(object: object, name: string, raw: string): string {
  const head = JSON.stringify(object);
  return `${head.length > 2 ? `${head.slice(0, -1)},` : '{'}${JSON.stringify(name)}:${raw}}`;
}

/** A JSON object of members whose values are JSON texts already, embedded as they are; undefined ones are left out. */
export function jsonObjectText(members: ReadonlyArray<readonly [string, string | undefined]>): string {
  return `{${members.filter((member) => member[1] !== undefined).map(([name, raw]) => `${JSON.stringify(name)}:${raw}`).join(',')}}`;
}
