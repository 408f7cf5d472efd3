/** An entity (`account:1`) and its entries, in the entity grouping. */
import * as vscode from 'vscode';
import { Selector } from '../../../core';
import { EntryListNode } from './entryListNode';
import { ViewContext } from './node';
import type { RootNode } from './rootNode';

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
