/**
 * `npm run bench`: the core, the CLI and a `find` baseline on the same generated roots, alternating run by run.
 *
 *   node out/bench/run.js [--ci] [--sizes 100000,1000000] [--event-sizes 50000,1000000] [--runs 5] [--ops stats,ls,events,...] [--out file.json]
 *
 * Then the events rows (bench/events.ts) on generated event stores (`--ops events` alone runs only them).
 * --ci: 10,000 entries and a 5,000-event store, one run each; proves the benchmark works end to end (speed is not judged, results are).
 * Exit code 1 when a command failed or a result was wrong (a count that does not match the generated root).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from './args';
import { RootMeta, repoRoot } from './config';
import { haveTime } from './measure';
import { EventsRow, renderEventsTable, runEventsBench } from './events';
import { renderReplayTable, REPLAY_NOTE, ReplayRow, runReplayBench } from './replay';
import { renderTable } from './render';
import { cliScript, HEAVY, log, Row, runSize } from './running';

const EVENTS_NOTE =
  "events: one entity's ~100 events from a store of that many events (closed: every segment sealed, index.ckpt written; open: the newest segment being written, read frame by frame). view = readStore in-process, query = readEntityEvents once the view is read (the extension's call), cli = node dist/cli.js events --json, whole process; node = node -e '' and grep = grep -ac over the segments, the baselines of the same run.";

function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted src changes` : head;
  } catch {
    return null;
  }
}

interface Document {
  table: string[];
  notes: string[];
  problems: string[];
  sizes: Array<{ entries: number; meta: RootMeta; rows: Row[] }>;
  events?: EventsRow[];
  replay?: ReplayRow[];
}

/**
 * `--merge a.json,b.json --out c.json`: one table from runs made apart (the 1,000,000-entry size in its own process
 * beside the 100,000 one); each run's own document, load averages and all, is kept under `runs`.
 */
function merge(files: string[], out: string): void {
  const documents = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Document);
  // A row measured again in a later file replaces the earlier one, and so do its problems.
  const bySize = new Map<number, Document['sizes'][number]>();
  const problems: string[] = [];
  documents.forEach((document, index) => {
    const later = documents.slice(index + 1).flatMap((d) => d.sizes.flatMap((size) => size.rows.map((row) => `${size.entries} ${row.op}`)));
    const replaced = (problem: string): boolean => later.includes(problem.split(' ').slice(0, 2).join(' '));
    problems.push(...document.problems.filter((problem) => !replaced(problem)));
    for (const size of document.sizes) {
      const known = bySize.get(size.entries);
      if (!known) bySize.set(size.entries, { ...size, rows: [...size.rows] });
      else {
        for (const row of size.rows) {
          const at = known.rows.findIndex((r) => r.op === row.op);
          if (at >= 0) known.rows[at] = row;
          else known.rows.push(row);
        }
      }
    }
  });
  const sizes = [...bySize.values()].sort((a, b) => a.entries - b.entries);
  // The events rows of the last document that has them.
  const events = documents.map((d) => d.events ?? []).filter((rows) => rows.length > 0).pop() ?? [];
  const replay = documents.map((d) => d.replay ?? []).filter((rows) => rows.length > 0).pop() ?? [];
  const table = [
    ...renderTable(sizes),
    ...(events.length > 0 ? ['', ...renderEventsTable(events)] : []),
    ...(replay.length > 0 ? ['', ...renderReplayTable(replay)] : []),
  ];
  const notes = [...new Set(documents.flatMap((d) => d.notes))];
  process.stdout.write(['', ...table, '', ...notes, ''].join('\n'));
  const merged = { mergedFrom: files.map((file) => path.basename(file)), table, notes, problems, sizes, events, replay, runs: documents };
  fs.writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
  log(`\nWritten to ${path.relative(process.cwd(), out)}`);
  if (problems.length > 0) process.exitCode = 1;
}

