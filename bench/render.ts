/** The bench's table: one line per operation and size, the medians, their ratios to `find` and the budgets. */
import type { Row } from './running';
import { alignRows, budgetCell, fmtX, statCells } from './samples';

export function renderTable(results: Array<{ entries: number; rows: Row[] }>): string[] {
  const header = ['entries', 'operation', 'runs', 'core ms', 'cpu', 'MB', 'cli ms', 'cpu', 'MB', 'find ms', 'cpu', 'MB', 'core/find', 'cli/find', 'cpu core/find', 'budget'];
  const rows = results.flatMap(({ entries, rows }) =>
    rows.map((r) => [entries.toLocaleString('en-US'), r.label, String(r.runs), ...statCells(r.core), ...statCells(r.cli), ...statCells(r.find), fmtX(r.coreRatio), fmtX(r.cliRatio), fmtX(r.coreCpuRatio), budgetCell(r.budgets)]),
  );
  return alignRows([header, ...rows], new Set([1]));
}
