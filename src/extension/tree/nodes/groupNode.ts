/** A projection group (type hash · schema · kinds hash) and its entries, in the group grouping. */
import * as vscode from 'vscode';
import { groupLabel, Selector } from '../../../core';
import { formatAge } from '../../locale';
import { shortGroup } from '../../names/projectionNames';
import { EntryListNode } from './entryListNode';
import { ViewContext } from './node';
import type { RootNode } from './rootNode';

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
    const anonymous = vscode.l10n.t('{0} · schema {1}', short, this.schemaVersion.toString());
    const name = this.view.names.nameOf(this);
    const item = new vscode.TreeItem(name ?? anonymous, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    const count = this.progress(this.total ?? this.count);
    const facts = this.newestUs === null ? count : vscode.l10n.t('{0} · newest {1}', count, formatAge(Date.now() - Number(this.newestUs / 1000n)));
    item.description = name === undefined ? facts : `${shortGroup(this)} · ${facts}`;
    const full = groupLabel(this.typeHash, this.schemaVersion, this.kindsHash);
    item.tooltip = name === undefined ? vscode.l10n.t('Projection group {0}', full) : vscode.l10n.t('Projection group {0}: {1}', full, name);
    item.contextValue = 'group';
    return item;
  }
}
