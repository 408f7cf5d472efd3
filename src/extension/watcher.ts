/**
 * Watching each root (or linked store) for writes by a running service. A file-system watcher per directory whose
 * changes coalesce: a burst of writes costs one refresh, a steady stream one per wait; and, because VS Code's watcher can miss events (seen right after it starts), a cheap
 * poll of the shard directories' modification times (a rename in a directory changes its mtime) every few seconds.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isShardName } from '../core';

const DEBOUNCE_MS = 300;
const POLL_MS = 2000;
/**
 * A root that keeps changing refreshes at most this often: each refresh lists every shard again (a quarter of a second
 * of the extension host's time at 100,000 entries), so refreshing every wait under a steady writer kept it busy.
 */
const MIN_INTERVAL_MS = 2000;

interface Watch {
  watcher?: vscode.FileSystemWatcher;
  timer?: NodeJS.Timeout;
  signature?: string;
  lastRefresh?: number;
}

/** The mtimes of the root and its immediate subdirectories: changes whenever a file is created, renamed or removed. */
async function directorySignature(root: string): Promise<string> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => path.join(root, e.name));
  const stats = await Promise.all([root, ...dirs].map((dir) => fs.stat(dir).then((s) => s.mtimeMs, () => 0)));
  return stats.join(',');
}

export class RootWatchers implements vscode.Disposable {
  private readonly watches = new Map<string, Watch>();
  private readonly poller = setInterval(() => void this.poll(), POLL_MS);
  /** How many refreshes the watchers asked for (bursts coalesce into one). */
  refreshes = 0;

  /** `pattern`: the files whose changes count, relative to each watched directory; `waitMs`: how long changes gather. */
  constructor(
    private readonly onRootChanged: (root: string) => void,
    private readonly pattern = '*/*',
    private readonly waitMs = DEBOUNCE_MS,
  ) {}

  /** Watches exactly these roots. */
  update(roots: readonly string[]): void {
    for (const [root, watch] of this.watches) {
      if (roots.includes(root)) continue;
      clearTimeout(watch.timer);
      watch.watcher?.dispose();
      this.watches.delete(root);
    }
    for (const root of roots) {
      if (this.watches.has(root)) continue;
      const watch: Watch = {};
      this.watches.set(root, watch);
      void this.canWatch(root).then((ok) => {
        if (!ok || this.watches.get(root) !== watch) return;
        watch.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), this.pattern));
        const changed = (): void => this.changed(root, watch);
        watch.watcher.onDidCreate(changed);
        watch.watcher.onDidChange(changed);
        watch.watcher.onDidDelete(changed);
      });
      void directorySignature(root).then((signature) => (watch.signature ??= signature));
    }
  }

  /**
   * A pattern with `/` makes VS Code watch the whole tree below the directory: cheap on a cache root (shard
   * directories only), not on a misconfigured `/` or home directory, which the poll alone then covers.
   */
  private async canWatch(dir: string): Promise<boolean> {
    if (!this.pattern.includes('/')) return true;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory()).every((e) => isShardName(e.name));
  }

  /** The first change starts the wait and later ones join it: a steady stream of writes still refreshes. */
  private changed(root: string, watch: Watch): void {
    if (watch.timer) return;
    const sinceLast = watch.lastRefresh === undefined ? Infinity : Date.now() - watch.lastRefresh;
    watch.timer = setTimeout(() => {
      watch.timer = undefined;
      watch.lastRefresh = Date.now();
      this.refreshes++;
      this.onRootChanged(root);
    }, Math.max(this.waitMs, MIN_INTERVAL_MS - sinceLast));
  }

  private async poll(): Promise<void> {
    for (const [root, watch] of this.watches) {
      const signature = await directorySignature(root);
      if (watch.signature !== undefined && signature !== watch.signature) this.changed(root, watch);
      watch.signature = signature;
    }
  }

  dispose(): void {
    clearInterval(this.poller);
    this.update([]);
  }
}
