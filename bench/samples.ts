/** What a benchmark run measures, and how the tables summarize and print it (bench/run.ts, bench/events.ts). */
import { Measured } from './measure';

export interface Sample {
  /** The operation's time: in-process for core, the whole process for cli and the baselines. */
  ms: number;
  /** User + system CPU time: in-process for core, the whole process for cli and the baselines. */
  cpuMs: number | null;
  rssKb: number | null;
  /** The 1-minute load average when the sample was taken: the neighbours' share of the 2 cores. */
  load: number;
  deleted?: number;
}

export interface Stat {
  medianMs: number | null;
  medianCpuMs: number | null;
  /** The highest peak RSS over the runs, in MB. */
  peakRssMb: number | null;
  samples: Sample[];
}

export const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function summarize(samples: Sample[]): Stat {
  const rss = samples.map((s) => s.rssKb).filter((v): v is number => v !== null);
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== null);
  return { medianMs: median(samples.map((s) => s.ms)), medianCpuMs: median(cpu), peakRssMb: rss.length > 0 ? Math.max(...rss) / 1024 : null, samples };
}

/**
 * A run's output as JSON (undefined when empty), with a core run's own figures (bench/op.ts: its in-process time
 * and CPU, and VmHWM when /usr/bin/time gave no RSS) taken in place of the whole process's; a problem when it is not JSON.
 */
export function outputOf(measured: Measured, core: boolean): { ms: number; cpuMs: number | null; output: unknown; problem?: string } {
  if (measured.stdout.trim() === '') return { ms: measured.wallMs, cpuMs: measured.cpuMs, output: undefined };
  let output: unknown;
  try {
    output = JSON.parse(measured.stdout);
  } catch {
    return { ms: measured.wallMs, cpuMs: measured.cpuMs, output: undefined, problem: 'output is not JSON' };
  }
  if (!core) return { ms: measured.wallMs, cpuMs: measured.cpuMs, output };
  const { ms, cpuMs, hwmKb, result } = output as { ms: number; cpuMs: number; hwmKb: number; result: unknown };
  measured.rssKb ??= hwmKb;
  return { ms, cpuMs, output: result };
}

export const fmtMs = (ms: number | null): string => (ms === null ? '-' : ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms.toFixed(1));
export const fmtMb = (mb: number | null): string => (mb === null ? '-' : Math.round(mb).toString());
export const fmtX = (ratio: number | null): string => (ratio === null ? '-' : `${ratio.toFixed(2)}x`);

/** A stat's cells: median ms, median CPU ms, peak MB. */
export const statCells = (stat: Stat): string[] => [fmtMs(stat.medianMs), fmtMs(stat.medianCpuMs), fmtMb(stat.peakRssMb)];

export const budgetCell = (budgets: ReadonlyArray<{ text: string; ok: boolean }>): string => budgets.map((b) => `${b.ok ? 'ok' : 'MISSED'}: ${b.text}`).join('; ') || '-';

/** A table's lines, header first: the `left` columns padded on the right, the others on the left, the last as it is. */
export function alignRows(lines: readonly string[][], left: ReadonlySet<number>): string[] {
  const widths = lines[0].map((_, i) => Math.max(...lines.map((cells) => cells[i].length)));
  return lines.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : left.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}
