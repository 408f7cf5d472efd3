/**
 * The one flow every destructive command follows: plan (count, bytes, sample) -> modal confirmation that says what
 * will go and that entries written after the preview may survive -> cancellable progress -> summary.
 */
import * as vscode from 'vscode';
import { describeSelector, executePurge, formatBytes, formatCount, formatDuration, planPurge, RemovalSummary, Selector } from '../../core';

export interface RemovalRequest {
  root: string;
  selector: Selector;
  /** false: the caller has already confirmed (keybindings, other extensions, tests). */
  confirm: boolean;
}

/** Runs a purge; returns the core's summary, or undefined when the user declined or there was nothing to do. */
export async function runPurge(request: RemovalRequest): Promise<RemovalSummary | undefined> {
  const { root, selector } = request;
  const plan = await vscode.window.withProgress({ location: { viewId: 'batpakCache.explorer' }, title: 'Planning purge…' }, () => planPurge(root, selector));
  if (plan.count === 0) {
    void vscode.window.showInformationMessage(`Nothing to purge: no entry matches ${describeSelector(selector)}.`);
    return undefined;
  }
  if (request.confirm) {
    const what = `${formatCount(plan.count)} ${plan.count === 1 ? 'entry' : 'entries'}`;
    const sample = plan.sample.map((s) => `• ${s.label}`).join('\n');
    const more = plan.count > plan.sample.length ? `\n… and ${formatCount(plan.count - plan.sample.length)} more` : '';
    const button = `Delete ${what}`;
    const answer = await vscode.window.showWarningMessage(
      `Delete ${what} (${formatBytes(plan.bytes)}) from ${root}?`,
      {
        modal: true,
        detail: `${describeSelector(selector)}:\n${sample}${more}\n\nbatpak replays the events to rebuild them on the next read. Entries written after this preview may survive.`,
      },
      button,
    );
    if (answer !== button) return undefined;
  }
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Purging cache entries', cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      return executePurge(root, selector, {
        signal: controller.signal,
        onProgress: (p) => {
          const done = p.deleted + p.failed;
          progress.report({ message: `${formatCount(done)} of ${formatCount(plan.count)}`, increment: ((done - reported) / plan.count) * 100 });
          reported = done;
        },
      });
    },
  );
  showSummary(summary, 'Deleted');
  return summary;
}

export function showSummary(summary: RemovalSummary, verb: string): void {
  const head = `${verb} ${formatCount(summary.deleted)} ${summary.deleted === 1 ? 'file' : 'files'} (${formatBytes(summary.bytes)}) in ${formatDuration(summary.durationMs)}`;
  const tail = summary.cancelled ? ' — cancelled' : '';
  if (summary.failedCount > 0) {
    const first = summary.failed[0];
    void vscode.window.showWarningMessage(`${head}${tail}; ${formatCount(summary.failedCount)} failed (${first.path}: ${first.reason}).`);
  } else {
    void vscode.window.showInformationMessage(`${head}${tail}.`);
  }
}
