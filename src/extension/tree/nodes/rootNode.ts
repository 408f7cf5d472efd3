/** A cache root: its counts and freshness in the description, its shards, entities or groups (as grouped) below. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeKey, EntryRecord, listProblems, summarizeEntities, summarizeShards } from '../../../core';
import { formatBytes } from '../../locale';
import { RootState } from '../../roots';
import { EntityNode } from './entityNode';
import { EventStoreNode } from './eventStoreNode';
import { GroupNode } from './groupNode';
import { entries, freshnessSummary } from './labels';
import { Node, ViewContext } from './node';
import { Listing, PagedNode } from './pagedNode';
import { ProblemsNode } from './problemsNode';
import { ShardNode } from './shardNode';

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

  protected async list(): Promise<Listing> {
    const layout = await this.state.layoutHint();
    const filter = await this.view.filter(this.state);
    const grouping = this.view.grouping();
    const { path: root } = this.state;
    // The shard and entity groupings read each directory once for both their counts and the problem files.
    const shards = grouping === 'shard' ? await this.state.inForeground(() => summarizeShards(root, layout, filter)) : undefined;
    const entities = grouping === 'entity' ? await this.state.inForeground(() => summarizeEntities(root, layout, filter)) : undefined;
    const problems = shards?.problems ?? entities?.problems ?? (await this.state.inForeground(() => listProblems(root, layout)));
    const link = await this.state.storeLink();
    const lead = [...(problems.length > 0 ? [new ProblemsNode(this, problems)] : []), ...(link ? [new EventStoreNode(this.state, link.dir, this, this.view)] : [])];
    const paged = <T>(all: T[], node: (item: T) => Node): Listing => ({ total: all.length, lead, page: (offset, limit) => Promise.resolve(all.slice(offset, offset + limit).map(node)) });
    switch (grouping) {
      case 'entity':
        return paged(entities?.entities ?? [], (e) => new EntityNode(this, Buffer.from(e.entityHex, 'hex'), e.label, e.count, this.view));
      case 'group': {
        const stats = await this.state.statistics();
        const groups = stats.groups.filter((g) => g.layout !== 'raw');
        return paged(groups, (g) => new GroupNode(this, g.typeHash as bigint, g.schemaVersion as bigint, g.kindsHash ?? undefined, g.count, g.newestCachedAtUs, this.view));
      }
      default:
        return paged(
          (shards?.shards ?? []).filter((s) => s.entries > 0),
          (s) => new ShardNode(this, s.dir, s.entries, this.view),
        );
    }
  }
}
