/** The explorer's nodes: each knows its tree item and its children, and asks the core for everything else. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  cachedAtMs,
  describeKey,
  entryFreshness,
  EntryRecord,
  FileRecord,
  Freshness,
  FreshnessCounts,
  FreshnessState,
  groupLabel,
  listProblems,
  queryEntries,
  Selector,
  summarizeEntities,
  summarizeShards,
} from '../../core';
import { formatAge, formatBytes, formatCount, isSingular } from '../locale';
import { RootState } from '../roots';
import { Grouping } from '../settings';

/** What nodes need from the view: settings and the active filter, read at the moment a node is expanded. */
export interface ViewContext {
  grouping(): Grouping;
  pageSize(): number;
  maxStaleMs(): number;
  /** The filter's selectors for one root, or [] when the view is not filtered. */
  filter(state: RootState): Promise<Selector[]>;
}

export abstract class Node {
  abstract readonly id: string;
  parent: Node | undefined;
  abstract treeItem(): vscode.TreeItem;
  children(): Promise<Node[]> {
    return Promise.resolve([]);
  }
}

const entries = (n: number): string => (isSingular(n) ? vscode.l10n.t('{0} entry', formatCount(n)) : vscode.l10n.t('{0} entries', formatCount(n)));

/** A node whose children come in pages, with a "Load more" item and honest totals. */
export abstract class PagedNode extends Node {
  shown = 0;
  total: number | undefined;

  constructor(protected readonly view: ViewContext) {
    super();
  }

  protected abstract page(offset: number, limit: number): Promise<{ total: number; nodes: Node[] }>;

  async children(): Promise<Node[]> {
    if (this.shown === 0) this.shown = this.view.pageSize();
    const { total, nodes } = await this.page(0, this.shown);
    this.total = total;
    for (const node of nodes) node.parent = this;
    if (total <= this.shown) return nodes;
    const more = new LoadMoreNode(this, total - this.shown);
    return [...nodes, more];
  }

  /** "500 of 3,912" when not everything is shown. */
  protected progress(total: number): string {
    return total > this.shown && this.shown > 0 ? vscode.l10n.t('{0} of {1}', formatCount(this.shown), formatCount(total)) : entries(total);
  }
}

export class LoadMoreNode extends Node {
  readonly id: string;
  constructor(
    readonly owner: PagedNode,
    readonly remaining: number,
  ) {
    super();
    this.id = `${owner.id}|more`;
    this.parent = owner;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more ({0} remaining)', formatCount(this.remaining)));
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('more');
    item.command = { command: 'batpakCache.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    item.contextValue = 'loadMore';
    return item;
  }
}

export class MessageNode extends Node {
  constructor(
    readonly id: string,
    private readonly message: string,
    private readonly icon = 'info',
  ) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    return item;
  }
}

export class RootNode extends PagedNode {
  readonly id: string;
  error: string | undefined;
  /** Why the linked store could not be read. */
  storeError: string | undefined;

