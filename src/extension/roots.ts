/**
 * The cache roots the view shows: configured ones first, then those discovered in the workspace folders. Each root
 * keeps what is expensive to learn (its key layout, its statistics) until it changes.
 */
import * as vscode from 'vscode';
import { collectStats, discoverRoots, LayoutHint, listRoot, RootStats, sniffLayout } from '../core';
import { configuredRoots, discoveryEnabled } from './settings';

export interface CacheRoot {
  /** Absolute path as configured or found. */
  path: string;
  source: 'configured' | 'discovered';
}

export class RootState {
  private layout: Promise<LayoutHint> | undefined;
  private stats: Promise<RootStats> | undefined;
  /** The statistics once computed, for code that must not wait. */
  resolvedStats: RootStats | undefined;

  constructor(readonly root: CacheRoot) {}

  get path(): string {
    return this.root.path;
  }

  layoutHint(): Promise<LayoutHint> {
    this.layout ??= listRoot(this.path).then((listing) => sniffLayout(this.path, listing.dirs));
    return this.layout;
  }

  /** Whole-root statistics, computed once in the background and kept until the root changes. */
  statistics(): Promise<RootStats> {
    this.stats ??= this.layoutHint()
      .then((layout) => collectStats(this.path, { layout }))
      .then((stats) => (this.resolvedStats = stats));
    return this.stats;
  }

  /** Forgets the statistics (the root changed); the last ones stay visible until new ones arrive. */
  invalidate(): void {
    this.stats = undefined;
  }
}

export class RootRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private states = new Map<string, RootState>();
  private discovered: string[] = [];
  private discovering: Promise<void> | undefined;

  /** Roots in display order. Starts discovery on first use. */
  async roots(): Promise<RootState[]> {
    if (!this.discovering) this.discovering = this.discover();
    await this.discovering;
    const configured = configuredRoots();
    const all: CacheRoot[] = [
      ...configured.map((path) => ({ path, source: 'configured' as const })),
      ...this.discovered.filter((path) => !configured.includes(path)).map((path) => ({ path, source: 'discovered' as const })),
    ];
    const next = new Map<string, RootState>();
    for (const root of all) {
      const known = this.states.get(root.path);
      next.set(root.path, known && known.root.source === root.source ? known : new RootState(root));
    }
    this.states = next;
    void vscode.commands.executeCommand('setContext', 'batpakCache.rootCount', next.size);
    return [...next.values()];
  }

  get(path: string): RootState | undefined {
    return this.states.get(path);
  }

  /** Forgets discovery results and cached facts; the next `roots()` looks again. */
  reset(): void {
    this.discovering = undefined;
    for (const state of this.states.values()) state.invalidate();
    this.changed.fire();
  }

  private async discover(): Promise<void> {
    this.discovered = [];
    if (!discoveryEnabled()) return;
    const excluded = excludedNames();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const result = await discoverRoots(folder.uri.fsPath, { skip: (_absolute, name) => excluded.has(name) });
      this.discovered.push(...result.roots);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Directory names hidden by `files.exclude` patterns of the common `**\/name` and `name` forms. */
function excludedNames(): Set<string> {
  const patterns = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {};
  return new Set(
    Object.entries(patterns)
      .filter(([, on]) => on === true)
      .map(([pattern]) => pattern.replace(/^\*\*\//, ''))
      .filter((name) => !/[*?[\]{}/]/.test(name)),
  );
}
