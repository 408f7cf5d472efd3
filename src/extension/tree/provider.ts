/** The explorer's TreeDataProvider: roots from the registry, nodes from the core, refreshes scoped to a node. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CacheInputError, Selector, ValueQuery } from '../../core';
import { inputErrorText } from '../inputProblems';
import type { ProjectionNames } from '../names/projectionNames';
import { RootRegistry, RootState } from '../roots';
import * as settings from '../settings';
import { EntryNode, MessageNode, Node, PagedNode, RootNode, ViewContext } from './nodes';
import { entryTooltip, rootTooltip } from './markdown';
import { ValueScans } from './valueScans';

/** A filter by key, age or freshness. */
export interface KeyFilter {
  /** Shown in the view's description, e.g. `prefix "account:1"`. */
  label: string;
  /** The selectors for one root (a freshness filter needs that root's store). */
  selectors(state: RootState): Promise<Selector[]> | Selector[];
}

/** The view's filter: by key (or age, or freshness), by value, or both at once. */
export interface ViewFilter {
  keys?: KeyFilter;
  /** Only the entries (of those `keys` takes) whose value the query matches. */
  where?: ValueQuery;
}

export class CacheTreeProvider implements vscode.TreeDataProvider<Node>, ViewContext, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private rootNodes = new Map<string, RootNode>();
  private activeFilter: ViewFilter | undefined;
  /** The scans of the filter by value; their counts are for the view's message. */
  readonly valueScans = new ValueScans();

  constructor(
    private readonly registry: RootRegistry,
    readonly names: ProjectionNames,
  ) {}

  grouping = settings.grouping;
  pageSize = settings.pageSize;
  maxStaleMs = settings.maxStaleMs;

  async filter(state: RootState): Promise<Selector[]> {
    const filter = this.activeFilter;
    const selectors = (await filter?.keys?.selectors(state)) ?? [];
    return filter?.where ? [...selectors, await this.valueScans.matching(state, selectors, filter.where)] : selectors;
  }

  get currentFilter(): ViewFilter | undefined {
    return this.activeFilter;
  }

  /** `prefix "account:1" · value {"balance_cents": {"$lt": 0}}`, for the view's description. */
  get filterLabel(): string | undefined {
    const filter = this.activeFilter;
    const parts = [filter?.keys?.label, filter?.where && vscode.l10n.t('value {0}', filter.where.source)].filter((part): part is string => typeof part === 'string');
    return parts.length > 0 ? parts.join(' · ') : undefined;
  }

  setFilter(filter: ViewFilter | undefined): void {
    this.valueScans.reset();
    this.activeFilter = filter && (filter.keys || filter.where) ? filter : undefined;
    void vscode.commands.executeCommand('setContext', 'batpakCache.filtered', this.activeFilter !== undefined);
    this.refresh();
  }

  /** Re-reads one node (and below), or everything; a root whose statistics were forgotten is scanned again. */
  refresh(node?: Node): void {
    if (!node) {
      for (const root of this.rootNodes.values()) {
        root.shown = 0;
        root.forget();
      }
    }
    if (node instanceof RootNode) this.startScans(node);
    this.redraw(node);
  }

  /** Draws every node again as it is (names changed): nothing is listed or scanned again. */
  relabel(): void {
    this.changed.fire(undefined);
  }

  /** Shows the next page of `node`'s children below those already shown. */
  async loadMore(node: PagedNode): Promise<void> {
    await node.loadMore();
    this.changed.fire(node);
  }

  /** Draws `node` (and below) again from a new listing. */
  private redraw(node: Node | undefined): void {
    if (node instanceof PagedNode) node.forget();
    this.changed.fire(node);
  }

  shownRoots(): RootNode[] {
    return [...this.rootNodes.values()];
  }

  /** The root node showing `root`, if any. */
  rootNode(root: string): RootNode | undefined {
    return this.rootNodes.get(root);
  }

  /** Only draws the node: scans start when roots are listed or refreshed (startScans), never on a redraw. */
  getTreeItem(node: Node): vscode.TreeItem {
    return node.treeItem();
  }

  /**
   * Starts what a root's description waits for, in the background: its statistics (then the judging of its entries)
   * when never computed or forgotten, or only the judging when its store changed.
   */
  private startScans(node: RootNode): void {
    if (node.state.needsScan && !node.error) {
      node.state.statistics().then(
        () => {
          this.redraw(node);
          this.judge(node);
        },
        (error: unknown) => {
          node.error = describeError(error);
          this.redraw(node);
        },
      );
    } else if (node.state.needsJudging) this.judge(node);
  }

  /** Judges the root's entries against its store in the background; shown entries are re-judged with its hints. */
  private judge(node: RootNode): void {
    node.state.freshness().then(
      (judged) => {
        node.storeError = undefined;
        if (judged) this.redraw(node);
      },
      (error: unknown) => {
        node.storeError = describeError(error);
        this.redraw(node);
      },
    );
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const states = await this.registry.roots();
      const next = new Map<string, RootNode>();
      for (const state of states) next.set(state.path, this.rootNodes.get(state.path)?.state === state ? (this.rootNodes.get(state.path) as RootNode) : new RootNode(state, this));
      this.rootNodes = next;
      for (const root of next.values()) this.startScans(root);
      return [...next.values()];
    }
    try {
      return await node.children();
    } catch (error) {
      return [new MessageNode(`${node.id}|error`, describeError(error), 'error')];
    }
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    if (node instanceof EntryNode) item.tooltip = entryTooltip(node.record, node.file, node.freshness, this.names.nameOf(node.record.key));
    else if (node instanceof RootNode) item.tooltip = rootTooltip(node.state, node.storeError);
    return item;
  }

  dispose(): void {
    this.valueScans.dispose();
    this.changed.dispose();
  }
}

/** A sentence for an error: bad input in the extension's words, a file-system error naming the path and what to do. */
export function describeError(error: unknown): string {
  if (error instanceof CacheInputError) return inputErrorText(error);
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : undefined;
  const file = typeof error === 'object' && error && 'path' in error ? String(error.path) : undefined;
  const where = file ? path.basename(file) : vscode.l10n.t('the cache root');
  if (code === 'ENOENT') return vscode.l10n.t('{0} does not exist: check batpakCache.roots', where);
  if (code === 'EACCES' || code === 'EPERM') return vscode.l10n.t('{0} cannot be read: permission denied', where);
  if (code === 'ENOTDIR') return vscode.l10n.t('{0} is not a directory', where);
  return error instanceof Error ? error.message : String(error);
}
