/**
 * `batpak-cache replay <entry>` and `batpak-cache verify <root>`: an entry's projection run by its own code (a
 * replayer, protocol in docs/cli.md). Replay steps from the cached state through the relevant events after the
 * watermark; verify replays every entry from init up to its watermark and compares with what is cached.
 */
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  CacheInputError,
  EntryContent,
  parseChoice,
  prettyJsonText,
  Replayer,
  ReplayerFailure,
  ReplayContext,
  replayEntry,
  resolveRoot,
  scanValues,
  StoreView,
  Verdict,
  verifyEntries,
} from '../../core';
import { formatCount } from '../locale';
import { counted, safe, write, writeLines } from '../output';
import { once } from '../selection';
import { loadStore } from '../store';
import { inspect } from './show';
import { errorText } from '../inputProblems';
import { replayerProblemText, unverifiableText } from '../replayWords';

interface ReplayFlags {
  store: string;
  replayer: string;
  map: Map<string, string>;
  timeout: number;
  json?: boolean;
}

/** A command that runs a replayer: its argument, the flags both commands take, and what its `--json` prints. */
function replayerCommand(program: Command, name: string, description: string, argument: [string, string], json: string): Command {
  return program
    .command(name)
    .description(description)
    .argument(...argument)
    .requiredOption('--store <dir>', "the event store's data directory (NNNNNN.fbat segments) the entries were projected from", once('--store'))
    .requiredOption('--replayer <command>', 'the replayer to run, one command line split as a shell would (quotes honoured), run without a shell', once('--replayer'))
    .option('--map <TYPEHASH:SCHEMA=NAME>', "which replayer projection wrote a group's entries (k1 keys need it unless the replayer gives type hashes); repeatable", addChoice, new Map<string, string>())
    .option('--timeout <seconds>', 'how long the replayer may take over one answer', parseTimeout, 10)
    .option('--json', `print NDJSON: ${json} (see docs/cli.md)`);
}

export function registerReplay(program: Command): void {
  replayerCommand(
    program,
    'replay',
    "apply the relevant events after an entry's watermark to its cached state, with the projection's own code (a replayer)",
    ['<entry>', 'a cache entry, e.g. <root>/61/6163….bin'],
    'one step per event, {sequence, kind, state, changed}',
  ).action(async (file: string, flags: ReplayFlags) => {
      const inspected = await inspect(file);
      if (inspected.record.kind !== 'entry') throw new CacheInputError('bad-argument', `${safe(path.resolve(file))} is not a cache entry (<root>/<shard>/<hex key>.bin).`);
      const outcome = await withReplayer(flags, (context) => replayEntry(inspected as EntryContent, context));
      if ('result' in outcome) throw new CacheInputError('bad-argument', `cannot replay ${safe(path.resolve(file))}: ${unverifiableText(outcome)}.`);
      if (flags.json) {
        for (const step of outcome.steps) await write(`{"sequence":${step.sequence},"kind":"${step.kind}","state":${step.state},"changed":${JSON.stringify(step.changed)}}\n`);
        return;
      }
      const lines = [`${outcome.projection}: ${counted(outcome.steps.length, 'relevant event')} after the watermark`];
      for (const step of outcome.steps) lines.push(`  ${step.sequence} ${step.kind}  changed ${step.changed.length > 0 ? step.changed.map(safe).join(', ') : 'nothing'}`);
      const last = outcome.steps.length > 0 ? outcome.steps[outcome.steps.length - 1].state : outcome.from;
      lines.push(outcome.steps.length > 0 ? 'The state a Consistent read returns now:' : 'The cached state is what a Consistent read returns now:', prettyJsonText(last));
      await writeLines(lines);
    });
}

