/** The core's input problems (errors.ts) in the CLI's words: English, naming the flags that fix them. */
import { CacheInputError, InputProblem } from '../core';

/** `store`: how the command takes the event store, `--store DIR` (most) or its `<store-dir>` argument (`events`). */
export function inputProblemText(problem: InputProblem, store: StoreGiven = 'flag'): string {
  switch (problem.code) {
    case 'key-too-long':
      return `The ${problem.what} is ${problem.bytes} bytes long; no cached key is longer than ${problem.max} bytes, so it can match nothing. Shorten it.`;
    case 'prefix-not-hex':
      return `The hex prefix "${problem.input}" has characters other than 0-9 and a-f. Use --prefix for text.`;
    case 'prefix-odd-digits':
      return `The hex prefix "${problem.input}" has an odd number of digits (${problem.digits}): keys are whole bytes, two hex digits each.`;
    case 'entity-empty':
      return 'The entity is empty: name the entity, e.g. --entity user:42.';
    case 'shard-not-hex':
      return `The shard "${problem.input}" is not two hex digits (00 to ff).`;
    case 'group-form':
      return `The group "${problem.input}" must be TYPEHASH:SCHEMA or TYPEHASH:SCHEMA:KINDSHASH, e.g. --group 0x7ead8a246153a00b:0.`;
    case 'hash-not-hex':
      return `The ${problem.what === 'type-hash' ? 'type hash' : 'kinds hash'} "${problem.input}" is not a 64-bit hex number (up to 16 hex digits).`;
    case 'schema-not-u64':
      return `The schema version "${problem.input}" is not a decimal u64.`;
    case 'duration-not-understood':
      return `The duration "${problem.input}" is not understood: use a number with a unit, e.g. 90s, 15m, 2h or 7d.`;
    case 'duration-no-unit':
      return `The duration "${problem.input}" has no unit: write ${problem.input}s, ${problem.input}m or ${problem.input}ms, say (units: ${DURATION_UNITS}).`;
    case 'duration-too-long':
      return `The duration "${problem.input}" is too long: more than a century.`;
    case 'root-empty':
      return 'The cache root is empty: pass the directory given to Store::open_with_native_cache.';
    case 'root-missing':
      return `${problem.path} does not exist: check the path of the cache root.`;
    case 'root-is-file':
      return `${problem.path} is a file, not a directory: pass the cache root directory (it holds shard directories such as 00/ … ff/).`;
    case 'root-unreadable':
      return `${problem.path} cannot be read (permission denied): run as the user that owns the cache.`;
    case 'root-refused':
      return `Refusing to change ${problem.path}: it is ${problem.what === 'home' ? 'your home directory' : 'the file system root'}, not a cache root. Pass the cache directory itself.`;
    case 'store-missing':
      return `The store directory ${problem.dir} does not exist: ${storeFix(store)} (it holds NNNNNN.fbat segment files).`;
    case 'store-is-file':
      return `The store directory ${problem.dir} is a file, not a store directory: ${storeFix(store)} (it holds NNNNNN.fbat segment files).`;
    case 'store-unreadable':
      return `The store directory ${problem.dir} cannot be read (${isDenied(problem.reason) ? 'permission denied' : problem.reason}): ${storeFix(store)} (it holds NNNNNN.fbat segment files).`;
    case 'store-without-segments':
      return `${problem.dir} holds no batpak segment files (NNNNNN.fbat): ${storeFix(store)}, the one the service gives Store::open.`;
    case 'not-an-entry':
      return `${problem.path} is not a cache entry (<root>/<shard>/<hex key>.bin).`;
    case 'fixture-too-large':
      return `${problem.path} is larger than ${problem.max} bytes: too large for a fixture.`;
    case 'not-a-fixture':
      return 'Not a cache entry fixture: expected { "batpakCacheEntry": 1, "path": "<shard>/<keyHex>.bin", "keyHex", "fileHex" }.';
    case 'clean-needs-store':
      return `Cleaning up ${problem.classes.join(' or ')} needs the event store the audit judged against: pass --store DIR.`;
    case 'export-target':
      return `Cannot export to ${problem.file} (${problem.reason}).`;
    case 'names-not-object':
      return 'Group names must be a JSON object of "TYPEHASH:SCHEMA[:KINDS]": "Name" members.';
    case 'replayer-empty':
      return 'The replayer command is empty: pass --replayer "CMD ARGS…", e.g. --replayer "node examples/replayer/demo-replayer.mjs".';
    case 'replayer-shell-syntax':
      return `The replayer command "${problem.input}" uses shell syntax (pipes, redirections or globs); it runs without a shell: name a program and its arguments in --replayer.`;
    case 'map-form':
      return `"${problem.input}" must be TYPEHASH:SCHEMA=NAME, e.g. --map 0x162e1d7de073120e:0=CounterState.`;
    case 'query-not-json':
      return `The query is not JSON: ${problem.detail}.`;
    case 'query-not-object':
      return 'The query must be a JSON object, e.g. {"balance_cents": {"$lt": 0}} or {"recent.kind": "0x2002"}.';
    case 'query-not-understood':
      return `The query is not understood: ${problem.detail}.`;
  }
}

/** The units a duration takes, as they are written. */
export const DURATION_UNITS = 'ms, s, m or min, h, d, w';

type StoreGiven = 'flag' | 'argument';

const storeFix = (store: StoreGiven): string => `pass ${store === 'flag' ? '--store with ' : ''}the store's data directory`;

const isDenied = (reason: string): boolean => reason === 'EACCES' || reason === 'EPERM';

/** What an error says on stderr: a core problem in these words, anything else as it is. */
export function errorText(error: unknown): string {
  if (error instanceof CacheInputError && error.problem) return inputProblemText(error.problem);
  return error instanceof Error ? error.message : String(error);
}
