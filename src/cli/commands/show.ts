/** `batpak-cache show <file>`: one cache file in full: key anatomy, trailer, status and value. */
import * as path from 'node:path';
import { Command } from 'commander';
import {
  CacheInputError,
  cachedAtMs,
  decodeValue,
  describeKey,
  EntryProblem,
  EntryRecord,
  EntryWarning,
  errorCode,
  GroupNames,
  hexDumpLines,
  InspectedFile,
  inspectFile,
  isPartialValue,
  isPrintable,
  jsonDamage,
  JsonDamage,
  jsonTextOf,
  keyToJson,
  prettyJsonText,
  recordToJson,
  shardOf,
  trailerSize,
  VALUE_WINDOW,
} from '../../core';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { formatBytes } from '../locale';
import { fields, formatInstant, safe, write, writeLines } from '../output';
import { addStoreOption } from '../store';
import { eventsAfterWatermark, renderWatermarkEvents, WatermarkEvents, watermarkEventsJson } from './showStore';

export function registerShow(program: Command): void {
  const command = program
    .command('show')
    .description('show one cache file: key anatomy, trailer, status and value')
    .argument('<file>', 'a file inside a cache root, e.g. <root>/61/6163….bin');
  addStoreOption(addNamesOption(command), "adds its freshness and the entity's events after its watermark")
    .option('--json', 'print one JSON object: the ls --json object plus the value (see docs/cli.md)')
    .action(async (file: string, flags: NamesFlags & { json?: boolean; store?: string }) => {
      const inspected = await inspect(file);
      const names = loadNames(flags, path.dirname(path.dirname(path.resolve(file))));
      const events = flags.store === undefined ? undefined : await eventsAfterWatermark(inspected, path.resolve(file), flags.store);
      if (flags.json) return writeShowJson(inspected, names, events);
      const record = inspected.record;
      const key = record.kind === 'entry' ? record : undefined;
      const storeLines = events ? ['', ...renderWatermarkEvents(events, key?.key.entity?.toString('hex'), key?.trailer?.watermark)] : [];
      await writeLines([...render(inspected, path.resolve(file), names), ...storeLines]);
    });
}

export async function inspect(file: string): Promise<InspectedFile> {
  try {
    return await inspectFile(file);
  } catch (error) {
    const code = errorCode(error);
    const problem =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'does not exist: check the path'
        : code === 'ELOOP'
          ? 'is a symbolic link: show never follows links, pass the file it points to'
          : code === 'ENOTREG'
            ? 'is not a regular file: pass a cache file such as <root>/61/6163….bin'
            : code === 'EACCES' || code === 'EPERM'
              ? 'cannot be read (permission denied): run as the user that owns the cache'
              : undefined;
    if (!problem) throw error;
    throw new CacheInputError('bad-argument', `${path.resolve(file)} ${problem}.`);
  }
}

/** Bytes of value per piece of valueHex written: the hex of a 16 MiB value is 32 MB of text, never held whole. */
const HEX_PIECE = 1024 * 1024;

async function writeShowJson(inspected: InspectedFile, names: GroupNames, events: WatermarkEvents | undefined): Promise<void> {
  const value = inspected.value;
  // --store's fields close the object: their payloads are exact JSON text, put in as they are.
  const close = (text: string): string => (events ? `${text.slice(0, text.lastIndexOf('}')).trimEnd()},\n  ${watermarkEventsJson(events)}\n}` : text);
  const hole = '\u0000valueHex\u0000';
  const [before, after] = JSON.stringify(toJson(inspected, hole, names), null, 2).split(JSON.stringify(hole));
  if (!value || after === undefined) return write(`${close(JSON.stringify(toJson(inspected, null, names), null, 2))}\n`);
  await write(`${before}"`);
  for (let at = 0; at < value.length; at += HEX_PIECE) await write(value.subarray(at, at + HEX_PIECE).toString('hex'));
  await write(`"${close(after)}\n`);
}

