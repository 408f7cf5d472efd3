import * as vscode from 'vscode';
import { formatCount } from '../../../core';
import { entries } from './labels';
import { LoadMoreNode } from './loadMoreNode';
import { Node, ViewContext } from './node';

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
