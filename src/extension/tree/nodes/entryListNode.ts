import { entryFreshness, EntryRecord, Freshness, queryEntries, Selector } from '../../../core';
import { EntryNode } from './entryNode';
import { Node, ViewContext } from './node';
import { PagedNode } from './pagedNode';
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
  protected async page(offset: number, limit: number): Promise<{ total: number; nodes: Node[] }> {
    const state = this.rootNode.state;
    const selectors = [...this.scope(), ...(await this.view.filter(state))];
    const layout = await state.layoutHint();
    const result = await state.inForeground(() => queryEntries(state.path, { selectors, offset, limit, layout }));
    // Entries are judged against the store once it is read (a big one takes seconds in the worker: the page does not
    // wait), with the whole-root pass's hints once that is done; the root redraws then.
    state.storeView().catch(() => undefined);
    const store = state.resolvedStore;
    const judge = (record: EntryRecord): Freshness | null | undefined => store && entryFreshness(record, store, state.resolvedFreshness?.groupKinds);
    return { total: result.total, nodes: result.entries.map((record) => new EntryNode(this.rootNode, record, this.view, judge(record))) };
  }
}
