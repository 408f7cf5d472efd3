/**
 * A JSON value's stored text, reshaped without being re-serialised: every number keeps the digits batpak wrote (`-3.0`
 * stays `-3.0`, a u64 keeps all 20 digits) and every object its keys in stored order. Parsing into JavaScript values
 * and printing them again would do neither (numbers become doubles; integer-like keys move to the front).
 */
import { applyEdits, createScanner, format, SyntaxKind, visit } from 'jsonc-parser';
import { isInteger } from 'lossless-json';
import { utf8OrUndefined } from './bytes';

/** A JSON value with every number exact: a number when that is exact (and for fractions, by value), else a bigint. */
export type ExactJson = null | boolean | string | number | bigint | ExactJson[] | { [key: string]: ExactJson };

export function parseNumberExact(text: string): number | bigint {
  if (!isInteger(text)) return Number(text);
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : BigInt(text);
}

/**
 * Parses strict JSON (no comments, no trailing commas, no duplicate keys) with exact numbers; undefined when the text
 * is not that, or nested too deeply to parse. jsonc-parser's scanner reads a 2 MB value in a tenth of the time
 * lossless-json takes, and hands over each number's text.
 */
export function parseExactJson(text: string): ExactJson | undefined {
  const open: Array<ExactJson[] | Record<string, ExactJson>> = [];
  let root: ExactJson | undefined;
  let key = '';
  let failed = false;
  const put = (value: ExactJson): void => {
    const parent = open[open.length - 1];
    if (!parent) root = value;
    else if (Array.isArray(parent)) parent.push(value);
    else if (Object.hasOwn(parent, key)) failed = true;
    // defineProperty: `__proto__` is a key like any other, not the object's prototype.
    else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  };
  const begin = (value: ExactJson[] | Record<string, ExactJson>): void => {
    put(value);
    open.push(value);
  };
  const end = (): void => void open.pop();
  try {
    visit(
      text,
      {
        onObjectBegin: () => begin({}),
        onObjectProperty: (property) => (key = property),
        onObjectEnd: end,
        onArrayBegin: () => begin([]),
        onArrayEnd: end,
        onLiteralValue: (value: unknown, offset, length) => put(typeof value === 'number' ? parseNumberExact(text.slice(offset, offset + length)) : (value as ExactJson)),
        onError: () => (failed = true),
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch {
    return undefined;
  }
  return failed ? undefined : root;
}

/** The value's text when it is JSON (strict UTF-8, strict JSON, no duplicate keys); undefined otherwise. */
export function jsonTextOf(bytes: Uint8Array): string | undefined {
  const text = bytes.length === 0 ? undefined : utf8OrUndefined(bytes);
  return text !== undefined && parseExactJson(text) !== undefined ? text : undefined;
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
