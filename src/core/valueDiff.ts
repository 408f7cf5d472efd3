/**
 * Two values side by side, as a text diff wants them: pretty JSON when both are JSON (exact numbers, keys in stored
 * order), else the text when both are UTF-8, else hex dumps. For `batpak-cache diff` and the extension's diff editor.
 */
import { utf8OrUndefined } from './bytes';
import { firstDifference } from './jsonCompare';
import { jsonTextOf, prettyJsonText } from './jsonText';
import { hexDumpLines } from './value';

export type ComparedAs = 'json' | 'text' | 'hex';

export interface ValueComparison {
  as: ComparedAs;
  /** Each side as compared: pretty JSON, the text itself, or hex dump lines (`offset  hex  |ascii|`). */
  a: string;
  b: string;
  /** The same value: equal as JSON values (key order and number notation aside), otherwise equal byte for byte. */
  same: boolean;
  /** Both stored JSON texts, for jsonDifferences; only when `as` is `json`. */
  json?: { a: string; b: string };
}

export function compareValues(a: Uint8Array, b: Uint8Array): ValueComparison {
  const aJson = jsonTextOf(a);
  const bJson = jsonTextOf(b);
  if (aJson !== undefined && bJson !== undefined) {
    return { as: 'json', a: prettyJsonText(aJson), b: prettyJsonText(bJson), same: firstDifference(aJson, bJson) === undefined, json: { a: aJson, b: bJson } };
  }
  const same = Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
  const aText = utf8OrUndefined(a);
  const bText = utf8OrUndefined(b);
  if (aText !== undefined && bText !== undefined) return { as: 'text', a: aText, b: bText, same };
  return { as: 'hex', a: hexDumpLines(a).join('\n'), b: hexDumpLines(b).join('\n'), same };
}
