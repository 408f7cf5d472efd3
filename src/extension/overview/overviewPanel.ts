/**
 * The Cache Overview: a read-only webview panel per root, drawn from the root's census and drawn again whenever a new
 * census arrives (the watcher's refresh, a purge, a clean-up). Its bars filter the tree; its Clean Up runs the
 * batpakCache.cleanUp command, whose preview, progress and summary are the purge's.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CacheInputError, RootCensus } from '../../core';
import { Overview, OverviewHostMessage, parseOverviewWebviewMessage } from '../../shared/overviewProtocol';
import { DisposableOwner } from '../editor/disposable';
import { webviewHtml } from '../editor/webviewHtml';
import { RootRegistry } from '../roots';
import { CacheTreeProvider } from '../tree/provider';
import { viewFilterOf } from './filters';
import { overviewOf } from './overviewModel';

export const OVERVIEW_VIEW_TYPE = 'batpakCache.overview';

class OverviewPanel extends DisposableOwner {
  private ready = false;
  private drawn: RootCensus | undefined;
  /** What the webview was last sent. */
  overview: Overview | undefined;

  constructor(
    readonly root: string,
    readonly panel: vscode.WebviewPanel,
    bundleRoot: vscode.Uri,
    private readonly registry: RootRegistry,
    private readonly tree: CacheTreeProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
    panel.webview.html = webviewHtml(panel.webview, bundleRoot, 'overview', 'Cache overview');
    this.own(panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)));
    this.own(panel.onDidDispose(() => this.dispose()));
  }

  /** Draws the root's latest census if the webview has not shown it; takes one when the root has none. */
  update(): void {
    const state = this.registry.get(this.root);
    if (!state || this.isDisposed) return;
    if (state.needsScan) {
      state.census().then(
        () => this.update(),
        (error: unknown) => this.log.warn(`overview of ${this.root}: ${String(error)}`),
      );
    }
    const census = state.resolvedCensus;
    if (!this.ready || !census || census === this.drawn) return;
    this.drawn = census;
    this.overview = overviewOf(census, this.tree.names.merged, vscode.workspace.isTrusted);
    void this.panel.webview.postMessage({ type: 'show', overview: this.overview } satisfies OverviewHostMessage);
  }

  /** Draws the census again with the projection names as they are now. */
  relabel(): void {
    this.drawn = undefined;
    this.update();
  }

  private async receive(data: unknown): Promise<void> {
    const message = parseOverviewWebviewMessage(data);
    switch (message?.type) {
      case 'ready':
        // A webview shown again after it was hidden starts afresh.
        this.ready = true;
        this.drawn = undefined;
        return this.update();
      case 'filter': {
        const label = this.labelOf(message.filter);
        if (label === undefined) return;
        this.tree.setFilter({ keys: viewFilterOf(message.filter, label) });
        await vscode.commands.executeCommand('batpakCache.explorer.focus');
        return;
      }
      case 'cleanUp':
        await vscode.commands.executeCommand('batpakCache.cleanUp', { root: this.root, classes: message.classes });
        return;
      case 'error':
        this.log.error(`Overview webview: ${message.message}`);
        return;
      default:
        this.log.warn('Overview: ignored a malformed message from the webview');
    }
  }

  /** The label of the bar (or audit class) that offered `filter`: only those the webview was sent are taken. */
  private labelOf(filter: string): string | undefined {
    const shown = this.overview;
    return shown?.charts.flatMap((chart) => chart.bars).find((bar) => bar.filter === filter)?.label ?? shown?.audit.find((row) => row.filter === filter)?.label;
  }
}

export class OverviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OverviewPanel>();
  private readonly bundleRoot: vscode.Uri;
  private readonly namesListener: vscode.Disposable;

  constructor(
    extensionUri: vscode.Uri,
    private readonly registry: RootRegistry,
    private readonly tree: CacheTreeProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.bundleRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'overview');
    this.namesListener = tree.names.onDidChange(() => {
      for (const panel of this.panels.values()) panel.relabel();
    });
  }

  /** Opens (or brings forward) the overview of a root the view shows. */
  async open(root: string): Promise<void> {
    await this.registry.roots();
    if (!this.registry.get(root)) throw new CacheInputError('bad-root', vscode.l10n.t('{0} is not one of the cache roots shown in the Batpak Cache view: add it first.', root));
    const known = this.panels.get(root);
    if (known) return known.panel.reveal();
    const title = vscode.l10n.t('Overview: {0}', path.basename(root) || root);
    const panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, title, vscode.ViewColumn.Active, { enableFindWidget: true });
    const overview = new OverviewPanel(root, panel, this.bundleRoot, this.registry, this.tree, this.log);
    this.panels.set(root, overview);
    panel.onDidDispose(() => this.panels.delete(root));
    overview.update();
  }

  /** Each open overview draws its root's census if it is new (called when the tree changes). */
  update(): void {
    for (const panel of this.panels.values()) panel.update();
  }

  /** What the overview of `root` last showed, for tests. */
  shown(root: string): Overview | undefined {
    return this.panels.get(root)?.overview;
  }

  dispose(): void {
    this.namesListener.dispose();
    for (const panel of this.panels.values()) panel.panel.dispose();
  }
}
