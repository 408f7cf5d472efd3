/**
 * `npm run bench`: the core, the CLI and a `find` baseline on the same generated roots, alternating run by run.
 *
 *   node out/bench/run.js [--ci] [--sizes 100000,1000000] [--runs 5] [--ops stats,ls,...] [--out file.json]
 *
 * --ci: 10,000 entries, one run each; proves the benchmark works end to end (speed is not judged, results are).
 * Exit code 1 when a command failed or a result was wrong (a count that does not match the generated root).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { RootMeta, repoRoot, sizeDir } from './config';
import { claimWork, restore, settle } from './copies';
import { ensureTemplate } from './generate';
import { haveTime, measure, Measured } from './measure';
import { OpName, PAGE } from './op';
import { alignRows, budgetCell, fmtMb, fmtMs, fmtX, outputOf, Sample, Stat, statCells, summarize } from './samples';
import { EventsRow, renderEventsTable, runEventsBench } from './events';

const EVENTS_NOTE =
  "events: one entity's ~100 events from a store of that many events (closed: every segment sealed, index.ckpt written; open: the newest segment being written, read frame by frame). view = readStore in-process, query = readEntityEvents once the view is read (the extension's call), cli = node dist/cli.js events --json, whole process; node = node -e '' and grep = grep -ac over the segments, the baselines of the same run.";

type Variant = 'core' | 'cli' | 'find';
const VARIANTS: Variant[] = ['core', 'cli', 'find'];

interface OpSpec {
  name: OpName;
  label: string;
  /** What each variant runs, on `root` (the template, or a fresh copy when the operation deletes). */
  core: (root: string) => string[];
  /** Absent for rows the CLI has no counterpart for. */
  cli?: (root: string) => string[];
  find: (root: string) => string[];
  /** What the CLI row measures when it is not the same thing as the core row. */
  cliNote?: string;
  /** Operations that delete run on a fresh copy; these are the directories they may change. */
  touches?: string[] | 'all';
  /** The number of files every variant must delete. */
  expectDeleted?: number;
  /** Checks a variant's parsed output; returns a problem or undefined. */
  check?: (variant: Variant, output: unknown) => string | undefined;
}

