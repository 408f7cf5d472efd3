/**
 * One file-system watcher per root, debounced: a burst of writes by a running service costs one refresh of that root.
 */
import * as vscode from 'vscode';

const DEBOUNCE_MS = 300;

export class RootWatchers implements vscode.Disposable {
  private readonly watchers = new Map<string, { watcher: vscode.FileSystemWatcher; timer?: NodeJS.Timeout }>();
  /** How many refreshes the watchers asked for (bursts coalesce into one). */
  refreshes = 0;

  constructor(private readonly onRootChanged: (root: string) => void) {}

  /** Watches exactly these roots. */
  update(roots: readonly string[]): void {
    for (const [root, entry] of this.watchers) {
      if (roots.includes(root)) continue;
      clearTimeout(entry.timer);
      entry.watcher.dispose();
      this.watchers.delete(root);
    }
    for (const root of roots) {
      if (this.watchers.has(root)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '*/*'));
      const entry: { watcher: vscode.FileSystemWatcher; timer?: NodeJS.Timeout } = { watcher };
      const changed = (): void => {
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => {
          this.refreshes++;
          this.onRootChanged(root);
        }, DEBOUNCE_MS);
      };
      watcher.onDidCreate(changed);
      watcher.onDidChange(changed);
      watcher.onDidDelete(changed);
      this.watchers.set(root, entry);
    }
  }

  dispose(): void {
    this.update([]);
  }
}
