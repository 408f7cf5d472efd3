import * as vscode from 'vscode';
import { formatCount } from '../../../core';
import { entries } from './labels';
import { LoadMoreNode } from './loadMoreNode';
import { Node, ViewContext } from './node';

/** What a paged node lists once per refresh: its total, and its children a page at a time. */
export interface Listing {
  total: number;
  /** Shown before the pages, outside the count (a root's Problems node). */
  lead: Node[];
  page(offset: number, limit: number): Promise<Node[]>;
}

/**
 * A node whose children come in pages, with a "Load more" item and honest totals. The listing is kept until the node
 * is refreshed: Load more appends its next page to the children already loaded (the GitHub Pull Requests extension's
 * pattern) instead of listing again and re-reading every entry shown.
 */
export abstract class PagedNode extends Node {
  /** How many children of the pages are shown: as many are listed again after a refresh. */
  shown = 0;
  total: number | undefined;
  private listing: Listing | undefined;
  private loaded: Node[] = [];

  constructor(protected readonly view: ViewContext) {
    super();
  }

  protected abstract list(): Promise<Listing>;

  async children(): Promise<Node[]> {
    if (!this.listing) {
      const listing = await this.list();
      this.show(await listing.page(0, Math.max(this.shown, this.view.pageSize())));
      this.listing = listing;
      this.total = listing.total;
    }
    const { total, lead } = this.listing;
    const remaining = total - this.shown;
    return [...lead, ...this.loaded, ...(remaining > 0 ? [new LoadMoreNode(this, remaining)] : [])];
  }

  /** Reads the next page of the listing and appends it to the children; lists first when there is no listing. */
  async loadMore(): Promise<void> {
    if (!this.listing) await this.children();
    const listing = this.listing as Listing;
    this.show([...this.loaded, ...(await listing.page(this.loaded.length, this.view.pageSize()))]);
  }

  /** Forgets the listing (the node changed): the next children() lists again. */
  forget(): void {
    this.listing = undefined;
  }

  private show(nodes: Node[]): void {
    for (const node of nodes) node.parent = this;
    this.loaded = nodes;
    this.shown = nodes.length;
  }

  /** "500 of 3,912" when not everything is shown. */
  protected progress(total: number): string {
    return total > this.shown && this.shown > 0 ? vscode.l10n.t('{0} of {1}', formatCount(this.shown), formatCount(total)) : entries(total);
  }
}
