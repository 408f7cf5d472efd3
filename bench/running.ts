/** Running the operations: each variant in turn on the same root, checked, summarized as a row with its budgets. */
import * as os from 'node:os';
import * as path from 'node:path';
import { Args } from './args';
import { Budget, budgetsOf, withRelativeBudgets } from './budgets';
import { repoRoot, RootMeta, sizeDir } from './config';
import { claimWork, restore, settle } from './copies';
import { ensureTemplate } from './generate';
import { measure, Measured } from './measure';
import { OpName } from './op';
import { fmtMb, fmtMs, outputOf, Sample, Stat, summarize } from './samples';
import { OpSpec, opSpecs, Variant, variantsOf } from './specs';

export interface Row {
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

export const log = (line: string): void => void process.stderr.write(line + '\n');
/**
 * A deleting run that removes more files than this is followed by copying them back (minutes for a million-entry
 * purge on 2 cores): such rows run --heavy-runs times instead of --runs.
 */
export const HEAVY = 100_000;
const runsOf = (spec: OpSpec, args: Args): number => ((spec.expectDeleted ?? 0) > HEAVY ? args.heavyRuns : args.runs);
const opScript = path.join(__dirname, 'op.js');
export const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const preload = path.join(__dirname, 'hwm.js');

/** Runs one variant once and checks what it did. */
function runOnce(spec: OpSpec, variant: Variant, root: string, problems: string[]): Sample {
  let measured: Measured;
  if (variant === 'core') measured = measure(process.execPath, [opScript, ...spec.core(root)], { captureStdout: true, nodePreload: preload });
  else if (variant === 'cli' && spec.cli) measured = measure(process.execPath, [cliScript, ...spec.cli(root)], { captureStdout: spec.name !== 'ls' && !spec.cliOutputDropped, nodePreload: preload });
  else if (variant === 'find' && spec.find) measured = measure('find', spec.find(root), { captureStdout: false });
  else throw new Error(`${spec.name} has no ${variant} variant`);
  const where = `${spec.name} ${variant}`;
  // find exits 1 when it could not delete something; any non-zero exit is a failed run.
  if (measured.status !== 0) problems.push(`${where}: exit ${measured.status}: ${measured.stderr.trim().slice(0, 500)}`);
  const { ms, cpuMs, output, problem: notJson } = outputOf(measured, variant === 'core');
  if (notJson) problems.push(`${where}: ${notJson}`);
  const problem = output !== undefined && spec.check?.(variant, output);
  if (problem) problems.push(`${where}: ${problem}`);
  return { ms, cpuMs, rssKb: measured.rssKb, load: os.loadavg()[0] };
}

export function runSize(entries: number, args: Args, problems: string[]): { meta: RootMeta; rows: Row[] } {
  const { template, meta } = ensureTemplate(entries, log);
  const wanted = (spec: OpSpec): boolean => (!args.ops || args.ops.includes(spec.name)) && !args.skip.includes(`${spec.name}@${entries}`);
  const specs = opSpecs(meta).filter((spec) => wanted(spec) && runsOf(spec, args) > 0);
  log(`\n${entries.toLocaleString('en-US')} entries (${meta.entities.toLocaleString('en-US')} entities, ${meta.groups} groups, biggest shard ${meta.biggestShard} with ${meta.biggestShardEntries.toLocaleString('en-US')}): ${template}`);
  const work = specs.some((spec) => spec.touches) ? claimWork(sizeDir(entries)) : undefined;
  // Each problem starts with the size and the operation (`100000 stats core: …`): --merge replaces them with the row.
  const found: string[] = [];
  try {
    return { meta, rows: withRelativeBudgets(entries, specs.map((spec) => runOp(spec, entries, template, work?.path, args, found))) };
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
  const variants = variantsOf(spec);
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
