/** Activation: wires the core-backed tree, its commands and watchers. Everything heavy happens lazily. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CacheInputError, consumedKinds, detectStoreDir, entryFreshness, entryHints, EntryRecord, inspectFile, isPartialValue, StoreView } from '../core';
import { browseCommands } from './commands/browse';
import { runCleanUp } from './commands/cleanUp';
import { compareCommands } from './commands/compare';
import { exportCommands } from './commands/export';
import { COMPARE_SCHEME, ComparisonDocuments } from './compare/comparisonDocuments';
import { VersionHistory } from './compare/versionHistory';
import { EntityEventsProvider, EVENTS_SCHEME, showEntityEvents } from './events/entityEvents';
import { destructiveCommands } from './commands/destructive';
import { nameCommands } from './commands/names';
import { registerEntryEditor } from './editor';
import type { EditorState } from './editor/entryEditor';
import type { StoreJudgement } from './editor/freshness';
import { CarryOverOffers } from './names/carryOver';
import { ProjectionNames } from './names/projectionNames';
import { OverviewPanels } from './overview/overviewPanel';
import type { Overview } from '../shared/overviewProtocol';
import { pickRoot, rootPath } from './commands/targets';
import { RootRegistry } from './roots';
import { readStoreOffThread } from './storeReader';
import { EntryNode } from './tree/nodes';
import { CacheTreeProvider, describeError } from './tree/provider';
import { RootWatchers } from './watcher';

/** What the extension exports: the live tree (for tests and tooling) and the watcher's refresh count. */
export interface ExtensionApi {
  tree: CacheTreeProvider;
  watcherRefreshes(): number;
  /**
   * What the entry editor open on `uri` has rendered: the integration tests wait for it and time it. Here rather than
   * as a command so that it ships inert: read-only, reachable only through the extension's exports, and in no palette,
   * menu or keybindings list (where the test-only command batpakCache.editor.testState showed).
   */
  editorState(uri: vscode.Uri): EditorState | undefined;
  /** What the Cache Overview of `root` last showed (read-only, as editorState). */
  overview(root: string): Overview | undefined;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Batpak Cache', { log: true });
  const registry = new RootRegistry();
  const names = new ProjectionNames(log);
  const tree = new CacheTreeProvider(registry, names);
  const view = vscode.window.createTreeView('batpakCache.explorer', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const refreshRoot = (root: string): void => {
    const node = tree.rootNode(root);
    node?.state.invalidate();
    tree.refresh(node);
  };
  const watchers = new RootWatchers(refreshRoot);
  // A store takes every event the service appends: its changes gather longer, as re-reading it costs more.
  const storeWatchers = new RootWatchers((dir) => refreshStore(dir), '*.fbat', 2000);
  const refreshStore = (dir: string): void => {
    for (const node of tree.shownRoots()) {
      if (node.state.resolvedLink?.dir !== dir) continue;
      node.state.invalidateStore();
      tree.refresh(node);
    }
  };
  const overviews = new OverviewPanels(context.extensionUri, registry, tree, log);
  context.subscriptions.push(log, registry, names, tree, view, watchers, storeWatchers, overviews);

  const editors = registerEntryEditor(context, (file, record) => judgeEntry(registry, file, record), names);
  const history = new VersionHistory();
  editors.onDidRead(
    ({ file, inspected }) => {
      // A value read only in part is no version: it could not be compared.
      if (inspected.value && !isPartialValue(inspected) && inspected.record.kind === 'entry') history.observe(file, inspected.value, inspected.record.trailer?.watermark ?? null);
    },
    undefined,
    context.subscriptions,
  );
  const comparisons = new ComparisonDocuments();
  context.subscriptions.push(comparisons, vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, comparisons));
  const carryOver = new CarryOverOffers(names);
  /** Once every root shown is scanned, the names whose groups none of them holds any more may have successors. */
  const offerCarryOver = (): void => {
    const roots = tree.shownRoots().filter((root) => !root.error);
    if (roots.length > 0 && roots.every((root) => root.state.resolvedStats)) carryOver.check(roots.flatMap((root) => root.state.resolvedStats?.groups ?? []));
  };
  tree.valueScans.onDidChangeMessage((message) => (view.message = message), undefined, context.subscriptions);
  names.onDidChange(
    () => {
      tree.relabel();
      offerCarryOver();
    },
    undefined,
    context.subscriptions,
  );
  registry.onDidChange(() => tree.refresh(), undefined, context.subscriptions);
  // A new census (the watcher's refresh, a purge) redraws the tree's root: the overviews draw it too.
  tree.onDidChangeTreeData(() => overviews.update(), undefined, context.subscriptions);
  tree.onDidChangeTreeData(
    (node) => {
      const filter = tree.filterLabel;
      view.description = filter ? vscode.l10n.t('filtered: {0}', filter) : undefined;
      offerCarryOver();
      if (!node) void registry.roots().then(async (roots) => {
        watchers.update(roots.map((r) => r.path));
        storeWatchers.update(await linkedStores(registry));
      });
    },
    undefined,
    context.subscriptions,
  );
  // Every setting but the names changes what the roots show: names only relabel (names.onDidChange).
  const rootSettings = Object.keys((context.extension.packageJSON as Manifest).contributes.configuration.properties).filter((key) => key !== 'batpakCache.groupNames');
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (rootSettings.some((key) => e.affectsConfiguration(key))) registry.reset();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => registry.reset()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => registry.reset()),
  );

  const destructiveHost = {
    after: refreshRoot,
    storeFor: (root: string) => storeFor(registry, root),
    shownRoots: async () => (await registry.roots()).map((state) => state.path),
  };
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    ...browseCommands(registry, tree),
    ...nameCommands(names),
    ...exportCommands(tree, registry, names),
    ...compareCommands({ documents: comparisons, history, names, layoutOf: (root) => registry.get(root)?.layoutHint() }),
    ...destructiveCommands(destructiveHost),
    'batpakCache.cleanUp': (arg?: unknown) => runCleanUp(arg, registry, destructiveHost),
    'batpakCache.openOverview': async (arg?: unknown) => {
      const root = arg === undefined ? await pickRoot(await destructiveHost.shownRoots()) : rootPath(arg);
      if (root !== undefined) await overviews.open(root);
    },
    'batpakCache.revealEntry': (uri?: unknown) => revealEntry(uri, tree, view),
    'batpakCache.showEntityEvents': (arg?: unknown) => showEntityEvents(arg, () => linkedStores(registry), (dir) => storeIn(registry, dir)),
  };
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(EVENTS_SCHEME, new EntityEventsProvider((dir) => storeIn(registry, dir))));
  for (const [id, run] of Object.entries(commands)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (error) {
          const message = describeError(error);
          log.warn(`${id}: ${message}`);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      }),
    );
  }
  return { tree, watcherRefreshes: () => watchers.refreshes, editorState: editors.stateOf, overview: (root) => overviews.shown(root) };
}

