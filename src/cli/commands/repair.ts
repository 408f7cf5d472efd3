/** `batpak-cache repair <root>`: diagnose, confirm, delete what batpak itself would discard, summarize. */
import { Command } from 'commander';
import {
  DEFAULT_TEMP_GRACE_MS,
  diagnose,
  FIXED,
  repair,
  RepairCategory,
  RepairDiagnosis,
  resolveRootForChange,
} from '../../core';
import { cancellable, ChangeFlags, ensureConfirmable, Stops } from '../confirm';
import { formatBytes, formatCount } from '../locale';
import { counted, formatSpan, safe, table } from '../output';
import { confirmAndRemove, PREVIEW_NOTE } from '../removal';
import { durationFlag, once } from '../selection';

interface RepairFlags extends ChangeFlags {
  tempGrace?: string;
  json?: boolean;
}

export function registerRepair(program: Command): void {
  program
    .command('repair')
    .description('delete corrupt entries (under 16 bytes), orphaned temp files and misplaced entries, put back entries an interrupted removal left claimed; report the rest')
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
  const tempGraceMs = flags.tempGrace === undefined ? DEFAULT_TEMP_GRACE_MS : durationFlag('--temp-grace', flags.tempGrace);
  ensureConfirmable(flags, 'repair');
  const root = await resolveRootForChange(rootArg);
  return cancellable((stops) => diagnoseAndRepair(root, tempGraceMs, flags, stops));
}

async function diagnoseAndRepair(root: string, tempGraceMs: number, flags: RepairFlags, { signal, halt }: Stops): Promise<number> {
  // One clock for the preview and the repair: a temp file kept as young in the preview is not deleted a moment later.
  const now = Date.now();
  const diagnosis = await diagnose(root, { tempGraceMs, now, signal });
  const count = fixableCount(diagnosis);
  return confirmAndRemove(
    {
      name: 'diagnosis',
      json: diagnosis,
      preview: renderDiagnosis(root, diagnosis),
      count,
      question: diagnosis.categories.claim.count > 0 ? `Repair ${counted(count, 'file')}?` : `Delete ${counted(count, 'file')}?`,
      noun: ['file', 'files'],
      progressLabel: 'Repairing',
      execute: (onProgress) =>
        repair(root, { tempGraceMs, now, signal, halt, onProgress: (s) => onProgress(s.deleted + s.restored + s.failedCount + s.skipped, s.deleted) }),
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
  claim: 'entries an interrupted removal left claimed',
  youngTemp: 'young temp files (may be writes in progress)',
  foreign: "foreign files (not batpak's)",
};
const ORDER: RepairCategory[] = ['corrupt', 'staleTemp', 'misplaced', 'claim', 'youngTemp', 'foreign'];

function action(category: RepairCategory): string {
  if (category === 'claim') return 'put back'; // or deleted, when its name is taken or it is not a valid entry
  return FIXED.includes(category) ? 'delete' : 'keep';
}
/** Paths listed in the preview; the JSON diagnosis has up to 20 per category. */
const LISTED = 10;

function renderDiagnosis(root: string, d: RepairDiagnosis): string[] {
  const rows = ORDER.map((category) => {
    const report = d.categories[category];
    return [action(category), CATEGORIES[category], formatCount(report.count), formatBytes(report.bytes)];
  });
  const lines = [
    `Repair ${safe(root)} (temp files older than ${formatSpan(d.tempGraceMs)} count as orphans)`,
    ...table([{ header: 'ACTION' }, { header: 'WHAT' }, { header: 'FILES', align: 'right' }, { header: 'SIZE', align: 'right' }], rows).map((line) => `  ${line}`),
  ];
  const doomed = FIXED.flatMap((category) => d.categories[category].sample);
  if (doomed.length > 0) lines.push(d.categories.claim.count > 0 ? 'To repair:' : 'To delete:', ...doomed.slice(0, LISTED).map((p) => `  ${safe(p)}`));
  const fixable = fixableCount(d);
  if (fixable > Math.min(doomed.length, LISTED)) lines.push(`  … and ${formatCount(fixable - Math.min(doomed.length, LISTED))} more`);
  if (d.issues.length > 0) lines.push(`Left alone, could not be read or named: ${counted(d.issues.length, 'path')} (first: ${safe(d.issues[0].message)}).`);
  return fixable > 0 ? [...lines, PREVIEW_NOTE] : lines;
}