  constructor(
    readonly state: RootState,
    view: ViewContext,
  ) {
    super(view);
    this.id = `root|${state.path}`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(path.basename(this.state.path) || this.state.path, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.resourceUri = vscode.Uri.file(this.state.path);
    item.iconPath = new vscode.ThemeIcon(this.error ? 'error' : 'database');
    item.contextValue = `root:${this.state.root.source}`;
    const stats = this.state.resolvedStats;
    const judged = this.state.resolvedFreshness;
    const size = stats && vscode.l10n.t('{0} · {1}', entries(stats.entries), formatBytes(stats.bytes));
    item.description = this.error ?? (size ? (judged ? `${size} · ${freshnessSummary(judged.counts)}` : size) : vscode.l10n.t('scanning…'));
    return item;
  }

  /** The node `record` is listed under in the current grouping; undefined where that grouping leaves it out. */
  containerOf(record: EntryRecord): Node | undefined {
    const { key } = record;
    if (record.status === 'misplaced') return undefined;
    switch (this.view.grouping()) {
      case 'entity':
        return key.entity && new EntityNode(this, key.entity, describeKey(key.entity, { layout: 'raw' }), 0, this.view);
      case 'group':
        return key.typeHash === undefined || key.schemaVersion === undefined ? undefined : new GroupNode(this, key.typeHash, key.schemaVersion, key.kindsHash, 0, null, this.view);
      default:
        return new ShardNode(this, record.dir, 0, this.view);
    }
  }

  protected async page(offset: number, limit: number): Promise<{ total: number; nodes: Node[] }> {
    const layout = await this.state.layoutHint();
    const filter = await this.view.filter(this.state);
    const grouping = this.view.grouping();
    const { path: root } = this.state;
    // The shard and entity groupings read each directory once for both their counts and the problem files.
    const shards = grouping === 'shard' ? await this.state.inForeground(() => summarizeShards(root, layout, filter)) : undefined;
    const entities = grouping === 'entity' ? await this.state.inForeground(() => summarizeEntities(root, layout, filter)) : undefined;
    const problems = shards?.problems ?? entities?.problems ?? (await this.state.inForeground(() => listProblems(root, layout)));
    const problemNodes = problems.length > 0 ? [new ProblemsNode(this, problems)] : [];
    switch (grouping) {
      case 'entity': {
        const all = entities?.entities ?? [];
        const nodes = all.slice(offset, offset + limit).map((e) => new EntityNode(this, Buffer.from(e.entityHex, 'hex'), e.label, e.count, this.view));
        return { total: all.length, nodes: [...problemNodes, ...nodes] };
      }
      case 'group': {
        const stats = await this.state.statistics();
        const groups = stats.groups.filter((g) => g.layout !== 'raw');
        const nodes = groups.slice(offset, offset + limit).map((g) => new GroupNode(this, g.typeHash as bigint, g.schemaVersion as bigint, g.kindsHash ?? undefined, g.count, g.newestCachedAtUs, this.view));
        return { total: groups.length, nodes: [...problemNodes, ...nodes] };
      }
      default: {
        const nonEmpty = (shards?.shards ?? []).filter((s) => s.entries > 0);
        const nodes = nonEmpty.slice(offset, offset + limit).map((s) => new ShardNode(this, s.dir, s.entries, this.view));
        return { total: nonEmpty.length, nodes: [...problemNodes, ...nodes] };
      }
    }
  }
}

/** Entries of a root matching some scope, paged. */
abstract class EntryListNode extends PagedNode {
  constructor(
    readonly rootNode: RootNode,
    view: ViewContext,
  ) {
    super(view);
  }
  abstract scope(): Selector[];
  protected async page(offset: number, limit: number): Promise<{ total: number; nodes: Node[] }> {
    const state = this.rootNode.state;
    const selectors = [...this.scope(), ...(await this.view.filter(state))];
    const layout = await state.layoutHint();
    const result = await state.inForeground(() => queryEntries(state.path, { selectors, offset, limit, layout }));
    // Entries are judged against the store once it is read (a big one takes seconds in the worker: the page does not
    // wait), with the whole-root pass's hints once that is done; the root redraws then.
    state.storeView().catch(() => undefined);
    const store = state.resolvedStore;
    const judge = (record: EntryRecord): Freshness | null | undefined => store && entryFreshness(record, store, state.resolvedFreshness?.groupKinds);
    return { total: result.total, nodes: result.entries.map((record) => new EntryNode(this.rootNode, record, this.view, judge(record))) };
  }
}

export class ShardNode extends EntryListNode {
  readonly id: string;
  constructor(
    rootNode: RootNode,
    readonly shard: string,
    private readonly count: number,
    view: ViewContext,
  ) {
    super(rootNode, view);
    this.id = `${rootNode.id}|shard|${shard}`;
    this.parent = rootNode;
  }
  scope(): Selector[] {
    return [{ kind: 'shard', shard: this.shard }];
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.shard, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('folder');
    item.description = this.progress(this.total ?? this.count);
    item.contextValue = 'shard';
    return item;
  }
}

export class EntityNode extends EntryListNode {
  readonly id: string;
  constructor(
    rootNode: RootNode,
    readonly entity: Buffer,
    private readonly label: string,
    private readonly count: number,
    view: ViewContext,
  ) {
    super(rootNode, view);
    this.id = `${rootNode.id}|entity|${entity.toString('hex')}`;
    this.parent = rootNode;
  }
  scope(): Selector[] {
    return [{ kind: 'entity', entity: this.entity }];
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-object');
    item.description = this.progress(this.total ?? this.count);
    item.contextValue = 'entity';
    return item;
  }
}

export class GroupNode extends EntryListNode {
  readonly id: string;
  constructor(
    rootNode: RootNode,
    readonly typeHash: bigint,
    readonly schemaVersion: bigint,
    readonly kindsHash: bigint | undefined,
    private readonly count: number,
    private readonly newestUs: bigint | null,
    view: ViewContext,
  ) {
    super(rootNode, view);
    this.id = `${rootNode.id}|group|${groupLabel(typeHash, schemaVersion, kindsHash)}`;
    this.parent = rootNode;
  }
  scope(): Selector[] {
    return [{ kind: 'group', typeHash: this.typeHash, schemaVersion: this.schemaVersion, kindsHash: this.kindsHash }];
  }
  treeItem(): vscode.TreeItem {
    const short = this.typeHash.toString(16).padStart(16, '0').slice(0, 8);
    const item = new vscode.TreeItem(vscode.l10n.t('{0} · schema {1}', short, this.schemaVersion.toString()), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    const count = this.progress(this.total ?? this.count);
    item.description = this.newestUs === null ? count : vscode.l10n.t('{0} · newest {1}', count, formatAge(Date.now() - Number(this.newestUs / 1000n)));
    item.tooltip = vscode.l10n.t('Projection group {0}', groupLabel(this.typeHash, this.schemaVersion, this.kindsHash));
    item.contextValue = 'group';
    return item;
  }
}

export type EntryState = 'ok' | 'old' | 'corrupt' | 'misplaced' | 'warning';

export function entryState(record: EntryRecord, maxStaleMs: number, now = Date.now()): EntryState {
  if (record.status !== 'ok') return record.status;
  if (record.warnings.length > 0) return 'warning';
  const ms = record.trailer ? cachedAtMs(record.trailer) : undefined;
  return ms !== undefined && now - ms >= maxStaleMs ? 'old' : 'ok';
}

const STATE_ICONS: Record<EntryState, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  old: new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  corrupt: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  misplaced: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
};

const FRESHNESS_ICONS: Record<FreshnessState, vscode.ThemeIcon> = {
  fresh: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  stale: new vscode.ThemeIcon('sync', new vscode.ThemeColor('list.warningForeground')),
  'maybe-stale': new vscode.ThemeIcon('unverified', new vscode.ThemeColor('list.warningForeground')),
  ahead: new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('list.errorForeground')),
  'unknown-entity': new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.errorForeground')),
};

