/** The bench's table: one line per operation and size, the medians, their ratios to `find` and the budgets. */
import type { Row } from './running';

export const fmtMs = (ms: number | null): string => (ms === null ? '-' : ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms.toFixed(1));
export const fmtMb = (mb: number | null): string => (mb === null ? '-' : Math.round(mb).toString());
const fmtX = (ratio: number | null): string => (ratio === null ? '-' : `${ratio.toFixed(2)}x`);

export function renderTable(results: Array<{ entries: number; rows: Row[] }>): string[] {
  const header = ['entries', 'operation', 'runs', 'core ms', 'cpu', 'MB', 'cli ms', 'cpu', 'MB', 'find ms', 'cpu', 'MB', 'core/find', 'cli/find', 'cpu core/find', 'budget'];
  const right = new Set(header.map((_, i) => i).filter((i) => i !== 1 && i !== header.length - 1));
  const lines: string[][] = [header];
  for (const { entries, rows } of results) {
    for (const r of rows) {
      const budget = r.budgets.map((b) => `${b.ok ? 'ok' : 'MISSED'}: ${b.text}`).join('; ');
      lines.push([
        entries.toLocaleString('en-US'),
        r.label,
        String(r.runs),
        fmtMs(r.core.medianMs),
        fmtMs(r.core.medianCpuMs),
        fmtMb(r.core.peakRssMb),
        fmtMs(r.cli.medianMs),
        fmtMs(r.cli.medianCpuMs),
        fmtMb(r.cli.peakRssMb),
        fmtMs(r.find.medianMs),
        fmtMs(r.find.medianCpuMs),
        fmtMb(r.find.peakRssMb),
        fmtX(r.coreRatio),
        fmtX(r.cliRatio),
        fmtX(r.coreCpuRatio),
        budget || '-',
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((cells) => cells[i].length)));
  return lines.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
}
