import * as vscode from 'vscode';
import { formatCount } from '../../locale';
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
  /** Where the next page starts in the listing: past the pages read, whatever left the disk since. */
  private next = 0;
  /** Bumped by forget(): a listing or page read meanwhile is not kept. */
  private generation = 0;

  constructor(protected readonly view: ViewContext) {
    super();
  }

  protected abstract list(): Promise<Listing>;

  async children(): Promise<Node[]> {
    if (!this.listing) {
      // A listing made while the node was refreshed is shown to whoever asked, never kept: it may miss the change.
      const generation = this.generation;
      const listing = await this.list();
      const count = Math.max(this.shown, this.view.pageSize());
      const nodes = await listing.page(0, count);
      if (generation !== this.generation) return this.render(listing, nodes, count);
      this.show(listing, nodes, count);
    }
    return this.render(this.listing as Listing, this.loaded, this.next);
  }

  /** Reads the next page of the listing and appends it to the children; lists first when there is no listing. */
  async loadMore(): Promise<void> {
    if (!this.listing) await this.children();
    const { listing, generation } = this;
    if (!listing) return;
    const count = this.view.pageSize();
    const nodes = await listing.page(this.next, count);
    if (generation === this.generation) this.show(listing, [...this.loaded, ...nodes], this.next + count);
  }

  /** Forgets the listing (the node changed): the next children() lists again. */
  forget(): void {
    this.listing = undefined;
    this.generation++;
  }

  private render(listing: Listing, nodes: Node[], next: number): Node[] {
    for (const node of nodes) node.parent = this;
    const remaining = listing.total - next;
    return [...listing.lead, ...nodes, ...(remaining > 0 ? [new LoadMoreNode(this, remaining)] : [])];
  }

  private show(listing: Listing, nodes: Node[], next: number): void {
    this.listing = listing;
    this.total = listing.total;
    this.loaded = nodes;
    this.shown = nodes.length;
    this.next = next;
  }

  /** "500 of 3,912" when not everything is shown. */
  protected progress(total: number): string {
    return total > this.shown && this.shown > 0 ? vscode.l10n.t('{0} of {1}', formatCount(this.shown), formatCount(total)) : entries(total);
  }
}