/** The show --json object, with `valueHex` standing for the value's hex (written in pieces). */
function toJson(inspected: InspectedFile, valueHex: string | null, names: GroupNames): object {
  const { record, value } = inspected;
  const partial = isPartialValue(inspected);
  const decoded = value && !partial ? decodeValue(value) : null;
  const damage = decoded && damageOf(inspected);
  return {
    ...recordToJson(record, names),
    valueHex: value ? valueHex : null,
    valueTruncated: partial,
    value: partial ? { format: 'too-large', json: null } : decoded ? { format: decoded.format, json: decoded.json, invalidJson: damage ?? null } : null,
  };
}

const PROBLEMS: Record<EntryProblem, string> = {
  'too-short': 'under 16 bytes, too short for a trailer: batpak deletes it on read and replays (repair removes it)',
  unreadable: 'cannot be read (permission denied)',
  'wrong-shard': 'in the wrong shard directory: batpak never reads it (repair removes it)',
};

const WARNINGS: Record<EntryWarning, string> = {
  'cached-at-implausible': 'cached-at is outside 2000-2200: the trailer is probably damaged (batpak still reads it)',
  'boot-after-cached-at': 'the writing process booted after cached-at: the trailer is probably damaged',
  'key-layout-mismatch': "the key layout does not match the trailer's batpak version (a v2 entry that lost its magic?)",
  'magic-in-legacy-entry': 'the value ends in the v2 magic, but batpak <= 0.6.0 wrote this root and reads the file as v1',
};

const LAYOUTS = {
  k1: 'k1: entity, 0x00, type hash, schema version (batpak 0.3.0-0.6.0)',
  k2: 'k2: entity, 0x00, type hash, schema version, kinds hash (batpak 0.6.x-0.10.x)',
  raw: 'raw: not a Store::project key (written through NativeCache::put)',
};

function render(inspected: InspectedFile, file: string, names: GroupNames, now = Date.now()): string[] {
  const record = inspected.record;
  const lines = [safe(record.path)];
  if (record.kind === 'temp') {
    lines.push(
      ...fields(
        [
          ['Kind', 'temp file: a write in progress, or the orphan of a killed writer (repair removes old ones)'],
          ['Size', formatBytes(record.size)],
          ['Modified', formatInstant(record.mtimeMs, now)],
        ],
        '  ',
      ),
    );
  } else if (record.kind === 'claim') {
    const back = record.entryPath === null ? 'its name does not say which entry it was: repair deletes it' : `repair puts it back as ${safe(record.entryPath)}`;
    lines.push(
      ...fields(
        [
          ['Kind', `an entry claimed by a removal that was interrupted: batpak cannot see it under this name (${back})`],
          ['Size', formatBytes(record.size)],
          ['Modified', formatInstant(record.mtimeMs, now)],
        ],
        '  ',
      ),
    );
  } else if (record.kind === 'foreign') {
    lines.push(...fields([['Kind', `foreign file (${record.reason}): not batpak's, batpak ignores it`], ['Size', formatBytes(record.size)]], '  '));
  } else {
    lines.push(...renderEntry(record, names, now));
  }
  return [...lines, '', ...renderValue(record.kind === 'entry' ? 'Value' : 'Content', inspected, file)];
}

