/**
 * Export: NDJSON, one line an entry in path order, the `ls --json` object plus the value. A JSON value is embedded as
 * its stored text made compact (every number as written: `-3.0` stays `-3.0`), any other value as `valueHex`. Entries
 * are read one at a time (see scanValues), so memory stays bounded whatever the root's size.
 */
import { GroupNames } from './groupNames';
import { compactJsonText, jsonTextOf, withRawMember } from './jsonText';
import { recordToJson } from './record';
import { EntryContent } from './inspect';
import { scanValues, ValueScanOptions } from './rootScan';

export interface ExportOptions extends ValueScanOptions {
  /** Names the `projection` member of each line. */
  names?: GroupNames;
}

/** The export's lines, each ending in `\n`: temp and foreign files are never exported, corrupt entries are. */
export async function* exportLines(root: string, options: ExportOptions = {}): AsyncGenerator<string> {
  for await (const content of scanValues(root, options)) yield exportLine(content, options.names);
}

/**
 * One entry's line. `value`: the JSON value; else `valueHex`: the value's bytes in hex (`null` for an entry without a
 * trailer, and only the first VALUE_WINDOW bytes, with `valueTruncated: true`, of a longer value).
 */
export function exportLine(content: EntryContent, names?: GroupNames): string {
  const json = recordToJson(content.record, names);
  const { value, valueLength } = content;
  const truncated = value !== null && value.length < valueLength;
  const text = value === null || truncated ? undefined : jsonTextOf(value);
  if (text !== undefined) return `${withRawMember(json, 'value', compactJsonText(text))}\n`;
  return `${JSON.stringify({ ...json, valueHex: value && value.toString('hex'), ...(truncated ? { valueTruncated: true } : {}) })}\n`;
}
