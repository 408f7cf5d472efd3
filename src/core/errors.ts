/**
 * What was wrong with the input, as facts: the core never words it, because the words depend on the surface (the CLI
 * names its flags, the extension its input boxes, in the display language). `input` is what was typed, clipped.
 */
export type InputProblem =
  | { code: 'key-too-long'; what: 'prefix' | 'entity'; bytes: number; max: number }
  | { code: 'prefix-not-hex'; input: string }
  | { code: 'prefix-odd-digits'; input: string; digits: number }
  | { code: 'entity-empty' }
  | { code: 'shard-not-hex'; input: string }
  | { code: 'group-form'; input: string }
  | { code: 'hash-not-hex'; what: 'type-hash' | 'kinds-hash'; input: string }
  | { code: 'schema-not-u64'; input: string }
  | { code: 'duration-not-understood'; input: string }
  /** A number without a unit: refused, because every duration deletes something and a bare number was milliseconds. */
  | { code: 'duration-no-unit'; input: string }
  | { code: 'duration-too-long'; input: string }
  | { code: 'root-empty' }
  | { code: 'root-missing'; path: string }
  | { code: 'root-is-file'; path: string }
  | { code: 'root-unreadable'; path: string }
  | { code: 'root-refused'; path: string; what: 'file-system-root' | 'home' }
  | { code: 'store-missing'; dir: string }
  | { code: 'store-is-file'; dir: string }
  | { code: 'store-unreadable'; dir: string; reason: string }
  | { code: 'store-without-segments'; dir: string }
  /** Not `<root>/<shard>/<hex key>.bin`: a fixture is made of entries only. */
  | { code: 'not-an-entry'; path: string }
  | { code: 'fixture-too-large'; path: string; max: number }
  /** Not an object entryFixture made, or it would land outside `<root>/<shard>/`. */
  | { code: 'not-a-fixture' }
  /** A clean-up of store classes (stale, unknown entity) without the store the audit judged them against. */
  | { code: 'clean-needs-store'; classes: string[] }
  /** An export's target file cannot take it (`file`: the target, or for `busy` the file written aside): nothing was written. */
  | { code: 'export-target'; reason: ExportTargetProblem; file: string }
  /** Group names are not a JSON object of `"TYPEHASH:SCHEMA[:KINDS]": "Name"` members. */
  | { code: 'names-not-object' }
  /** A replayer command line with no words, or with shell syntax (pipes, redirections, globs): it runs without a shell. */
  | { code: 'replayer-empty' }
  | { code: 'replayer-shell-syntax'; input: string }
  /** A projection choice not of the form `TYPEHASH:SCHEMA=NAME`. */
  | { code: 'map-form'; input: string }
  /** A query by value: `detail` is what the JSON parser or sift said, `position` where the JSON stops (0-based). */
  | QueryProblem;

export type ExportTargetProblem = 'no-directory' | 'inside-root' | 'not-a-file' | 'exists' | 'busy';

export type QueryProblem =
  | { code: 'query-not-json'; detail: string; position: number }
  | { code: 'query-not-object' }
  | { code: 'query-not-understood'; detail: string };

/**
 * A problem with the user's input or the root; nothing was changed. From the core it carries an InputProblem for the
 * surface to word; a surface throws it with its own words (`message`).
 */
export class CacheInputError extends Error {
  readonly problem: InputProblem | undefined;

  constructor(
    readonly code: 'bad-root' | 'bad-selector' | 'bad-argument',
    problem: InputProblem | string,
  ) {
    // A problem's message is for logs only: every surface words the problem itself.
    super(typeof problem === 'string' ? problem : `${problem.code} ${JSON.stringify(problem)}`);
    this.name = 'CacheInputError';
    this.problem = typeof problem === 'string' ? undefined : problem;
  }
}