function renderEntry(record: EntryRecord, names: GroupNames, now: number): string[] {
  const t = record.trailer;
  const status = record.problem ? `${record.status}: ${PROBLEMS[record.problem]}` : record.status;
  const wrongShard = record.problem === 'wrong-shard' ? ` (expected ${shardOf(record.keyHex)}/)` : '';
  const size = t ? `${formatBytes(record.size)} = value ${formatBytes(record.valueLength ?? 0)} + ${t.format} trailer ${trailerSize(t.format)} B` : formatBytes(record.size);
  const key = keyToJson(record.key);
  const keyBytes = Buffer.from(record.keyHex, 'hex');
  const name = names.nameOf(record.key);
  const warnings = record.warnings.map((w, i): [string, string] => [i === 0 ? 'Warnings' : '', WARNINGS[w]]);
  const lines = [
    ...fields([['Status', status + wrongShard], ['Size', size], ...warnings], '  '),
    '',
    `Key (${keyBytes.length} bytes)`,
    ...fields(
      [
        ['Layout', LAYOUTS[key.layout]],
        [key.layout === 'raw' ? 'Reads as' : 'Entity', keyBytes.length === 0 ? '(empty key)' : safe(describeKey(keyBytes, record.key))],
        ['Entity hex', key.entityHex ?? undefined],
        ['Type hash', key.typeHash ?? undefined],
        ['Schema', key.schemaVersion ?? undefined],
        ['Kinds hash', key.kindsHash ?? undefined],
        ['Projection', name === undefined ? undefined : safe(name)],
        ['Key hex', record.keyHex || undefined],
      ],
      '  ',
    ),
  ];
  if (!t) return lines;
  const cachedAt = cachedAtMs(t);
  return [
    ...lines,
    '',
    `Trailer (${t.format}, ${trailerSize(t.format)} bytes)`,
    ...fields(
      [
        ['Watermark', t.watermark.toString()],
        ['Cached at', cachedAt === undefined ? `${t.cachedAtUs} µs since the epoch: implausible, the trailer is probably damaged` : formatInstant(cachedAt, now)],
        ['Monotonic', t.cachedAtMonoNs === undefined ? undefined : t.cachedAtMonoNs === 0n ? 'none' : `${t.cachedAtMonoNs} ns`],
        ['Process boot', t.processBootNs === undefined ? undefined : `${t.processBootNs} ns since the epoch (${new Date(Number(t.processBootNs / 1_000_000n)).toISOString()})`],
      ],
      '  ',
    ),
  ];
}

/** Hex dumps stop here on a terminal; --json carries the whole value. */
const HEX_LINES = 32;

function renderValue(title: string, inspected: InspectedFile, file: string): string[] {
  const value = inspected.value;
  if (!value) return [`${title}: none (no trailer, so no value)`];
  if (isPartialValue(inspected)) {
    const rest = inspected.valueLength - HEX_LINES * 16;
    return [
      `${title} (${formatBytes(inspected.valueLength)}, not decoded: show reads only the first ${formatBytes(VALUE_WINDOW)} of a value)`,
      ...hexDumpLines(value, 0, HEX_LINES),
      `… ${formatBytes(rest)} more (show --json has the first ${formatBytes(VALUE_WINDOW)} in valueHex; all of it: xxd -l ${inspected.valueLength} '${safe(file).replace(/'/g, "'\\''")}' | less)`,
    ];
  }
  const decoded = decodeValue(value);
  const damage = damageOf(inspected);
  const head = `${title} (${formatBytes(value.length)}, ${decoded.format})${damage ? `: ${damageText(damage)}` : ''}`;
  if (decoded.format === 'empty') return [head];
  if (decoded.format === 'json') return [head, prettyJsonText(jsonTextOf(value) as string)];
  // Text is printed as is only when it holds no control characters besides line breaks and tabs.
  if (decoded.text !== null && isPrintable(decoded.text.replace(/[\n\r\t]/g, ''))) return [head, decoded.text];
  const dump = hexDumpLines(value, 0, HEX_LINES);
  const rest = value.length - HEX_LINES * 16;
  return [head, ...dump, ...(rest > 0 ? [`… ${formatBytes(rest)} more (show --json has the whole value in valueHex)`] : [])];
}

/** Whether an entry's value that should be JSON (a projection's, or one starting with { or [) does not parse. */
function damageOf({ record, value }: InspectedFile): JsonDamage | undefined {
  return value && record.kind === 'entry' ? jsonDamage(value, record.key.layout !== 'raw') : undefined;
}

function damageText(damage: JsonDamage): string {
  const where = damage.offset === null ? '' : ` (parsing fails at byte ${damage.offset})`;
  return `not valid JSON${where}: batpak's get would fail to decode it and replay the projection`;
}
