/** The explorer's nodes, a file per kind: each knows its tree item and its children, and asks the core for everything else. */
export { Node, ViewContext } from './node';
export { Listing, PagedNode } from './pagedNode';
export { LoadMoreNode } from './loadMoreNode';
export { MessageNode } from './messageNode';
export { RootNode } from './rootNode';
export { EntryListNode } from './entryListNode';
export { ShardNode } from './shardNode';
export { EntityNode } from './entityNode';
export { GroupNode } from './groupNode';
export { EntryNode } from './entryNode';
export { ProblemsNode } from './problemsNode';
export { ProblemFileNode } from './problemFileNode';
export { foreignReasons, freshnessPhrase, freshnessSummary } from './labels';
export { EventStoreNode, StoreEntityNode } from './eventStoreNode';