/** The part of package.json read at run time. */
interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** Shows an entry file in the tree: its root, its shard, entity or group (as grouped), the entry itself. */
async function revealEntry(uri: unknown, tree: CacheTreeProvider, view: vscode.TreeView<unknown>): Promise<boolean> {
  if (!(uri instanceof vscode.Uri)) throw new CacheInputError('bad-argument', vscode.l10n.t('Pass the Uri of a cache entry file.'));
  const file = uri.fsPath;
  const root = path.dirname(path.dirname(file));
  await tree.getChildren();
  const rootNode = tree.rootNode(root);
  if (!rootNode) throw new CacheInputError('bad-root', vscode.l10n.t('{0} is not one of the cache roots shown in the Batpak Cache view: add it first.', root));
  const { record } = await inspectFile(file, await rootNode.state.layoutHint());
  if (record.kind !== 'entry') return false;
  const container = rootNode.containerOf(record);
  if (!container) throw new CacheInputError('bad-argument', vscode.l10n.t('This entry is not listed in the current grouping: group the view by shard to find it.'));
  const entry = new EntryNode(rootNode, record, tree);
  entry.parent = container;
  // A view that was never shown renders its first items a moment after it opens: until then reveal() fails.
  await vscode.commands.executeCommand('batpakCache.explorer.focus');
  for (let attempt = 1; ; attempt++) {
    try {
      await view.reveal(entry, { select: true, focus: true });
      return true;
    } catch (error) {
      if (attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** An entry file judged against the store of the root it lies in, with the whole-root hints when they are known. */
async function judgeEntry(registry: RootRegistry, file: string, record: EntryRecord): Promise<StoreJudgement | undefined> {
  const root = path.dirname(path.dirname(file));
  const store = await storeFor(registry, root);
  if (!store) return undefined;
  const groupKinds = registry.get(root)?.resolvedFreshness?.groupKinds;
  return { dir: store.dir, freshness: entryFreshness(record, store, groupKinds), view: store, consumedKinds: consumedKinds(record, store, entryHints(record, groupKinds)) };
}

/** The store of a root the view shows, or else the one beside it. */
async function storeFor(registry: RootRegistry, root: string): Promise<StoreView | undefined> {
  const state = registry.get(root);
  if (state) return state.storeView();
  const dir = await detectStoreDir(root);
  return dir === undefined ? undefined : readStoreOffThread(dir);
}

/** The store directories linked to the roots shown. */
async function linkedStores(registry: RootRegistry): Promise<string[]> {
  const links = await Promise.all((await registry.roots()).map((state) => state.storeLink()));
  return [...new Set(links.flatMap((link) => (link ? [link.dir] : [])))];
}

/** The store in `dir` as the root linked to it last read it, or read now. */
async function storeIn(registry: RootRegistry, dir: string): Promise<StoreView> {
  for (const state of await registry.roots()) {
    if ((await state.storeLink())?.dir !== dir) continue;
    const view = await state.storeView();
    if (view) return view;
  }
  return readStoreOffThread(dir);
}

export function deactivate(): void {}
