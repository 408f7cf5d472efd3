/**
 * Structural comparison of two JSON texts, by value: object key order does not matter, numbers compare by their exact
 * decimal value (a u64 to the last digit; `1.0` equals `1`, `1e2` equals `100`), strings by their decoded text. What
 * differs is reported at a JSON path with the exact text found on each side. For `diff`, the extension's diff editor
 * and replay checks: `firstDifference` says where a projection stopped agreeing.
 */
import { Node, parseTree, ParseError } from 'jsonc-parser';
import { compactJsonText } from './jsonText';

export type JsonPath = Array<string | number>;

export interface JsonDifference {
  /** Where, as keys and array indices from the root ([] = the whole value). */
  path: JsonPath;
  /** The JSON text at `path` on each side, compact and exactly as stored; undefined where the side has nothing. */
  a?: string;
  b?: string;
}

/** The path as an RFC 6901 JSON Pointer: `/recent/0/kind`, `""` for the whole value. */
export function jsonPointer(path: JsonPath): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Every difference, in the order of `a`'s keys (then `b`'s new ones), at most `limit`. Both texts must be JSON. */
export function jsonDifferences(a: string, b: string, limit = Infinity): JsonDifference[] {
  const found: JsonDifference[] = [];
  if (limit <= 0) return found;
  for (const difference of differences(tree(a), tree(b), a, b, [])) {
    found.push(difference);
    if (found.length >= limit) break;
  }
  return found;
}

/** The first difference, or undefined when the two JSON texts hold the same value. */
export function firstDifference(a: string, b: string): JsonDifference | undefined {
  return jsonDifferences(a, b, 1)[0];
}

/** How many differences there are in all (the walk keeps none of them). */
export function countJsonDifferences(a: string, b: string): number {
  let count = 0;
  for (const _ of differences(tree(a), tree(b), a, b, [])) count++;
  return count;
}

function tree(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (!root || errors.length > 0) throw new TypeError('not a JSON text');
  return root;
}

const textOf = (node: Node, source: string): string => compactJsonText(source.slice(node.offset, node.offset + node.length));

function* differences(a: Node, b: Node, aText: string, bText: string, path: JsonPath): Generator<JsonDifference> {
  if (a.type !== b.type) {
    yield { path, a: textOf(a, aText), b: textOf(b, bText) };
    return;
  }
  if (a.type === 'object') {
    const aMembers = members(a);
    const bMembers = members(b);
    for (const [key, value] of aMembers) {
      const other = bMembers.get(key);
      if (other) yield* differences(value, other, aText, bText, [...path, key]);
      else yield { path: [...path, key], a: textOf(value, aText) };
    }
    for (const [key, value] of bMembers) if (!aMembers.has(key)) yield { path: [...path, key], b: textOf(value, bText) };
    return;
  }
  if (a.type === 'array') {
    const aItems = a.children ?? [];
    const bItems = b.children ?? [];
    for (let i = 0; i < Math.max(aItems.length, bItems.length); i++) {
      if (i >= bItems.length) yield { path: [...path, i], a: textOf(aItems[i], aText) };
      else if (i >= aItems.length) yield { path: [...path, i], b: textOf(bItems[i], bText) };
      else yield* differences(aItems[i], bItems[i], aText, bText, [...path, i]);
    }
    return;
  }
  const same = a.type === 'number' ? compareJsonNumbers(textOf(a, aText), textOf(b, bText)) === 0 : a.value === b.value;
  if (!same) yield { path, a: textOf(a, aText), b: textOf(b, bText) };
}

/** An object node's members by key (decoded), in stored order. Duplicate keys make the text no JSON value of ours. */
function members(node: Node): Map<string, Node> {
  const map = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    if (map.has(key.value)) throw new TypeError(`duplicate key ${JSON.stringify(key.value)}`);
    map.set(key.value, value);
  }
  return map;
}

interface Decimal {
  negative: boolean;
  /** Significant digits, no leading or trailing zeros; '' for zero. */
  digits: string;
  /** The value is digits × 10^exponent. */
  exponent: number;
}

function decimal(text: string): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) throw new TypeError(`not a JSON number: ${text}`);
  const fraction = match[3] ?? '';
  const all = (match[2] + fraction).replace(/^0+/, '');
  const digits = all.replace(/0+$/, '');
  if (digits === '') return { negative: false, digits: '', exponent: 0 };
  return { negative: match[1] === '-', digits, exponent: Number(match[4] ?? 0) - fraction.length + (all.length - digits.length) };
}

/** Compares two JSON number texts by their exact decimal value: -1, 0 or 1. */
export function compareJsonNumbers(a: string, b: string): number {
  const x = decimal(a);
  const y = decimal(b);
  const sign = (d: Decimal): number => (d.digits === '' ? 0 : d.negative ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) < sign(y) ? -1 : 1;
  if (sign(x) === 0) return 0;
  // Same sign: compare magnitudes, first by the position of the leading digit, then digit by digit.
  const lead = (d: Decimal): number => d.digits.length + d.exponent;
  let order = lead(x) === lead(y) ? 0 : lead(x) < lead(y) ? -1 : 1;
  if (order === 0) {
    const width = Math.max(x.digits.length, y.digits.length);
    const [p, q] = [x.digits.padEnd(width, '0'), y.digits.padEnd(width, '0')];
    order = p === q ? 0 : p < q ? -1 : 1;
  }
  return x.negative && order !== 0 ? -order : order;
}
