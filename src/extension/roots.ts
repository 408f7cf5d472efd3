/**
 * The cache roots the view shows: configured ones first, then those discovered in the workspace folders. Each root
 * keeps what is expensive to learn (its key layout, its statistics) until it changes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { detectStoreDir, discoverRoots, Foreground, LayoutHint, listRoot, RootCensus, RootFreshness, RootStats, scanCensus, sniffLayout, StoreView } from '../core';
import { configuredRoots, discoveryEnabled, staleAfterEvents, tempGraceMs } from './settings';
import { readStoreOffThread } from './storeReader';

export interface CacheRoot {
  /** Absolute path as configured or found. */
  path: string;
  source: 'configured' | 'discovered';
  /** The store directory the settings link to this root. */
  store?: string;
}

/** The event store a root's entries are checked against: linked in the settings, or found beside the root. */
export interface StoreLink {
  dir: string;
  source: 'configured' | 'detected';
}

/** The last census asked for: roots take turns, as each census already takes every CPU (two at once only add memory). */
let lastCensus: Promise<unknown> = Promise.resolve();

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const turn = lastCensus.then(work, work);
  lastCensus = turn.catch(() => undefined);
  return turn;
}

export class RootState {
  private layout: Promise<LayoutHint> | undefined;
  private scanned: Promise<RootCensus> | undefined;
  private runningScan: Promise<RootCensus> | undefined;
  private queuedScan: Promise<RootCensus> | undefined;
  private lastScan: { started: number; ended: number } | undefined;
  private link: Promise<StoreLink | undefined> | undefined;
  private store: Promise<StoreView | undefined> | undefined;
  private judged: Promise<RootFreshness | undefined> | undefined;
  /** The link, the store and the whole-root freshness once known, for code that must not wait. */
  resolvedLink: StoreLink | undefined;
  resolvedStore: StoreView | undefined;
  resolvedFreshness: RootFreshness | undefined;
  /** The last census (statistics, charts, audit), for code that must not wait. */
  resolvedCensus: RootCensus | undefined;
  /** Bumped whenever the root or its store changed: what was read from it before may be out of date. */
  generation = 0;

  /** `foreground` is shared by every root: a tree request on one root pauses the statistics scans of all. */
  constructor(
    readonly root: CacheRoot,
    private readonly foreground: Foreground,
  ) {}

  get path(): string {
    return this.root.path;
  }

  layoutHint(): Promise<LayoutHint> {
    this.layout ??= listRoot(this.path).then((listing) => sniffLayout(this.path, listing.dirs));
    return this.layout;
  }

  /**
   * Runs tree work (a level, a page) before the background statistics scans: expanding a 100,000-entry root while its
   * scan ran took 590 ms instead of 190 ms, the two taking turns on the event loop. `work` must not wait for the scan.
   */
  inForeground<T>(work: () => Promise<T>): Promise<T> {
    return this.foreground.run(work);
  }

  /** Whether the census was never taken, or forgotten since the root or its store changed. */
  get needsScan(): boolean {
    return this.scanned === undefined;
  }

  /** The statistics once computed, for code that must not wait. */
  get resolvedStats(): RootStats | undefined {
    return this.resolvedCensus?.stats;
  }

  /**
   * The root's census (statistics, the overview's charts, the audit), taken once in worker threads and kept until
   * the root or its store changes.
   */
  census(): Promise<RootCensus> {
    this.scanned ??= this.nextScan();
    return this.scanned;
  }

  /** Whole-root statistics, from the census. */
  async statistics(): Promise<RootStats> {
    return (await this.census()).stats;
  }

