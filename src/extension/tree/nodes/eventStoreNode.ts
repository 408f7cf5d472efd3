/** A root's linked event store (Event Store), and its entities below it, the most recently appended to first. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeKey, lastEventTimeUs, listStoreEntities, StoreEntity } from '../../../core';
import { formatAge, formatCount } from '../../locale';
import { RootState } from '../../roots';
import { Node, ViewContext } from './node';
import { Listing, PagedNode } from './pagedNode';

export class EventStoreNode extends PagedNode {
  readonly id: string;

  constructor(
    readonly state: RootState,
    readonly dir: string,
    parent: Node,
    view: ViewContext,
  ) {
    super(view);
    this.id = `${parent.id}|store`;
    this.parent = parent;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Event Store'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('history');
    const store = this.state.resolvedStore;
    const counts = store && vscode.l10n.t('{0} entities · {1} events', formatCount(store.entities.size), formatCount(store.eventCount));
    item.description = counts ? `${path.basename(this.dir)} · ${counts}` : path.basename(this.dir);
    item.tooltip = this.dir;
    item.contextValue = 'eventStore';
    return item;
  }

  protected async list(): Promise<Listing> {
    const store = await this.state.storeView();
    if (!store) return { total: 0, lead: [], page: () => Promise.resolve([]) };
    const entities = listStoreEntities(store);
    const now = Date.now();
    return {
      total: entities.length,
      lead: [],
      // A page reads one frame an entity, for its last time: never the whole store.
      page: (offset, limit) => Promise.resolve(entities.slice(offset, offset + limit).map((e) => new StoreEntityNode(this, e, lastEventTimeUs(store, Buffer.from(e.entityHex, 'hex')), now))),
    };
  }
}

/** One entity of the store: its event count, last sequence and last time; opens its events. */
export class StoreEntityNode extends Node {
  readonly id: string;
  readonly label: string;

  readonly entity: Buffer;

  constructor(
    readonly owner: EventStoreNode,
    private readonly facts: StoreEntity,
    private readonly lastUs: number | null,
    private readonly now: number,
  ) {
    super();
    this.id = `${owner.id}|${facts.entityHex}`;
    this.entity = Buffer.from(facts.entityHex, 'hex');
    this.label = describeKey(this.entity, { layout: 'raw' });
    this.parent = owner;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    const count = this.facts.eventCount === 1 ? vscode.l10n.t('1 event') : vscode.l10n.t('{0} events', formatCount(this.facts.eventCount));
    const last = vscode.l10n.t('last #{0}', this.facts.lastSequence);
    item.description = this.lastUs === null ? `${count} · ${last}` : `${count} · ${last} · ${formatAge(this.now - this.lastUs / 1000)}`;
    item.tooltip = this.lastUs === null ? undefined : new Date(this.lastUs / 1000).toLocaleString();
    item.contextValue = 'storeEntity';
    item.command = { command: 'batpakCache.showEntityEvents', title: vscode.l10n.t('Show Entity Events…'), arguments: [this] };
    return item;
  }
}
