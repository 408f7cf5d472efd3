/**
 * Watching each root for writes by a running service. A file-system watcher per root, debounced so that a burst of
 * writes costs one refresh; and, because VS Code's watcher can miss events (seen right after it starts), a cheap
 * poll of the shard directories' modification times (a rename in a directory changes its mtime) every few seconds.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

const DEBOUNCE_MS = 300;
const POLL_MS = 2000;

interface Watch {
  watcher: vscode.FileSystemWatcher;
  timer?: NodeJS.Timeout;
  signature?: string;
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

  constructor(private readonly onRootChanged: (root: string) => void) {}

  /** Watches exactly these roots. */
  update(roots: readonly string[]): void {
    for (const [root, watch] of this.watches) {
      if (roots.includes(root)) continue;
      clearTimeout(watch.timer);
      watch.watcher.dispose();
      this.watches.delete(root);
    }
    for (const root of roots) {
      if (this.watches.has(root)) continue;
      const watch: Watch = { watcher: vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '*/*')) };
      const changed = (): void => this.changed(root, watch);
      watch.watcher.onDidCreate(changed);
      watch.watcher.onDidChange(changed);
      watch.watcher.onDidDelete(changed);
      void directorySignature(root).then((signature) => (watch.signature ??= signature));
      this.watches.set(root, watch);
    }
  }

  private changed(root: string, watch: Watch): void {
    clearTimeout(watch.timer);
    watch.timer = setTimeout(() => {
      this.refreshes++;
      this.onRootChanged(root);
    }, DEBOUNCE_MS);
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