  /**
   * One scan of the root at a time, and at most one waiting: changes made while a scan runs are seen by the one after
   * it. A writer doing 1,000 writes a second invalidated a 100,000-entry root every few hundred ms, and each
   * invalidation started another full scan beside the running ones: the extension host took seconds to answer.
   */
  private nextScan(): Promise<RootCensus> {
    if (this.queuedScan) return this.queuedScan;
    const scan = async (): Promise<RootCensus> => {
      await this.restAfterScan();
      // With a store linked, the workers judge every entry against it in the same scan. The view's own read of the
      // store goes first: three threads reading it at once on two CPUs only compete (the host's thread with them).
      // A store that cannot be read leaves the census without freshness; storeView() says why.
      const link = await this.storeLink();
      const readable = link && (await this.storeView().then(Boolean, () => false));
      const census = await inTurn(async () => {
        const started = performance.now();
        try {
          return await scanCensus(this.path, {
            storeDir: readable ? link.dir : undefined,
            storeOptional: true,
            tempGraceMs: tempGraceMs(),
            staleAfterEvents: staleAfterEvents(),
            // Background work: tree requests pause it, and its threads give way to the editor's.
            yieldTo: this.foreground,
            background: true,
          });
        } finally {
          this.lastScan = { started, ended: performance.now() };
        }
      });
      // The workers sniffed the layout: the tree need not read the root for it on this thread.
      this.layout ??= Promise.resolve(census.layout);
      return (this.resolvedCensus = census);
    };
    let next: Promise<RootCensus>;
    if (this.runningScan) {
      const queued = this.runningScan
        .catch(() => undefined)
        .then(() => {
          this.queuedScan = undefined;
          return scan();
        });
      this.queuedScan = queued;
      next = queued;
    } else next = scan();
    this.runningScan = next;
    const settled = (): void => {
      if (this.runningScan === next) this.runningScan = undefined;
    };
    next.then(settled, settled);
    return next;
  }

  /**
   * Waits, after a scan, as long as that scan took before the next one starts: under a steady writer a 100,000-entry
   * root is rescanned back to back (each scan takes seconds), which kept the extension host busy all the time.
   */
  private async restAfterScan(): Promise<void> {
    if (!this.lastScan) return;
    const rest = this.lastScan.ended + (this.lastScan.ended - this.lastScan.started) - performance.now();
    if (rest > 0) await sleep(rest);
  }

  storeLink(): Promise<StoreLink | undefined> {
    const configured = this.root.store;
    const found = (): Promise<StoreLink | undefined> =>
      configured ? Promise.resolve({ dir: configured, source: 'configured' }) : detectStoreDir(this.path).then((dir) => (dir ? { dir, source: 'detected' } : undefined));
    return (this.link ??= found().then((link) => (this.resolvedLink = link)));
  }

  /**
   * The linked store, read once (in a worker thread) and kept until it changes; rejects with the reader's message
   * when it cannot be read.
   */
  storeView(): Promise<StoreView | undefined> {
    this.store ??= this.storeLink().then(async (link) => (this.resolvedStore = link && (await readStoreOffThread(link.dir))));
    return this.store;
  }

  /**
   * Every entry judged against the store, as the census judged them; undefined without a store. Rejects with the
   * store reader's error when the store cannot be read.
   */
  freshness(): Promise<RootFreshness | undefined> {
    this.judged ??= Promise.all([this.census(), this.storeView()]).then(([census]) => {
      const judged = census.freshness ? { counts: census.freshness.counts, groupKinds: census.freshness.groupKinds } : undefined;
      this.resolvedFreshness = judged;
      return judged;
    });
    return this.judged;
  }

  /** Forgets the census (the root changed); the last one stays visible until a new one arrives. */
  invalidate(): void {
    this.scanned = undefined;
    this.judged = undefined;
    this.generation++;
  }

  /** Whether the entries are to be judged (shown) again: a census was taken since they were. Only with a store linked. */
  get needsJudging(): boolean {
    return this.judged === undefined && this.resolvedLink !== undefined && this.resolvedCensus !== undefined;
  }

  /**
   * Forgets the store's events (the store was appended to) and a store found beside the root (one may appear). The
   * census is taken again: its workers judge the entries against the store as they read it.
   */
  invalidateStore(): void {
    this.store = undefined;
    this.invalidate();
    if (!this.root.store) this.link = undefined;
  }
}

export class RootRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private states = new Map<string, RootState>();
  private readonly foreground = new Foreground();
  private discovered: string[] = [];
  private discovering: Promise<void> | undefined;

  /** Roots in display order. Starts discovery on first use. */
  async roots(): Promise<RootState[]> {
    if (!this.discovering) this.discovering = this.discover();
    await this.discovering;
    const configured = configuredRoots();
    const all: CacheRoot[] = [
      ...configured.map(({ path, store }) => ({ path, store, source: 'configured' as const })),
      ...this.discovered.filter((path) => !configured.some((root) => root.path === path)).map((path) => ({ path, source: 'discovered' as const })),
    ];
    const next = new Map<string, RootState>();
    for (const root of all) {
      const known = this.states.get(root.path);
      const same = known && known.root.source === root.source && known.root.store === root.store;
      next.set(root.path, same ? known : new RootState(root, this.foreground));
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
    for (const state of this.states.values()) {
      state.invalidate();
      state.invalidateStore();
    }
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