function main(): void {
  const mergeFiles = process.argv.indexOf('--merge');
  if (mergeFiles >= 0) return merge(process.argv[mergeFiles + 1].split(','), parseArgs(process.argv.slice(2)).out);
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(cliScript)) throw new Error(`${cliScript} is missing: run node esbuild.mjs first (npm run bench does)`);
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg();
  const cacheOps = !args.ops || args.ops.some((op) => op !== 'events' && op !== 'replay');
  const eventOps = !args.ops || args.ops.includes('events');
  const replayOps = !args.ops || args.ops.includes('replay');
  const sizes = (list: number[], what: string): string[] => (list.length > 0 ? [`${list.map((n) => n.toLocaleString('en-US')).join(' and ')} ${what}`] : []);
  const what = [...sizes(cacheOps ? args.sizes : [], 'entries'), ...sizes(eventOps ? args.eventSizes : [], 'events')].join(', ');
  log(`Batpak cache benchmark: ${what}, ${args.runs} run(s) of each variant; peak RSS from ${haveTime ? '/usr/bin/time' : 'VmHWM (no /usr/bin/time; none for find)'}`);
  const problems: string[] = [];
  const results: Array<{ entries: number; meta: RootMeta; rows: Row[] }> = [];
  for (const entries of cacheOps ? args.sizes : []) {
    results.push({ entries, ...runSize(entries, args, problems) });
    if (results.length === args.sizes.length) break;
    // The table so far, so a long run shows its first size early.
    log('');
    for (const line of renderTable(results)) log(line);
  }
  const events = eventOps ? runEventsBench(args.eventSizes, args.runs, log, problems) : [];
  // 20 entries per entity: the 50,000-event store gives the 10,000 entries; the million-event one is left out.
  const replay = replayOps ? runReplayBench(args.eventSizes.filter((n) => n <= 50_000), args.runs, log, problems) : [];
  const table = [
    ...(results.length > 0 ? renderTable(results) : []),
    ...(events.length > 0 ? ['', ...renderEventsTable(events)] : []),
    ...(replay.length > 0 ? ['', ...renderReplayTable(replay)] : []),
  ];
  const notes = [
    'ms = wall time, cpu = user + system CPU time (ms), MB = peak RSS; cpu core/find = the ratio of CPU times, which neighbours on the machine inflate far less than wall time.',
    `Medians of ${args.runs} run(s) (${args.heavyRuns} for a purge deleting over ${HEAVY.toLocaleString('en-US')} files: the runs column). core = in-process time of the core call alone (child Node process; RSS is that process's peak); cli = node dist/cli.js, whole process; find = the baseline, whole process.`,
    'stats floor: the system calls any scan that reads trailers makes (list, then open/read/close per file, with fstat and a tail read for a file of 4 KiB or more, as the core reads entries) in a plain Node loop: the least stats can cost. On N threads: the same on every CPU, directories handed out one at a time: the most threads could win.',
    ...new Set(results.flatMap((r) => r.rows.filter((row) => row.cliNote).map((row) => `${row.op}: ${row.cliNote}`))),
    ...(events.length > 0 ? [EVENTS_NOTE] : []),
    ...(replay.length > 0 ? [REPLAY_NOTE] : []),
  ];
  process.stdout.write(['', ...table, '', ...notes, ''].join('\n'));
  const document = {
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemMb: Math.round(os.totalmem() / 2 ** 20),
    loadAverage: { before: loadBefore, after: os.loadavg() },
    runs: args.runs,
    heavyRuns: args.heavyRuns,
    skipped: args.skip,
    rssSource: haveTime ? '/usr/bin/time -f %M' : 'VmHWM',
    notes,
    table,
    problems,
    sizes: results,
    events,
    replay,
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(document, null, 2) + '\n');
  log(`\nWritten to ${path.relative(process.cwd(), args.out)}`);
  if (problems.length > 0) {
    log(`\n${problems.length} problem(s):`);
    for (const problem of problems) log(`  ${problem}`);
    process.exitCode = 1;
  }
}

main();
