/** The last child of a paged node while some are not shown: clicking it shows the next page. */
import * as vscode from 'vscode';
import { formatCount } from '../../locale';
import { Node } from './node';
import type { PagedNode } from './pagedNode';

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
