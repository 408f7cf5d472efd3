/** `batpak-cache repair <root>`: diagnose, confirm, delete what batpak itself would discard, summarize. */
import { Command } from 'commander';
import {
  DEFAULT_TEMP_GRACE_MS,
  diagnose,
  formatBytes,
  formatCount,
  FIXED,
  parseDuration,
  repair,
  RepairCategory,
  RepairDiagnosis,
  resolveRootForChange,
} from '../../core';
import { cancellable, ChangeFlags, ensureConfirmable } from '../confirm';
import { counted, formatSpan, safe, table } from '../output';
import { confirmAndRemove, PREVIEW_NOTE } from '../removal';
import { once } from '../selection';

interface RepairFlags extends ChangeFlags {
  tempGrace?: string;
  json?: boolean;
}

export function registerRepair(program: Command): void {
  program
    .command('repair')
    .description('delete corrupt entries (under 16 bytes), orphaned temp files and misplaced entries; report the rest')
    .argument('<root>', 'the cache root')
    .option('--temp-grace <duration>', `temp files younger than this may be writes in progress and are kept (default ${formatSpan(DEFAULT_TEMP_GRACE_MS)})`, once('--temp-grace'))
    .option('--dry-run', 'show the diagnosis, delete nothing')
    .option('-y, --yes', 'do not ask (required when stdin is not a terminal)')
    .option('--json', 'print one JSON object: the diagnosis and the summary (see docs/cli.md)')
    .action(async (root: string, flags: RepairFlags) => {
      process.exitCode = await runRepair(root, flags);
    });
}

async function runRepair(rootArg: string, flags: RepairFlags): Promise<number> {
  const tempGraceMs = flags.tempGrace === undefined ? DEFAULT_TEMP_GRACE_MS : parseDuration(flags.tempGrace);
  ensureConfirmable(flags, 'repair');
  const root = await resolveRootForChange(rootArg);
  return cancellable((signal) => diagnoseAndRepair(root, tempGraceMs, flags, signal));
}

async function diagnoseAndRepair(root: string, tempGraceMs: number, flags: RepairFlags, signal: AbortSignal): Promise<number> {
  // One clock for the preview and the repair: a temp file kept as young in the preview is not deleted a moment later.
  const now = Date.now();
  const diagnosis = await diagnose(root, { tempGraceMs, now, signal });
  const count = fixableCount(diagnosis);
  return confirmAndRemove(
    {
      json: { diagnosis },
      preview: renderDiagnosis(root, diagnosis),
      count,
      question: `Delete ${counted(count, 'file')}?`,
      noun: ['file', 'files'],
      progressLabel: 'Repairing',
      execute: (onProgress) =>
        repair(root, { tempGraceMs, now, signal, onProgress: (s) => onProgress(s.deleted + s.failedCount + s.skipped, s.deleted) }),
    },
    flags,
  );
}

function fixableCount(d: RepairDiagnosis): number {
  return FIXED.reduce((sum, category) => sum + d.categories[category].count, 0);
}

const CATEGORIES: Record<RepairCategory, string> = {
  corrupt: 'corrupt entries (under 16 bytes)',
  staleTemp: 'orphaned temp files',
  misplaced: 'misplaced entries (wrong shard)',
  youngTemp: 'young temp files (may be writes in progress)',
  foreign: "foreign files (not batpak's)",
};
const ORDER: RepairCategory[] = ['corrupt', 'staleTemp', 'misplaced', 'youngTemp', 'foreign'];
/** Paths listed in the preview; the JSON diagnosis has up to 20 per category. */
const LISTED = 10;

function renderDiagnosis(root: string, d: RepairDiagnosis): string[] {
  const rows = ORDER.map((category) => {
    const report = d.categories[category];
    return [FIXED.includes(category) ? 'delete' : 'keep', CATEGORIES[category], formatCount(report.count), formatBytes(report.bytes)];
  });
  const lines = [
    `Repair ${safe(root)} (temp files older than ${formatSpan(d.tempGraceMs)} count as orphans)`,
    ...table([{ header: 'ACTION' }, { header: 'WHAT' }, { header: 'FILES', align: 'right' }, { header: 'SIZE', align: 'right' }], rows).map((line) => `  ${line}`),
  ];
  const doomed = FIXED.flatMap((category) => d.categories[category].sample);
  if (doomed.length > 0) lines.push('To delete:', ...doomed.slice(0, LISTED).map((p) => `  ${safe(p)}`));
  const fixable = fixableCount(d);
  if (fixable > Math.min(doomed.length, LISTED)) lines.push(`  … and ${formatCount(fixable - Math.min(doomed.length, LISTED))} more`);
  if (d.issues.length > 0) lines.push(`Left alone, could not be read or named: ${counted(d.issues.length, 'path')} (first: ${safe(d.issues[0].message)}).`);
  return fixable > 0 ? [...lines, PREVIEW_NOTE] : lines;
}
