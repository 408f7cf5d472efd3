/**
 * The second half of purge and repair, once the core has made its plan: preview, confirmation, deletion with a
 * progress bar, summary, exit code.
 */
import { RemovalSummary } from '../core';
import { formatBytes, formatCount, formatDuration } from './locale';
import { askYesNo, ChangeFlags, INTERRUPTED } from './confirm';
import { counted, safe, writeJson, writeLines } from './output';
import { Progress } from './progress';

/** Ends every preview: the core re-decides each file when it reaches it. */
export const PREVIEW_NOTE = 'Entries written after this preview may survive; each file is re-checked just before it is removed.';

/** Failures listed in human output; the JSON summary lists up to 100 and counts them all. */
const LISTED_FAILURES = 10;

export interface PlannedRemoval {
  /** The plan's key in the JSON output and its JSON form. */
  name: 'plan' | 'diagnosis';
  json: object;
  preview: string[];
  /** How many files the plan would delete. */
  count: number;
  question: string;
  /** The unit counted in the summary: entries for purge, files for repair. */
  noun: [one: string, many: string];
  progressLabel: string;
  execute: (onProgress: (done: number, deleted: number) => void) => Promise<RemovalSummary>;
}

export async function confirmAndRemove(removal: PlannedRemoval, flags: ChangeFlags & { json?: boolean }): Promise<number> {
  const { name, json, preview } = removal;
  if (flags.dryRun || removal.count === 0) {
    if (flags.json) await writeJson({ [name]: json, summary: null });
    else await writeLines([...preview, flags.dryRun ? 'Dry run: nothing was deleted.' : 'Nothing to delete.']);
    return 0;
  }
  // With --json stdout carries only the JSON: the preview goes to stderr, and only when someone is asked.
  if (!flags.json) await writeLines(preview);
  else if (!flags.yes) process.stderr.write(preview.join('\n') + '\n');
  if (!flags.yes && !(await askYesNo(removal.question))) {
    process.stderr.write('Nothing was deleted.\n');
    return 1;
  }

  const progress = new Progress(removal.progressLabel);
  const summary = await removal.execute((done, deleted) => progress.update(done, removal.count, `${formatCount(deleted)} deleted`));
  progress.stop();
  // Whole milliseconds, as in stats --json.
  if (flags.json) await writeJson({ [name]: json, summary: { ...summary, durationMs: Math.round(summary.durationMs) } });
  else await writeLines(renderSummary(summary, ...removal.noun));
  return exitCodeOf(summary);
}

function renderSummary(summary: RemovalSummary, one: string, many: string): string[] {
  const lines = [`Deleted ${counted(summary.deleted, one, many)} (${formatBytes(summary.bytes)}) in ${formatDuration(summary.durationMs)}.`];
  if (summary.restored > 0) lines.push(`Put back ${counted(summary.restored, 'entry', 'entries')} an interrupted removal had claimed.`);
  // Age and freshness purges read every entry and skip the ones that do not match, as well as those that changed.
  if (summary.skipped > 0) lines.push(`Skipped ${counted(summary.skipped, 'file')}: gone, changed, or not matching when reached.`);
  if (summary.failedCount > 0) {
    lines.push(`Failed to delete ${counted(summary.failedCount, 'file')}:`);
    lines.push(...summary.failed.slice(0, LISTED_FAILURES).map((f) => `  ${safe(f.path)}: ${f.reason}`));
    if (summary.failedCount > LISTED_FAILURES) lines.push(`  … and ${formatCount(summary.failedCount - LISTED_FAILURES)} more (--json lists up to 100)`);
  }
  if (summary.cancelled) lines.push('Cancelled: the files not reached yet were left as they were.');
  return lines;
}

function exitCodeOf(summary: RemovalSummary): number {
  if (summary.cancelled) return INTERRUPTED;
  return summary.failedCount > 0 ? 1 : 0;
}