function opSpecs(meta: RootMeta): OpSpec[] {
  const shard = meta.biggestShard;
  const entity = meta.entity;
  const expectEntries = (got: unknown): string | undefined => (got === meta.entries ? undefined : `entries ${String(got)}, expected ${meta.entries}`);
  return [
    {
      name: 'stats',
      label: 'stats (full scan, trailers read)',
      core: (root) => ['stats', root],
      cli: (root) => ['stats', root, '--json'],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      check: (variant, out) => {
        if (variant === 'find') return undefined;
        // Store-key groups only: a corrupt entry of a legacy (k1) group has no trailer to tell its layout and is a raw key.
        const { entries, groups } = out as { entries?: number; groups: number | Array<{ layout: string }> };
        const groupCount = typeof groups === 'number' ? groups : groups.filter((g) => g.layout !== 'raw').length;
        return expectEntries(entries) ?? (groupCount === meta.groups ? undefined : `groups ${groupCount}, expected ${meta.groups}`);
      },
    },
    {
      name: 'stats-floor',
      label: 'stats floor: syscalls only, no records',
      core: (root) => ['stats-floor', root],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      check: (variant, out) => (variant === 'find' ? undefined : expectEntries((out as { entries?: number }).entries)),
    },
    {
      name: 'stats-floor-threads',
      label: `stats floor on ${os.availableParallelism()} threads`,
      core: (root) => ['stats-floor-threads', root],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      check: (variant, out) => (variant === 'find' ? undefined : expectEntries((out as { entries?: number }).entries)),
    },
    {
      name: 'ls',
      label: `ls shard ${shard} (${meta.biggestShardEntries.toLocaleString('en-US')}), first ${PAGE}`,
      core: (root) => ['ls', root, shard],
      cli: (root) => ['ls', root, '--shard', shard, '--json'],
      find: (root) => [path.join(root, shard), '-name', '*.bin', '-printf', '%s\\n'],
      cliNote: 'the CLI has no page option: its row lists the whole shard',
      check: (variant, out) => {
        if (variant !== 'core') return undefined;
        const page = out as { total: number; page: number; withTrailer: number };
        return page.total === meta.biggestShardEntries && page.page === Math.min(PAGE, page.total) && page.withTrailer === page.page
          ? undefined
          : `page ${JSON.stringify(page)}`;
      },
    },
    {
      name: 'purge-all',
      label: 'purge everything',
      core: (root) => ['purge-all', root],
      cli: (root) => ['purge', root, '--all', '--yes', '--json'],
      find: (root) => [root, '-name', '*.bin', '-delete'],
      cliNote: 'the CLI plans (reads every trailer) before it deletes',
      touches: 'all',
      expectDeleted: meta.entries,
    },
    {
      name: 'purge-shard',
      label: `purge shard ${shard}`,
      core: (root) => ['purge-shard', root, shard],
      cli: (root) => ['purge', root, '--prefix-hex', shard, '--yes', '--json'],
      find: (root) => [path.join(root, shard), '-name', '*.bin', '-delete'],
      cliNote: 'the CLI has no --shard selector for purge: --prefix-hex XX selects the same entries',
      touches: [shard],
      expectDeleted: meta.shardCounts[shard],
    },
    {
      name: 'purge-entity',
      label: `purge entity ${entity.name} (${entity.files})`,
      core: (root) => ['purge-entity', root, entity.prefixHex],
      cli: (root) => ['purge', root, '--prefix-hex', entity.prefixHex, '--yes', '--json'],
      find: (root) => [path.join(root, entity.shard), '-maxdepth', '1', '-name', `${entity.prefixHex}*`, '-delete'],
      touches: [entity.shard],
      expectDeleted: entity.files,
    },
    {
      name: 'repair-dry-run',
      label: 'repair --dry-run (diagnose)',
      core: (root) => ['repair-dry-run', root],
      cli: (root) => ['repair', root, '--dry-run', '--json'],
      find: (root) => [root, '-name', '.tmp*', '-o', '-size', '-16c'],
      check: (variant, out) => {
        if (variant === 'find') return undefined;
        const categories = variant === 'core' ? (out as Record<string, number>) : Object.fromEntries(Object.entries((out as { diagnosis: { categories: Record<string, { count: number }> } }).diagnosis.categories).map(([k, v]) => [k, v.count]));
        const temp = categories.staleTemp + categories.youngTemp;
        return categories.corrupt === meta.corrupt && temp === meta.temp ? undefined : `diagnosis ${JSON.stringify(categories)}`;
      },
    },
  ];
}

interface Budget {
  text: string;
  ok: boolean;
}

interface Row {
  op: OpName;
  label: string;
  runs: number;
  cliNote?: string;
  core: Stat;
  cli: Stat;
  find: Stat;
  coreRatio: number | null;
  cliRatio: number | null;
  /** core / find in CPU time: what the ratio would be on an idle machine, roughly. */
  coreCpuRatio: number | null;
  budgets: Budget[];
}

/**
 * The budget proposed where the cannot be met (see bench/README.md): `stats` within 2.5x the floor row of
 * the same run, the system calls any trailer-reading scan makes and nothing else.
 */
function withProposedBudgets(rows: Row[]): Row[] {
  const floorMs = rows.find((row) => row.op === 'stats-floor')?.core.medianMs;
  const stats = rows.find((row) => row.op === 'stats');
  if (floorMs && stats?.core.medianMs) {
    const ratio = stats.core.medianMs / floorMs;
    stats.budgets.push({ text: `proposed: core <= 2.5x floor (${ratio.toFixed(2)}x)`, ok: ratio <= 2.5 });
  }
  return rows;
}

