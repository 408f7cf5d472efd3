/**
 * The events rows of `npm run bench`: one entity's events (about 100) from an event store, each variant in its own
 * process, alternating run by run, beside two baselines in the same run:
 *
 * | variant | what runs |
 * |---|---|
 * | view | `readStore` (bench/op.ts): the read the CLI makes once and the extension's worker once per change |
 * | query | `readEntityEvents` once the view is read: the extension's call (budget < 50 ms) |
 * | cli | `batpak-cache events STORE --entity E --json`, the whole process (budget < 300 ms at 50,000 events) |
 * | node | `node -e ''`: what starting Node costs before any of our code runs |
 * | grep | `grep -ac E` over the segment files: reading every byte of the store once |
 *
 * Peak RSS is each process's; the CLI's at 1,000,000 events has a budget of 300 MB.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './config';
import { ensureEventStore, StoreMeta, StoreShape } from './eventStore';
import { measure } from './measure';
import { alignRows, budgetCell, fmtMb, fmtMs, fmtX, outputOf, Sample, Stat, statCells, summarize } from './samples';

const VARIANTS = ['view', 'query', 'cli', 'node', 'grep'] as const;
type Variant = (typeof VARIANTS)[number];

export interface EventsRow {
  events: number;
  shape: StoreShape;
  meta: StoreMeta;
  runs: number;
  stats: Record<Variant, Stat>;
  budgets: Array<{ text: string; ok: boolean }>;
}

const opScript = path.join(__dirname, 'op.js');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const preload = path.join(__dirname, 'hwm.js');

/** Every size in both shapes; a problem (a failed command, a wrong count) goes to `problems`. */
export function runEventsBench(sizes: readonly number[], runs: number, log: (line: string) => void, problems: string[]): EventsRow[] {
  const rows: EventsRow[] = [];
  for (const events of sizes) {
    for (const shape of ['closed', 'open'] as const) {
      const { dir, meta } = ensureEventStore(events, shape, log);
      log(`\n${events.toLocaleString('en-US')}-event ${shape} store (${meta.entities.toLocaleString('en-US')} entities, ${fmtMb(meta.bytes / 2 ** 20)} MB): ${dir}`);
      const samples: Record<Variant, Sample[]> = { view: [], query: [], cli: [], node: [], grep: [] };
      // One untimed round first: the page cache then holds the store for every variant alike.
      for (const variant of VARIANTS) runOnce(variant, dir, meta, problems);
      for (let run = 0; run < runs; run++) {
        for (const variant of VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length])) {
          const sample = runOnce(variant, dir, meta, problems);
          samples[variant].push(sample);
          log(`  ${variant.padEnd(6)} run ${run + 1}/${runs} ${fmtMs(sample.ms).padStart(9)} ms  cpu ${fmtMs(sample.cpuMs).padStart(9)} ms  ${fmtMb(sample.rssKb === null ? null : sample.rssKb / 1024).padStart(5)} MB  load ${sample.load.toFixed(1)}`);
        }
      }
      const stats = Object.fromEntries(VARIANTS.map((variant) => [variant, summarize(samples[variant])])) as Record<Variant, Stat>;
      rows.push({ events, shape, meta, runs, stats, budgets: budgetsOf(events, stats) });
    }
  }
  return rows;
}

function runOnce(variant: Variant, dir: string, meta: StoreMeta, problems: string[]): Sample {
  const segments = fs.readdirSync(dir).filter((name) => name.endsWith('.fbat')).map((name) => path.join(dir, name));
  const commands: Record<Variant, [string, string[]]> = {
    view: [process.execPath, [opScript, 'events-view', dir]],
    query: [process.execPath, [opScript, 'events-query', dir, meta.entity]],
    cli: [process.execPath, [cliScript, 'events', dir, '--entity', meta.entity, '--json']],
    node: [process.execPath, ['-e', '']],
    grep: ['grep', ['-ac', meta.entity, ...segments]],
  };
  const [command, args] = commands[variant];
  const measured = measure(command, args, { captureStdout: variant !== 'grep', nodePreload: preload });
  const where = `events ${meta.events} ${variant}`;
  if (measured.status !== 0) problems.push(`${where}: exit ${measured.status}: ${measured.stderr.trim().slice(0, 500)}`);
  const core = variant === 'view' || variant === 'query';
  const { ms, cpuMs, output, problem } = variant === 'cli' ? { ms: measured.wallMs, cpuMs: measured.cpuMs, output: measured.stdout } : outputOf(measured, core);
  const wrong = problem ?? check(variant, output, meta);
  if (wrong) problems.push(`${where}: ${wrong}`);
  return { ms, cpuMs, rssKb: measured.rssKb, load: os.loadavg()[0] };
}

/** Every variant that reads the store must find what was written. */
function check(variant: Variant, output: unknown, meta: StoreMeta): string | undefined {
  if (variant === 'view') {
    const { events } = output as { events: number };
    return events === meta.events ? undefined : `${events} events, expected ${meta.events}`;
  }
  if (variant === 'query') {
    const { events, damaged } = output as { events: number; damaged: number };
    return events === meta.entityEvents && damaged === 0 ? undefined : `${events} events (${damaged} damaged), expected ${meta.entityEvents}`;
  }
  if (variant === 'cli') {
    const lines = String(output).split('\n').filter(Boolean);
    return lines.length === meta.entityEvents && lines.every((line) => line.endsWith('"damaged":null}')) ? undefined : `${lines.length} lines, expected ${meta.entityEvents} undamaged`;
  }
  return undefined;
}

function budgetsOf(events: number, stats: Record<Variant, Stat>): EventsRow['budgets'] {
  const budgets: EventsRow['budgets'] = [];
  const { cli, query } = stats;
  if (events === 50_000 && cli.medianMs !== null) budgets.push({ text: `cli < 300 ms (${Math.round(cli.medianMs)})`, ok: cli.medianMs < 300 });
  if (events === 50_000 && query.medianMs !== null) budgets.push({ text: `query < 50 ms (${fmtMs(query.medianMs)})`, ok: query.medianMs < 50 });
  if (events >= 1_000_000 && cli.peakRssMb !== null) budgets.push({ text: `cli peak RSS < 300 MB (${Math.round(cli.peakRssMb)})`, ok: cli.peakRssMb < 300 });
  return budgets;
}

export function renderEventsTable(rows: readonly EventsRow[]): string[] {
  const header = ['events', 'store', 'runs', 'view ms', 'cpu', 'MB', 'query ms', 'cli ms', 'cpu', 'MB', 'node ms', 'grep ms', 'cli/node', 'cli/grep', 'budget'];
  const cells = rows.map(({ events, shape, runs, stats: s, budgets }) => [
    events.toLocaleString('en-US'),
    shape,
    String(runs),
    ...statCells(s.view),
    fmtMs(s.query.medianMs),
    ...statCells(s.cli),
    fmtMs(s.node.medianMs),
    fmtMs(s.grep.medianMs),
    fmtX(ratio(s.cli, s.node)),
    fmtX(ratio(s.cli, s.grep)),
    budgetCell(budgets),
  ]);
  return alignRows([header, ...cells], new Set([1]));
}

const ratio = (a: Stat, b: Stat): number | null => (a.medianMs !== null && b.medianMs ? a.medianMs / b.medianMs : null);
