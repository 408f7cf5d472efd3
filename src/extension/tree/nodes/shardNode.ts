/** A shard directory (`61`) and its entries. */
import * as vscode from 'vscode';
import { Selector } from '../../../core';
import { EntryListNode } from './entryListNode';
import { ViewContext } from './node';
import type { RootNode } from './rootNode';

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