/** The budgets, for the sizes they are stated for. */
function budgetsOf(entries: number, row: Row): Budget[] {
  const budgets: Budget[] = [];
  const ratio = (limit: number): void => {
    if (row.coreRatio !== null) budgets.push({ text: `core <= ${limit}x find (${row.coreRatio.toFixed(2)}x)`, ok: row.coreRatio <= limit });
  };
  const ms = (limit: number): void => {
    if (row.core.medianMs !== null) budgets.push({ text: `core < ${limit} ms (${Math.round(row.core.medianMs)})`, ok: row.core.medianMs < limit });
  };
  if (entries < 100_000) return budgets;
  if (row.op === 'stats' && entries === 100_000) ratio(3);
  if (row.op.startsWith('purge-')) ratio(1.2);
  if (row.op === 'purge-entity' && entries === 100_000) ms(50);
  if (row.op === 'ls') ms(100);
  if (row.op === 'stats' && entries >= 1_000_000) {
    for (const variant of ['core', 'cli'] as const) {
      const mb = row[variant].peakRssMb;
      if (mb !== null) budgets.push({ text: `${variant} peak RSS < 200 MB (${Math.round(mb)})`, ok: mb < 200 });
    }
  }
  return budgets;
}

interface Args {
  sizes: number[];
  runs: number;
  /** Runs of a deleting operation that deletes (and so copies back) more than HEAVY files each time; 0 skips it. */
  heavyRuns: number;
  /** Only these operations; `events` stands for the events rows (bench/events.ts). */
  ops: Array<OpName | 'events'> | undefined;
  /** The event stores' sizes (events) for the events rows. */
  eventSizes: number[];
  /** `op@size` pairs not run. */
  skip: string[];
  out: string;
}

function parseArgs(argv: string[]): Args {
  const ci = argv.includes('--ci');
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sizes = value('--sizes')?.split(',').map(Number) ?? (ci ? [10_000] : [100_000, 1_000_000]);
  const runs = Number(value('--runs') ?? (ci ? 1 : 5));
  const heavyRuns = Number(value('--heavy-runs') ?? 1);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000) || !Number.isInteger(runs) || runs < 1) throw new Error('bad --sizes or --runs');
  if (!Number.isInteger(heavyRuns) || heavyRuns < 0) throw new Error('bad --heavy-runs');
  return {
    sizes,
    runs,
    heavyRuns,
    // Deleting a million files, then copying them back, takes about 10 minutes per variant here: purge shard (240,000
    // files) stands for it at that size unless asked for with --skip ''.
    skip: (value('--skip') ?? 'purge-all@1000000').split(',').filter(Boolean),
    ops: value('--ops')?.split(',') as Args['ops'],
    eventSizes: eventSizes(value('--event-sizes'), ci),
    out: value('--out') ?? path.join(repoRoot, 'bench', 'results', ci ? 'ci.json' : 'latest.json'),
  };
}

/** 50,000 events (the budgets' size) and 1,000,000 (memory); 5,000 for --ci. */
function eventSizes(text: string | undefined, ci: boolean): number[] {
  const sizes = text === undefined ? (ci ? [5_000] : [50_000, 1_000_000]) : text.split(',').filter(Boolean).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('bad --event-sizes');
  return sizes;
}

const log = (line: string): void => void process.stderr.write(line + '\n');
/**
 * A deleting run that removes more files than this is followed by copying them back (minutes for a million-entry
 * purge on 2 cores): such rows run --heavy-runs times instead of --runs.
 */
const HEAVY = 100_000;
const runsOf = (spec: OpSpec, args: Args): number => ((spec.expectDeleted ?? 0) > HEAVY ? args.heavyRuns : args.runs);
const opScript = path.join(__dirname, 'op.js');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const preload = path.join(__dirname, 'hwm.js');

