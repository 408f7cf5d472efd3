/** The speed and memory budgets, judged on the rows they are stated for, and the one proposed beside them. */
import type { Row } from './running';

export interface Budget {
  text: string;
  ok: boolean;
}

/**
 * The budget proposed where the cannot be met (see bench/README.md): `stats` within 2.5x the floor row of
 * the same run, the system calls any trailer-reading scan makes and nothing else.
 */
export function withProposedBudgets(rows: Row[]): Row[] {
  const floorMs = rows.find((row) => row.op === 'stats-floor')?.core.medianMs;
  const stats = rows.find((row) => row.op === 'stats');
  if (floorMs && stats?.core.medianMs) {
    const ratio = stats.core.medianMs / floorMs;
    stats.budgets.push({ text: `proposed: core <= 2.5x floor (${ratio.toFixed(2)}x)`, ok: ratio <= 2.5 });
  }
  return rows;
}

/** The budgets, for the sizes they are stated for. */
export function budgetsOf(entries: number, row: Row): Budget[] {
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
