/** The selector flags of `ls` and `purge`: declared once, parsed by the core, exactly one at a time. */
import { Command, InvalidArgumentError } from 'commander';
import {
  CacheInputError,
  EVERY_ENTRY,
  groupLabel,
  NOT_FRESH,
  parseDuration,
  parseEntity,
  parseGroup,
  parsePrefixHex,
  parsePrefixText,
  printableKey,
  Selector,
  StoreView,
  ValueQuery,
  ValueQueryError,
} from '../core';
import { DURATION_UNITS, inputProblemText } from './inputProblems';

export interface SelectorFlags {
  prefix?: string;
  prefixHex?: string;
  entity?: string;
  group?: string;
  olderThan?: string;
  stale?: boolean;
  all?: boolean;
}

const FLAGS: Record<keyof SelectorFlags, string> = {
  prefix: '--prefix',
  prefixHex: '--prefix-hex',
  entity: '--entity',
  group: '--group',
  olderThan: '--older-than',
  stale: '--stale',
  all: '--all',
};

/** Commander keeps the last of repeated values silently; a repeated selector is more likely a mistake than a wish. */
export function once(flag: string) {
  return (value: string, previous: string | undefined): string => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} is given twice: pass it once.`);
    return value;
  };
}

/** The flags that select keys by name, shared by `ls` and `purge`. */
export function addKeyOptions(command: Command): Command {
  return command
    .option('--prefix <text>', 'keys starting with these UTF-8 bytes (a plain byte prefix: "account:1" also matches "account:10")', once('--prefix'))
    .option('--prefix-hex <hex>', 'keys starting with these bytes, in hex (0x and spaces allowed)', once('--prefix-hex'))
    .option('--entity <text>', "one entity's entries exactly (its bytes followed by 0x00)", once('--entity'));
}

/** Every selector flag: the key flags, a projection group, an age, freshness against the store, or everything. */
export function addSelectorOptions(command: Command): Command {
  return addKeyOptions(command)
    .option('--group <hash:schema[:kinds]>', 'one projection group: type hash and kinds hash in hex, schema in decimal (see stats --json)', once('--group'))
    .option('--older-than <duration>', 'entries cached more than this long ago, e.g. 90s, 15m, 2h, 7d', once('--older-than'))
    .option('--stale', 'every entry that is not fresh against the event store: stale, maybe-stale, ahead or of an unknown entity')
    .option('--all', 'every entry');
}

/** A duration flag's value in milliseconds; a bare number is refused with the flag's right form. */
export function durationFlag(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    if (!(error instanceof CacheInputError) || error.problem?.code !== 'duration-no-unit') throw error;
    const n = error.problem.input;
    throw new CacheInputError('bad-argument', `${flag} ${n} has no unit: write ${flag} ${n}s, ${flag} ${n}m or ${flag} ${n}ms, say (units: ${DURATION_UNITS}). A bare number is refused: it used to mean milliseconds.`);
  }
}

function nonEmpty(prefix: Buffer, flag: string): Buffer {
  // An empty prefix matches every entry: a script passing an empty variable must not purge the whole cache.
  if (prefix.length === 0) throw new CacheInputError('bad-selector', `${flag} is empty, which would match every entry. Pass a prefix, or --all to mean everything.`);
  return prefix;
}

/** Which selector flag is given, if any. More than one is an error. */
export function chosenSelector(flags: SelectorFlags): keyof SelectorFlags | undefined {
  const given = (Object.keys(FLAGS) as Array<keyof SelectorFlags>).filter((name) => flags[name] !== undefined && flags[name] !== false);
  if (given.length > 1) {
    throw new CacheInputError('bad-selector', `${given.map((name) => FLAGS[name]).join(' and ')} cannot be combined: pass exactly one selector.`);
  }
  return given[0];
}

/** The selector the flags name, or undefined when none is given. `--stale` needs the store. */
export function selectorFrom(flags: SelectorFlags, now = Date.now(), store?: StoreView): Selector | undefined {
  switch (chosenSelector(flags)) {
    case undefined:
      return undefined;
    case 'prefix':
      return { kind: 'prefix', prefix: nonEmpty(parsePrefixText(flags.prefix as string), '--prefix') };
    case 'prefixHex':
      return { kind: 'prefix', prefix: nonEmpty(parsePrefixHex(flags.prefixHex as string), '--prefix-hex') };
    case 'entity':
      return { kind: 'entity', entity: parseEntity(flags.entity as string) };
    case 'group':
      return parseGroup(flags.group as string);
    case 'olderThan':
      return { kind: 'olderThan', cutoffUs: BigInt(now - durationFlag('--older-than', flags.olderThan as string)) * 1000n };
    case 'stale':
      if (!store) throw new CacheInputError('bad-selector', '--stale needs the event store: pass --store DIR.');
      return { kind: 'freshness', states: NOT_FRESH, store };
    case 'all':
      return EVERY_ENTRY;
  }
}

/** `--where QUERY`: entries by what their value holds. */
export function addWhereOption(command: Command): Command {
  return command.option(
    '--where <query>',
    'only entries whose JSON value matches this MongoDB-style filter, e.g. \'{"balance_cents": {"$lt": 0}}\' or \'{"recent.kind": "0x2002"}\' (see docs/cli.md)',
    once('--where'),
  );
}

/** The query `--where` gives, or undefined; a query that does not parse is bad input, shown with where it went wrong. */
export function whereFrom(source: string | undefined): ValueQuery | undefined {
  if (source === undefined) return undefined;
  try {
    return ValueQuery.parse(source);
  } catch (error) {
    if (!(error instanceof ValueQueryError) || error.position === undefined) throw error;
    // One character a column: line breaks and tabs shown as spaces keep the caret under the character it points to.
    // eslint-disable-next-line no-control-regex
    const shown = source.replace(/[\u0000-\u001f\u007f]/g, ' ');
    throw new CacheInputError('bad-selector', `--where: ${inputProblemText(error.query)}\n  ${shown}\n  ${' '.repeat(error.position)}^`);
  }
}

/** What a selector selects, in words: `every entry of entity "user:42"`. */
export function selectorText(selector: Selector): string {
  switch (selector.kind) {
    case 'prefix':
      return selector.prefix.length === 0 ? 'every entry' : `entries whose key starts with ${printableKey(selector.prefix)}`;
    case 'entity':
      return `every entry of entity ${printableKey(selector.entity)}`;
    case 'entry':
      return `the entry ${selector.path}`;
    case 'paths':
      return selector.paths.size === 1 ? 'the entry chosen' : `the ${selector.paths.size} entries chosen`;
    case 'shard':
      return `every entry in shard ${selector.shard}`;
    case 'group':
      return `every entry of projection group ${groupLabel(selector.typeHash, selector.schemaVersion, selector.kindsHash)}`;
    case 'olderThan':
      return `entries cached before ${new Date(Number(selector.cutoffUs / 1000n)).toISOString()}`;
    case 'freshness':
      return `entries that are ${selector.states.join(', ')} against the store ${selector.store.dir}`;
    case 'cachedAge':
      return `entries cached ${selector.fromMs} ms${selector.toMs === null ? ' or more' : ` to ${selector.toMs} ms`} before ${new Date(selector.now).toISOString()}`;
    case 'audit':
      return `the audit class ${selector.auditClass}`;
  }
}