/** A short phrase for an entry's freshness against the store, e.g. "stale by 3 events": the tree's and the editor's. */
export function freshnessPhrase(freshness: Freshness): string {
  const n = freshness.eventsBehind;
  switch (freshness.state) {
    case 'fresh':
      return vscode.l10n.t('fresh');
    case 'stale':
      return isSingular(n) ? vscode.l10n.t('stale by {0} event', formatCount(n)) : vscode.l10n.t('stale by {0} events', formatCount(n));
    case 'maybe-stale':
      return isSingular(n) ? vscode.l10n.t('maybe stale: {0} newer event', formatCount(n)) : vscode.l10n.t('maybe stale: {0} newer events', formatCount(n));
    case 'ahead':
      return vscode.l10n.t('ahead of the store');
    case 'unknown-entity':
      return vscode.l10n.t('entity not in the store');
  }
}

/** "12 stale · 3 ahead": the states that need attention, for a root's description. */
export function freshnessSummary(counts: FreshnessCounts): string {
  const parts = [
    counts.stale > 0 && vscode.l10n.t('{0} stale', formatCount(counts.stale)),
    counts['maybe-stale'] > 0 && vscode.l10n.t('{0} maybe stale', formatCount(counts['maybe-stale'])),
    counts.ahead > 0 && vscode.l10n.t('{0} ahead', formatCount(counts.ahead)),
    counts['unknown-entity'] > 0 && vscode.l10n.t('{0} unknown entity', formatCount(counts['unknown-entity'])),
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(' · ') : vscode.l10n.t('all fresh');
}

export class EntryNode extends Node {
  readonly id: string;
  constructor(
    readonly rootNode: RootNode,
    readonly record: EntryRecord,
    private readonly view: ViewContext,
    /** Judged against the root's store; undefined when no store is linked, null when there is nothing to judge. */
    readonly freshness?: Freshness | null,
  ) {
    super();
    this.id = `${rootNode.id}|entry|${record.path}`;
  }
  get file(): string {
    return path.join(this.rootNode.state.path, this.record.dir, this.record.name);
  }
  treeItem(): vscode.TreeItem {
    const r = this.record;
    const item = new vscode.TreeItem(describeKey(Buffer.from(r.keyHex, 'hex'), r.key) || vscode.l10n.t('(empty key)'));
    item.id = this.id;
    const state = entryState(r, this.view.maxStaleMs());
    const judged = this.freshness && (state === 'ok' || state === 'old') ? this.freshness : undefined;
    item.iconPath = judged ? FRESHNESS_ICONS[judged.state] : STATE_ICONS[state];
    const ms = r.trailer ? cachedAtMs(r.trailer) : undefined;
    const facts = r.trailer
      ? vscode.l10n.t('wm {0} · {1}', r.trailer.watermark.toString(), ms === undefined ? vscode.l10n.t('cached-at implausible') : formatAge(Date.now() - ms))
      : vscode.l10n.t('{0} · {1}', r.problem ?? r.status, formatBytes(r.size));
    item.description = judged ? `${freshnessPhrase(judged)} · ${facts}` : facts;
    item.contextValue = judged ? `entry:${state}:${judged.state}` : `entry:${state}`;
    item.resourceUri = vscode.Uri.file(this.file);
    item.command = { command: 'batpakCache.openEntry', title: vscode.l10n.t('Open Entry'), arguments: [this] };
    return item;
  }
}

export class ProblemsNode extends Node {
  readonly id: string;
  constructor(
    readonly rootNode: RootNode,
    private readonly files: FileRecord[],
  ) {
    super();
    this.id = `${rootNode.id}|problems`;
    this.parent = rootNode;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Problems'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    const by = (kind: string) => this.files.filter((f) => problemKind(f) === kind).length;
    const [temp, misplaced, foreign] = [by('temp'), by('misplaced'), by('foreign')];
    item.description = [
      temp > 0 && vscode.l10n.t('{0} temp', temp),
      misplaced > 0 && vscode.l10n.t('{0} misplaced', misplaced),
      foreign > 0 && vscode.l10n.t('{0} foreign', foreign),
    ]
      .filter(Boolean)
      .join(' · ');
    item.contextValue = 'problems';
    return item;
  }
  children(): Promise<Node[]> {
    return Promise.resolve(this.files.map((file) => Object.assign(new ProblemFileNode(this.rootNode, file), { parent: this })));
  }
}

function problemKind(file: FileRecord): 'temp' | 'misplaced' | 'foreign' {
  return file.kind === 'entry' ? 'misplaced' : file.kind;
}

/** A function, so that the strings are looked up when a node is drawn, like every other label. */
const reasons = (): Record<string, string> => ({
  symlink: vscode.l10n.t('symlink (never followed)'),
  'not-a-regular-file': vscode.l10n.t('not a regular file'),
  'unrecognized-name': vscode.l10n.t('not a batpak name'),
  'file-in-root': vscode.l10n.t('file directly in the root'),
  'nested-directory': vscode.l10n.t('nested directory'),
  'not-a-shard-directory': vscode.l10n.t('outside any shard directory'),
  'name-not-utf8': vscode.l10n.t('name is not valid UTF-8 (never deleted)'),
});

export class ProblemFileNode extends Node {
  readonly id: string;
  constructor(
    readonly rootNode: RootNode,
    readonly record: FileRecord,
  ) {
    super();
    this.id = `${rootNode.id}|problem|${record.path}`;
  }
  get file(): string {
    return path.join(this.rootNode.state.path, this.record.path);
  }
  treeItem(): vscode.TreeItem {
    const r = this.record;
    const item = new vscode.TreeItem(r.path);
    item.id = this.id;
    const kind = problemKind(r);
    item.contextValue = `problem:${kind}`;
    item.iconPath = new vscode.ThemeIcon(kind === 'temp' ? 'clock' : kind === 'misplaced' ? 'question' : 'circle-slash');
    item.description =
      r.kind === 'temp'
        ? vscode.l10n.t('temp file · {0} · {1}', formatBytes(r.size), formatAge(r.ageMs))
        : r.kind === 'foreign'
          ? vscode.l10n.t('{0} · {1}', reasons()[r.reason] ?? r.reason, formatBytes(r.size))
          : vscode.l10n.t('misplaced entry · {0}', formatBytes(r.size));
    item.resourceUri = vscode.Uri.file(this.file);
    if (r.kind !== 'foreign') item.command = { command: 'batpakCache.openEntry', title: vscode.l10n.t('Open'), arguments: [this] };
    return item;
  }
}
