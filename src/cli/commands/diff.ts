/**
 * `batpak-cache diff <a.bin> <b.bin>`: a unified diff of two cached values (pretty JSON, exact, keys in stored order),
 * their trailer facts in the header lines; `--json` lists the changed JSON paths with both values. Exit codes as
 * diff(1): 0 the same value, 1 different, 2 bad input (nothing compared).
 */
import * as path from 'node:path';
import { Command } from 'commander';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import {
  CacheInputError,
  cachedAtMs,
  compareValues,
  countJsonDifferences,
  GroupNames,
  groupLabel,
  InspectedFile,
  isPartialValue,
  jsonDifferences,
  jsonObjectText,
  jsonPointer,
  prettyJsonText,
  recordToJson,
  ValueComparison,
  VALUE_WINDOW,
  withRawMember,
} from '../../core';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { formatBytes } from '../locale';
import { safe, write } from '../output';
import { inspect } from './show';

/** Changes listed in `--json` (all are counted). */
const LISTED_CHANGES = 1000;
/** jsdiff gives up on two texts this different after this long: the header and a note are printed instead. */
const DIFF_TIMEOUT_MS = 10_000;

export function registerDiff(program: Command): void {
  const command = program
    .command('diff')
    .description('compare the values of two cache files: a unified diff of their pretty JSON (exit 0 same, 1 different, 2 bad input)')
    .argument('<a>', 'a cache file, e.g. <root>/61/6163….bin')
    .argument('<b>', 'the file to compare it with (of the same root or another)');
  addNamesOption(command)
    .option('--json', 'print one JSON object: both files as ls --json gives them, and the changed JSON paths with both values (see docs/cli.md)')
    .action(async (a: string, b: string, flags: NamesFlags & { json?: boolean }) => {
      const [left, right] = await Promise.all([valueOf(a), valueOf(b)]);
      const names = loadNames(flags, path.dirname(path.dirname(path.resolve(a))));
      const comparison = compareValues(left.value as Buffer, right.value as Buffer);
      if (comparison.as !== 'json') process.stderr.write(`diff: compared as ${comparison.as === 'text' ? 'text: a value is not JSON' : 'hex dumps: a value is not UTF-8 text'}\n`);
      if (flags.json) await write(`${prettyJsonText(diffJson(left, right, comparison, names))}\n`);
      else await writeUnified(left, right, comparison, names);
      process.exitCode = comparison.same ? 0 : 1;
    });
}

/** A file with a whole value, or bad input (exit 2, as diff(1) says trouble). */
async function valueOf(file: string): Promise<InspectedFile> {
  let inspected: InspectedFile;
  try {
    inspected = await inspect(file);
  } catch (error) {
    if (error instanceof CacheInputError) throw error;
    throw new CacheInputError('bad-argument', `${path.resolve(file)} cannot be read: ${(error as Error).message}`);
  }
  const record = inspected.record;
  if (!inspected.value) throw new CacheInputError('bad-argument', `${path.resolve(file)} has no value: it is ${record.kind === 'entry' ? `${record.status} (${record.problem})` : record.kind}.`);
  if (isPartialValue(inspected)) {
    throw new CacheInputError('bad-argument', `${path.resolve(file)} holds a value of ${formatBytes(inspected.valueLength)}: diff reads at most ${formatBytes(VALUE_WINDOW)} of a value. Compare the files with cmp.`);
  }
  return inspected;
}

/** The header facts of one side: `wm 338 · cached 2026-04-17T09:12:03.000Z · group 162e…:0:3205… (CounterState)`. */
function facts(inspected: InspectedFile, names: GroupNames): string {
  const record = inspected.record;
  if (record.kind !== 'entry') return `${record.kind} file`;
  const parts: string[] = [];
  const t = record.trailer;
  if (t) {
    const cachedAt = cachedAtMs(t);
    parts.push(`wm ${t.watermark}`, `cached ${cachedAt === undefined ? `${t.cachedAtUs} µs (implausible)` : new Date(cachedAt).toISOString()}`);
  }
  const key = record.key;
  if (key.typeHash !== undefined && key.schemaVersion !== undefined) {
    const name = names.nameOf(key);
    parts.push(`group ${groupLabel(key.typeHash, key.schemaVersion, key.kindsHash)}${name === undefined ? '' : ` (${safe(name)})`}`);
  } else parts.push('raw key');
  return parts.join(' · ');
}

async function writeUnified(left: InspectedFile, right: InspectedFile, comparison: ValueComparison, names: GroupNames): Promise<void> {
  if (comparison.a === comparison.b) return;
  const options = { context: 3, headerOptions: FILE_HEADERS_ONLY, timeout: DIFF_TIMEOUT_MS };
  const files = [`a/${safe(left.record.path)}`, `b/${safe(right.record.path)}`];
  const patch = createTwoFilesPatch(files[0], files[1], `${comparison.a}\n`, `${comparison.b}\n`, facts(left, names), facts(right, names), options);
  if (patch === undefined) {
    await write(`--- ${files[0]}\t${facts(left, names)}\n+++ ${files[1]}\t${facts(right, names)}\n`);
    process.stderr.write(`diff: the values differ too much to be compared line by line within ${DIFF_TIMEOUT_MS / 1000} s; try --json\n`);
    return;
  }
  await write(patch);
  if (comparison.same) process.stderr.write('diff: the same JSON value: only key order or number notation differ\n');
}

/** The --json document, as compact text: the changes embed each side's JSON text exactly as stored. */
function diffJson(left: InspectedFile, right: InspectedFile, comparison: ValueComparison, names: GroupNames): string {
  const head = {
    same: comparison.same,
    comparedAs: comparison.as,
    a: recordToJson(left.record, names),
    b: recordToJson(right.record, names),
    changeCount: comparison.json ? countJsonDifferences(comparison.json.a, comparison.json.b) : null,
  };
  if (!comparison.json) return JSON.stringify({ ...head, changes: null });
  const changes = jsonDifferences(comparison.json.a, comparison.json.b, LISTED_CHANGES).map((change) =>
    jsonObjectText([
      ['path', JSON.stringify(jsonPointer(change.path))],
      ['a', change.a],
      ['b', change.b],
    ]),
  );
  return withRawMember(head, 'changes', `[${changes.join(',')}]`);
}
