/**
 * `batpak-cache`: inspect, purge, repair and audit batpak NativeCache roots from a shell. A thin layer over src/core: this
 * file wires the commands and turns every outcome into an exit code (0 ok, 1 something failed, 2 bad usage or input,
 * 130 interrupted).
 */
import { Command, CommanderError } from 'commander';
import { CacheInputError } from '../core';
import { registerAudit } from './commands/audit';
import { registerEvents } from './commands/events';
import { registerDiff } from './commands/diff';
import { registerExport } from './commands/export';
import { registerLs } from './commands/ls';
import { registerPurge } from './commands/purge';
import { registerRepair } from './commands/repair';
import { registerReplay, registerVerify } from './commands/replay';
import { registerShow } from './commands/show';
import { registerStats } from './commands/stats';
import { errorText } from './inputProblems';

const USAGE_ERROR = 2;

/** package.json's version, put in the bundle by esbuild.mjs. */
declare const BATPAK_CLI_VERSION: string;

const EXAMPLES = `
Examples:
  batpak-cache stats ./cache
  batpak-cache ls ./cache --entity user:42
  batpak-cache show ./cache/75/757365723a3432….bin
  batpak-cache purge ./cache --entity user:42 --dry-run
  batpak-cache repair ./cache --yes --json
  batpak-cache events ./data --entity user:42 --after 1041 --json
  batpak-cache ls ./cache --where '{"balance_cents": {"$lt": 0}}'
  batpak-cache diff ./cache/61/6163….bin ./cache/61/6164….bin
  batpak-cache export ./cache --entity user:42 --out user42.ndjson
  batpak-cache audit ./cache --store ./data --clean superseded,legacy-trailer --dry-run
  batpak-cache verify ./cache --store ./data --replayer "node examples/replayer/demo-replayer.mjs"

Exit codes: 0 done, 1 a deletion failed or the question was declined, 2 bad usage
or input (nothing was changed), 130 interrupted (Ctrl-C). diff: 0 same, 1 different,
2 bad input. verify: 0 none diverged, 1 some diverged, 2 bad input or a failed replayer.

Every command, flag and --json field: docs/cli.md.`;

function buildProgram(): Command {
  const program = new Command('batpak-cache')
    .description('Inspect, purge, repair and audit batpak NativeCache roots (<root>/<shard>/<hex key>.bin).')
    .version(BATPAK_CLI_VERSION, '-V, --version', 'print the version')
    // Settings made before .command() are inherited by every subcommand.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ sortOptions: false, showGlobalOptions: false })
    .addHelpText('after', EXAMPLES);
  registerStats(program);
  registerLs(program);
  registerShow(program);
  registerPurge(program);
  registerRepair(program);
  registerEvents(program);
  registerDiff(program);
  registerExport(program);
  registerAudit(program);
  registerReplay(program);
  registerVerify(program);
  return program;
}

/** The exit code of a run that threw, after saying why on stderr. */
function exitCodeOf(error: unknown): number {
  // Commander has already printed its message (unknown option, missing argument...) or the help it was asked for.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
  process.stderr.write(`error: ${errorText(error)}\n`);
  return error instanceof CacheInputError ? USAGE_ERROR : 1;
}

// `batpak-cache ls … | head` closes the pipe early: that is a normal way to stop reading, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Commands set process.exitCode themselves (1 when a deletion failed, 130 when interrupted); errors end up here.
buildProgram()
  .parseAsync(process.argv.slice(2), { from: 'user' })
  .catch((error: unknown) => {
    process.exitCode = exitCodeOf(error);
  });
