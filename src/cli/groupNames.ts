/**
 * `--names FILE` and the settings file the extension reads: where the CLI finds projection group names. A names file
 * is a JSON object `{ "TYPEHASH:SCHEMA[:KINDS]": "Name" }`, or a VS Code settings.json (comments allowed) holding
 * `batpakCache.groupNames`. Without `--names`, the nearest `.vscode/settings.json` above the root that holds
 * `batpakCache.groupNames` is used; `--no-names` turns that off.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';
import { CacheInputError, errorCode, GroupNameProblem, GroupNames } from '../core';
import { errorText, inputProblemText } from './inputProblems';
import { safe } from './output';
import { once } from './selection';

export interface NamesFlags {
  /** A file, or false for --no-names. */
  names?: string | false;
}

const SETTING = 'batpakCache.groupNames';

export function addNamesOption(command: Command): Command {
  return command
    .option(
      '--names <file>',
      `projection group names: a JSON file of {"TYPEHASH:SCHEMA[:KINDS]": "Name"} or a VS Code settings.json holding ${SETTING} (default: the nearest .vscode/settings.json above the root that holds ${SETTING})`,
      once('--names'),
    )
    .option('--no-names', 'show no group names (and look for no settings file)');
}

/** The text of a JSON or settings file as an object: its `batpakCache.groupNames` member when it has one. */
function readMap(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new CacheInputError('bad-argument', `The names file ${file} ${code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`}: pass a JSON file of group names.`);
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    const line = text.slice(0, offset).split('\n').length;
    const column = offset - text.lastIndexOf('\n', offset - 1);
    throw new CacheInputError('bad-argument', `The names file ${file} is not JSON: ${printParseErrorCode(error)} at line ${line}, column ${column}.`);
  }
  return value !== null && typeof value === 'object' && Object.hasOwn(value, SETTING) ? (value as Record<string, unknown>)[SETTING] : value;
}

function describe(problem: GroupNameProblem): string {
  if (problem.problem === 'bad-name') return `the name of "${safe(problem.key)}" is not a non-empty string`;
  return `"${safe(problem.key)}" is not a group${problem.detail ? `: ${inputProblemText(problem.detail)}` : ''}`;
}

/** The nearest `.vscode/settings.json` at or above `dir` that holds batpakCache.groupNames. */
function settingsAbove(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const file = path.join(at, '.vscode', 'settings.json');
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes(SETTING) && Object.hasOwn(parse(text) ?? {}, SETTING)) return file;
    } catch {
      // No readable settings here: look further up.
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * The names the flags ask for, for a root (or a file) at `near`. A bad `--names` file is bad input; problems in a
 * settings file found on the way are reported on stderr and the rest of its names used.
 */
export function loadNames(flags: NamesFlags, near: string): GroupNames {
  if (flags.names === false) return GroupNames.NONE;
  const file = flags.names ?? settingsAbove(near);
  if (file === undefined) return GroupNames.NONE;
  let read: ReturnType<typeof GroupNames.fromMap>;
  try {
    read = GroupNames.fromMap(readMap(file));
  } catch (error) {
    if (flags.names !== undefined || !(error instanceof CacheInputError)) throw error;
    process.stderr.write(`names: ignoring ${safe(file)}: ${errorText(error)}\n`);
    return GroupNames.NONE;
  }
  const { names, problems } = read;
  if (flags.names !== undefined && problems.length > 0) throw new CacheInputError('bad-argument', `The names file ${file}: ${describe(problems[0])}.`);
  if (flags.names === undefined) process.stderr.write(`names: using ${safe(file)}\n`);
  for (const problem of problems) process.stderr.write(`names: ignoring ${describe(problem)}\n`);
  return names;
}