/** Runs one variant once and checks what it did. */
function runOnce(spec: OpSpec, variant: Variant, root: string, problems: string[]): Sample {
  let measured: Measured;
  if (variant === 'core') measured = measure(process.execPath, [opScript, ...spec.core(root)], { captureStdout: true, nodePreload: preload });
  else if (variant === 'cli' && spec.cli) measured = measure(process.execPath, [cliScript, ...spec.cli(root)], { captureStdout: spec.name !== 'ls', nodePreload: preload });
  else measured = measure('find', spec.find(root), { captureStdout: false });
  const where = `${spec.name} ${variant}`;
  // find exits 1 when it could not delete something; any non-zero exit is a failed run.
  if (measured.status !== 0) problems.push(`${where}: exit ${measured.status}: ${measured.stderr.trim().slice(0, 500)}`);
  const { ms, cpuMs, output, problem: notJson } = outputOf(measured, variant === 'core');
  if (notJson) problems.push(`${where}: ${notJson}`);
  const problem = output !== undefined && spec.check?.(variant, output);
  if (problem) problems.push(`${where}: ${problem}`);
  return { ms, cpuMs, rssKb: measured.rssKb, load: os.loadavg()[0] };
}

function runSize(entries: number, args: Args, problems: string[]): { meta: RootMeta; rows: Row[] } {
  const { template, meta } = ensureTemplate(entries, log);
  const wanted = (spec: OpSpec): boolean => (!args.ops || args.ops.includes(spec.name)) && !args.skip.includes(`${spec.name}@${entries}`);
  const specs = opSpecs(meta).filter((spec) => wanted(spec) && runsOf(spec, args) > 0);
  log(`\n${entries.toLocaleString('en-US')} entries (${meta.entities.toLocaleString('en-US')} entities, ${meta.groups} groups, biggest shard ${meta.biggestShard} with ${meta.biggestShardEntries.toLocaleString('en-US')}): ${template}`);
  const work = specs.some((spec) => spec.touches) ? claimWork(sizeDir(entries)) : undefined;
  // Each problem starts with the size and the operation (`100000 stats core: …`): --merge replaces them with the row.
  const found: string[] = [];
  try {
    return { meta, rows: withProposedBudgets(specs.map((spec) => runOp(spec, entries, template, work?.path, args, found))) };
  } finally {
    work?.release();
    problems.push(...found.map((problem) => `${entries} ${problem}`));
  }
}

/** All runs of one operation; `work` is the copy it runs on when it deletes. */
function runOp(spec: OpSpec, entries: number, template: string, work: string | undefined, args: Args, problems: string[]): Row {
  const samples: Record<Variant, Sample[]> = { core: [], cli: [], find: [] };
  const root = spec.touches && work ? work : template;
  if (root !== template) {
    // A full check once (a run killed halfway may have left the copy damaged), then only what each run touches.
    const left = restore(template, root);
    if (left.missing > 0 || left.extra.length > 0) log(`  (work copy repaired: ${left.missing} restored, ${left.extra.length} removed)`);
    settle();
  } else {
    // One untimed run first: these machines page out file data untouched for a minute (DAMON), and the core reads
    // every file's last bytes where find reads only inodes.
    runOnce(spec, 'core', template, problems);
  }
  const variants = VARIANTS.filter((variant) => variant !== 'cli' || spec.cli);
  const runs = runsOf(spec, args);
  for (let run = 0; run < runs; run++) {
    // Alternate: each run starts with the next variant, so none always goes first (or always after a copy).
    const order = variants.map((_, i) => variants[(i + run) % variants.length]);
    for (const variant of order) {
      const sample = runOnce(spec, variant, root, problems);
      if (root !== template) {
        const restored = restore(template, root, spec.touches === 'all' ? undefined : spec.touches);
        sample.deleted = restored.missing;
        if (sample.deleted !== spec.expectDeleted) problems.push(`${spec.name} ${variant}: deleted ${sample.deleted}, expected ${spec.expectDeleted}`);
        if (restored.extra.length > 0) problems.push(`${spec.name} ${variant}: left files behind: ${restored.extra.slice(0, 5).join(', ')}`);
        settle();
      }
      samples[variant].push(sample);
      log(`  ${spec.name.padEnd(14)} run ${run + 1}/${runs} ${variant.padEnd(4)} ${fmtMs(sample.ms).padStart(9)} ms  cpu ${fmtMs(sample.cpuMs).padStart(9)} ms  ${fmtMb(sample.rssKb === null ? null : sample.rssKb / 1024).padStart(5)} MB  load ${sample.load.toFixed(1)}`);
    }
  }
  const row: Row = { op: spec.name, label: spec.label, runs, cliNote: spec.cliNote, core: summarize(samples.core), cli: summarize(samples.cli), find: summarize(samples.find), coreRatio: null, cliRatio: null, coreCpuRatio: null, budgets: [] };
  const base = row.find.medianMs;
  if (base) {
    row.coreRatio = row.core.medianMs === null ? null : row.core.medianMs / base;
    row.cliRatio = row.cli.medianMs === null ? null : row.cli.medianMs / base;
  }
  if (row.core.medianCpuMs !== null && row.find.medianCpuMs) row.coreCpuRatio = row.core.medianCpuMs / row.find.medianCpuMs;
  row.budgets = budgetsOf(entries, row);
  return row;
}

