/**
 * The view's filter by value, one scan a root: it reads the values of the entries the other filters leave (the core's
 * scanValues, one file at a time) and keeps the paths the query matched, which every node of the root then lists by
 * name. A root that changed is scanned again when it is next listed, one scan a root at a time. Scans show their
 * progress in the view (its progress bar, and the counts as its message); clearing the filter stops them.
 */
import * as vscode from 'vscode';
import { scanValues, Selector, ValueQuery, ValueScanProgress } from '../../core';
import { formatCount } from '../locale';
import { RootState } from '../roots';

interface Scan {
  generation: number;
  result: Promise<Selector>;
}

export class ValueScans implements vscode.Disposable {
  private scans = new Map<RootState, Scan>();
  private readonly counts = new Map<RootState, ValueScanProgress & { done: boolean }>();
  private controller = new AbortController();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** What the view's message should say about the scans: their counts, or undefined without a value filter. */
  readonly onDidChangeMessage = this.changed.event;

  /** The entries of the root the query matches among those the other selectors take, as a paths selector. */
  matching(state: RootState, selectors: readonly Selector[], where: ValueQuery): Promise<Selector> {
    const known = this.scans.get(state);
    if (known?.generation === state.generation) return known.result;
    const previous = known?.result.catch(() => undefined) ?? Promise.resolve(undefined);
    const signal = this.controller.signal;
    const result = previous.then(() => this.scan(state, selectors, where, signal));
    this.scans.set(state, { generation: state.generation, result });
    return result;
  }

  /** Stops every scan and forgets what they found (the filter changed or was cleared). */
  reset(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.scans = new Map();
    this.counts.clear();
    this.changed.fire(undefined);
  }

  private async scan(state: RootState, selectors: readonly Selector[], where: ValueQuery, signal: AbortSignal): Promise<Selector> {
    signal.throwIfAborted();
    const title = vscode.l10n.t('Reading values for the filter…');
    return await vscode.window.withProgress({ location: { viewId: 'batpakCache.explorer' }, title }, async () => {
      const paths = new Set<string>();
      const onProgress = (progress: ValueScanProgress): void => this.report(state, { ...progress, done: false }, signal);
      for await (const content of scanValues(state.path, { selectors, where, signal, onProgress })) paths.add(content.record.path);
      const last = this.counts.get(state);
      this.report(state, { dirsDone: last?.dirsTotal ?? 0, dirsTotal: last?.dirsTotal ?? 0, read: last?.read ?? 0, matched: paths.size, done: true }, signal);
      return { kind: 'paths', paths };
    });
  }

  private report(state: RootState, progress: ValueScanProgress & { done: boolean }, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.counts.set(state, progress);
    const all = [...this.counts.values()];
    const read = formatCount(all.reduce((sum, p) => sum + p.read, 0));
    const matched = formatCount(all.reduce((sum, p) => sum + p.matched, 0));
    this.changed.fire(
      all.every((p) => p.done)
        ? vscode.l10n.t('Filtered by value: {0} of the {1} entries read match.', matched, read)
        : vscode.l10n.t('Reading values: {0} read, {1} match so far. Clear Filter stops it.', read, matched),
    );
  }

  dispose(): void {
    this.controller.abort();
    this.changed.dispose();
  }
}
