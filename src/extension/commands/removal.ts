/**
 * The one flow every destructive command follows: plan (count, bytes, sample) -> modal confirmation that says what
 * will go and that entries written after the preview may survive -> cancellable progress -> summary.
 */
import * as vscode from 'vscode';
import { executePurge, planPurge, PurgeSample, RemovalSummary, Selector } from '../../core';
import { formatBytes, formatCount, formatDuration, isSingular } from '../locale';
import { selectorLabel } from './selectorLabel';

export interface RemovalRequest {
  root: string;
  selector: Selector;
  /** false: the caller has already confirmed (keybindings, other extensions, tests). */
  confirm: boolean;
}

/** Runs a purge; returns the core's summary, or undefined when the user declined or there was nothing to do. */
export async function runPurge(request: RemovalRequest): Promise<RemovalSummary | undefined> {
  const { root, selector } = request;
  const plan = await vscode.window.withProgress({ location: { viewId: 'batpakCache.explorer' }, title: vscode.l10n.t('Planning purge…') }, () => planPurge(root, selector));
  if (plan.count === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: no entry to purge.', selectorLabel(selector)));
    return undefined;
  }
  const what = isSingular(plan.count) ? vscode.l10n.t('{0} entry', formatCount(plan.count)) : vscode.l10n.t('{0} entries', formatCount(plan.count));
  return confirmAndRemove({
    confirm: request.confirm,
    count: plan.count,
    question: vscode.l10n.t('Delete {0} ({1}) from {2}?', what, formatBytes(plan.bytes), root),
    button: vscode.l10n.t('Delete {0}', what),
    what: selectorLabel(selector),
    sample: plan.sample.map(sampleLine),
    note: vscode.l10n.t('batpak replays the events to rebuild them on the next read. Entries written after this preview may survive.'),
    progressTitle: vscode.l10n.t('Purging cache entries'),
    execute: (signal, onProgress) => executePurge(root, selector, { signal, onProgress: (p) => onProgress(p.deleted + p.failed) }),
  });
}

/** A removal as the confirmation shows it: what goes (count, a sample), and how to do it. */
export interface Removal {
  /** false: the caller has already confirmed. */
  confirm: boolean;
  count: number;
  question: string;
  button: string;
  /** What goes, in words, and the first few of its files or keys. */
  what: string;
  sample: string[];
  note: string;
  progressTitle: string;
  execute(signal: AbortSignal, onProgress: (done: number) => void): Promise<RemovalSummary>;
}

/** The modal preview, then cancellable progress and the summary; undefined when the user declined. */
export async function confirmAndRemove(removal: Removal): Promise<RemovalSummary | undefined> {
  const { count } = removal;
  if (removal.confirm) {
    const sample = removal.sample.map((s) => `• ${s}`).join('\n');
    const more = count > removal.sample.length ? `\n${vscode.l10n.t('… and {0} more', formatCount(count - removal.sample.length))}` : '';
    const answer = await vscode.window.showWarningMessage(removal.question, { modal: true, detail: `${removal.what}:\n${sample}${more}\n\n${removal.note}` }, removal.button);
    if (answer !== removal.button) return undefined;
  }
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: removal.progressTitle, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    let reported = 0;
    return removal.execute(controller.signal, (done) => {
      progress.report({ message: vscode.l10n.t('{0} of {1}', formatCount(done), formatCount(count)), increment: ((done - reported) / count) * 100 });
      reported = done;
    });
  });
  showSummary(summary, 'deleted');
  return summary;
}

/** A sampled key with what tells an entity's entries apart: `account:1 · group 1281de33:0`. A raw key is its own label. */
function sampleLine({ label, key }: PurgeSample): string {
  if (key.typeHash === undefined || key.schemaVersion === undefined) return vscode.l10n.t('{0} · raw key', label);
  return vscode.l10n.t('{0} · group {1}:{2}', label, key.typeHash.toString(16).padStart(16, '0').slice(0, 8), key.schemaVersion.toString());
}

/** "Deleted 3 files (1.2 KB) in 15 ms", with "cancelled" and the first failure when there are any. */
export function showSummary(summary: RemovalSummary, kind: 'deleted' | 'repaired'): void {
  const files = isSingular(summary.deleted) ? vscode.l10n.t('{0} file', formatCount(summary.deleted)) : vscode.l10n.t('{0} files', formatCount(summary.deleted));
  const [bytes, duration] = [formatBytes(summary.bytes), formatDuration(summary.durationMs)];
  const done = kind === 'deleted' ? vscode.l10n.t('Deleted {0} ({1}) in {2}', files, bytes, duration) : vscode.l10n.t('Repaired: deleted {0} ({1}) in {2}', files, bytes, duration);
  const all =
    summary.restored === 0
      ? done
      : summary.restored === 1
        ? vscode.l10n.t('{0}; put back 1 claimed entry', done)
        : vscode.l10n.t('{0}; put back {1} claimed entries', done, formatCount(summary.restored));
  const head = summary.cancelled ? vscode.l10n.t('{0} — cancelled', all) : all;
  if (summary.failedCount > 0) {
    const first = summary.failed[0];
    void vscode.window.showWarningMessage(vscode.l10n.t('{0}; {1} failed ({2}: {3}).', head, formatCount(summary.failedCount), first.path, first.reason));
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}.', head));
  }
}