function renderTable(results: Array<{ entries: number; rows: Row[] }>): string[] {
  const header = ['entries', 'operation', 'runs', 'core ms', 'cpu', 'MB', 'cli ms', 'cpu', 'MB', 'find ms', 'cpu', 'MB', 'core/find', 'cli/find', 'cpu core/find', 'budget'];
  const rows = results.flatMap(({ entries, rows }) =>
    rows.map((r) => [entries.toLocaleString('en-US'), r.label, String(r.runs), ...statCells(r.core), ...statCells(r.cli), ...statCells(r.find), fmtX(r.coreRatio), fmtX(r.cliRatio), fmtX(r.coreCpuRatio), budgetCell(r.budgets)]),
  );
  return alignRows([header, ...rows], new Set([1]));
}

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
  const table = [...renderTable(sizes), ...(events.length > 0 ? ['', ...renderEventsTable(events)] : [])];
  const notes = [...new Set(documents.flatMap((d) => d.notes))];
  process.stdout.write(['', ...table, '', ...notes, ''].join('\n'));
  const merged = { mergedFrom: files.map((file) => path.basename(file)), table, notes, problems, sizes, events, runs: documents };
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
  const cacheOps = !args.ops || args.ops.some((op) => op !== 'events');
  const eventOps = !args.ops || args.ops.includes('events');
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
  const table = [...(results.length > 0 ? renderTable(results) : []), ...(events.length > 0 ? ['', ...renderEventsTable(events)] : [])];
  const notes = [
    'ms = wall time, cpu = user + system CPU time (ms), MB = peak RSS; cpu core/find = the ratio of CPU times, which neighbours on the machine inflate far less than wall time.',
    `Medians of ${args.runs} run(s) (${args.heavyRuns} for a purge deleting over ${HEAVY.toLocaleString('en-US')} files: the runs column). core = in-process time of the core call alone (child Node process; RSS is that process's peak); cli = node dist/cli.js, whole process; find = the baseline, whole process.`,
    'stats floor: the system calls any scan that reads trailers makes (list, then open/fstat/pread/close per file) in a plain Node loop: the least stats can cost. On N threads: the same on every CPU, directories handed out one at a time: the most threads could win.',
    ...new Set(results.flatMap((r) => r.rows.filter((row) => row.cliNote).map((row) => `${row.op}: ${row.cliNote}`))),
    ...(events.length > 0 ? [EVENTS_NOTE] : []),
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