export function registerVerify(program: Command): void {
  replayerCommand(
    program,
    'verify',
    "replay every entry of a root from init up to its watermark with the projection's own code (a replayer) and compare with the cached value",
    ['<root>', 'the cache root'],
    'one object per entry, {path, projection, result, …}',
  ).action(async (root: string, flags: ReplayFlags) => {
      const counts = { match: 0, diverged: 0, unverifiable: 0 };
      const resolved = await resolveRoot(root);
      await withReplayer(flags, async (context) => {
        for await (const { content, verdict } of verifyEntries(scanValues(resolved), context)) {
          counts[verdict.result]++;
          const file = path.join(root, content.record.path);
          await write(flags.json ? verdictJson(file, verdict) : verdictLine(file, verdict));
        }
      });
      if (!flags.json) {
        const summary = `${formatCount(counts.match)} match, ${formatCount(counts.diverged)} diverged, ${counted(counts.unverifiable, 'entry', 'entries')} cannot be verified`;
        process.stderr.write(`${summary}\n`);
      }
      process.exitCode = counts.diverged > 0 ? 1 : 0;
    });
}

/** Starts the replayer, asks what it replays, runs `work`, and ends it; a replayer that fails ends the command (exit 2). */
async function withReplayer<T>(flags: ReplayFlags, work: (context: ReplayContext) => Promise<T>): Promise<T> {
  const store: StoreView = loadStore(flags.store);
  const replayer = new Replayer(flags.replayer, { timeoutMs: flags.timeout * 1000, onStderr: (text) => process.stderr.write(text) });
  try {
    const projections = await replayer.hello();
    return await work({ replayer, projections, store, choices: flags.map });
  } catch (error) {
    if (error instanceof ReplayerFailure) throw new CacheInputError('bad-argument', replayerProblemText(error.problem));
    throw error;
  } finally {
    replayer.close();
  }
}

/** One NDJSON line; the cached and replayed values go in as the exact JSON text they are. */
function verdictJson(file: string, verdict: Verdict): string {
  const members = [`"path":${JSON.stringify(file)}`, `"projection":${JSON.stringify(verdict.projection)}`, `"result":"${verdict.result}"`];
  if (verdict.result === 'unverifiable') {
    members.push(`"reason":"${verdict.reason}"`);
    if (verdict.detail !== undefined) members.push(`"detail":${JSON.stringify(verdict.detail)}`);
    if (verdict.candidates && verdict.candidates.length > 0) members.push(`"candidates":${JSON.stringify(verdict.candidates)}`);
  }
  if (verdict.result === 'diverged') {
    members.push(`"jsonPath":${JSON.stringify(verdict.jsonPath)}`);
    if (verdict.cached !== undefined) members.push(`"cached":${verdict.cached}`);
    if (verdict.replayed !== undefined) members.push(`"replayed":${verdict.replayed}`);
    members.push(`"afterSequence":${verdict.afterSequence}`);
  }
  return `{${members.join(',')}}\n`;
}

function verdictLine(file: string, verdict: Verdict): string {
  const projection = verdict.projection ?? '-';
  switch (verdict.result) {
    case 'match':
      return `match         ${safe(file)}  ${projection}\n`;
    case 'diverged': {
      const after = verdict.afterSequence === null ? 'from init' : `after event ${verdict.afterSequence}`;
      return `diverged      ${safe(file)}  ${projection}  at ${safe(verdict.jsonPath || '(the whole value)')}: cached ${safe(verdict.cached ?? '(absent)')}, replayed ${safe(verdict.replayed ?? '(absent)')} (${after})\n`;
    }
    case 'unverifiable':
      return `unverifiable  ${safe(file)}  ${projection}  ${unverifiableText(verdict)}\n`;
  }
}

function addChoice(text: string, previous: Map<string, string>): Map<string, string> {
  try {
    return new Map([...previous, parseChoice(text)]);
  } catch (error) {
    throw new InvalidArgumentError(errorText(error));
  }
}

function parseTimeout(text: string): number {
  const seconds = Number(text.trim());
  if (!(seconds > 0) || seconds > 3600) throw new InvalidArgumentError('it must be a number of seconds, above 0 and at most 3600.');
  return seconds;
}
