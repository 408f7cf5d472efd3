import { entryFreshness, EntryRecord, Freshness, listEntries, Selector } from '../../../core';
import { EntryNode } from './entryNode';
import { ViewContext } from './node';
import { Listing, PagedNode } from './pagedNode';
import type { RootNode } from './rootNode';

/** Entries of a root matching some scope, paged. */
export abstract class EntryListNode extends PagedNode {
  constructor(
    readonly rootNode: RootNode,
    view: ViewContext,
  ) {
    super(view);
  }
  abstract scope(): Selector[];
  protected async list(): Promise<Listing> {
    const state = this.rootNode.state;
    const selectors = [...this.scope(), ...(await this.view.filter(state))];
    const layout = await state.layoutHint();
    const listing = await state.inForeground(() => listEntries(state.path, { selectors, layout }));
    const page = async (offset: number, limit: number): Promise<EntryNode[]> => {
      const records = await state.inForeground(() => listing.page(offset, limit));
      // Entries are judged against the store once it is read (a big one takes seconds in the worker: the page does not
      // wait), with the whole-root pass's hints once that is done; the root redraws then.
      state.storeView().catch(() => undefined);
      const store = state.resolvedStore;
      const judge = (record: EntryRecord): Freshness | null | undefined => store && entryFreshness(record, store, state.resolvedFreshness?.groupKinds);
      return records.map((record) => new EntryNode(this.rootNode, record, this.view, judge(record)));
    };
    return { total: listing.total, lead: [], page };
  }
}
