/**
 * One open entry editor: sends the view to its webview whenever the file or the settings change, answers the
 * webview's queries for parts of the value, and runs its actions. Every message from the webview is validated first.
 */
import * as vscode from 'vscode';
import { copyJsonNode, runAction } from './entryActions';
import { EntryDocument } from './entryDocument';
import { EntryEvents } from './entryEvents';
import { JudgeEntry, StoreJudgement } from './freshness';
import { buildEntryView } from './entryView';
import { affectsEditor, maxStaleMs, tempGraceMs } from './editorSettings';
import { DisposableOwner } from './disposable';
import { HostMessage, parseWebviewMessage, WebviewMessage } from '../../shared/protocol';
import { entryEditorHtml } from './webviewHtml';
import type { ProjectionNames } from '../names/projectionNames';

/** How often a visible editor refreshes its relative ages and freshness verdict. */
const TICK_MS = 30_000;
/** How often a visible editor checks its file's stat, in case the watcher missed a change. */
const STAT_MS = 2_000;

/** Timings of the first time this editor became interactive, for the log and the tests. */
export interface EditorTiming {
  revision: number;
  /** From the start of opening the file to the webview reporting it rendered and usable. */
  openToInteractiveMs: number;
  /** From resolveCustomEditor to the same report. */
  resolveToInteractiveMs: number;
  /** From resolveCustomEditor to the webview's first message: the workbench starting the webview and loading its bundle. */
  webviewStartMs: number;
  /** The rest: reading and indexing the file, building the view, rendering it. What this editor's own code costs. */
  ownWorkMs: number;
}

/** Whether (and how fast) an editor's webview has shown its document's current revision. */
export interface EditorState {
  revision: number;
  renderedRevision: number;
  timing: EditorTiming | undefined;
}

export class EntryEditor extends DisposableOwner {
  private readonly resolvedAt = performance.now();
  private readyAt: number | undefined;
  /** When opening the file began, or when this editor was resolved if the file was already open in another. */
  private readonly openedAt: number;
  private timing: EditorTiming | undefined;
  private renderedRevision = -1;
  /** The entity's events as last shown: the Events section's questions go to it. */
  private events = new EntryEvents(undefined, undefined);

  constructor(
    readonly document: EntryDocument,
    readonly panel: vscode.WebviewPanel,
    bundleRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly judge: JudgeEntry,
    private readonly names: ProjectionNames,
  ) {
    super();
    this.openedAt = document.takeOpenedAt() ?? this.resolvedAt;
    this.own(panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data)));
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
    panel.webview.html = entryEditorHtml(panel.webview, bundleRoot);
    this.own(document.onDidChange(() => this.show()));
    this.own(vscode.workspace.onDidChangeConfiguration((event) => affectsEditor(event) && this.show()));
    this.own(vscode.workspace.onDidGrantWorkspaceTrust(() => this.show()));
    this.own(names.onDidChange(() => this.show()));
    const tick = setInterval(() => panel.visible && this.show(), TICK_MS);
    const stat = setInterval(() => panel.visible && void document.checkForChange(), STAT_MS);
    this.own({ dispose: () => [tick, stat].forEach(clearInterval) });
  }

  /** What the tests and the log see: whether (and how fast) the webview has shown the current revision. */
  get state(): EditorState {
    return { revision: this.document.revision, renderedRevision: this.renderedRevision, timing: this.timing };
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private show(): void {
    void this.judged().then(({ store, storeError }) => {
      if (this.isDisposed) return; // closed while the store was read
      const record = this.document.lastPresent?.inspected.record;
      const events = new EntryEvents(record?.kind === 'entry' ? record : undefined, store, storeError);
      // The periodic refresh keeps the events the webview shows (and the payloads its trees ask about).
      if (!this.events.sameAs(events)) this.events = events;
      const context = { now: Date.now(), maxStaleMs: maxStaleMs(), tempGraceMs: tempGraceMs(), trusted: vscode.workspace.isTrusted, store, names: this.names };
      this.post({ type: 'show', view: { ...buildEntryView(this.document, context), events: this.events.info } });
    });
  }

  /** The entry against its root's store; a store that cannot be read is logged and leaves the verdict to the cache. */
  private async judged(): Promise<{ store?: StoreJudgement; storeError?: string }> {
    const record = this.document.lastPresent?.inspected.record;
    if (record?.kind !== 'entry') return {};
    return this.judge(this.document.path, record).then(
      (store) => ({ store }),
      (error: unknown) => {
        this.log.warn(`Event store: ${(error as Error).message}`);
        return { storeError: (error as Error).message };
      },
    );
  }

  private receive(data: unknown): void {
    const message = parseWebviewMessage(data);
    if (!message) {
      this.log.warn('Ignored a malformed message from the entry editor webview');
      return;
    }
    this.handle(message).catch((error: unknown) => this.log.error(`Entry editor: ${(error as Error).message}`));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.readyAt ??= performance.now();
        return this.show();
      case 'rendered':
        return this.rendered(message.revision, message.ms);
      case 'query': {
        if (message.query.kind === 'events' || message.query.kind === 'payloadChildren') return this.post({ type: 'answer', id: message.id, answer: this.events.answer(message.query) });
        const value = this.document.lastPresent?.value;
        const answer =
          message.revision !== this.document.revision || !value
            ? { kind: 'error' as const, message: vscode.l10n.t('The file changed: this view is out of date.') }
            : value.answer(message.query);
        return this.post({ type: 'answer', id: message.id, answer });
      }
      case 'action':
        return runAction(message.action, this.document);
      case 'copyJson':
        return copyJsonNode(this.document, message.revision, message.node.start, message.node.end);
      case 'copyPayloadJson':
        return this.events.copy(message.handle, message.node);
      case 'error':
        return this.log.error(`Entry editor webview: ${message.message}`);
    }
  }

  private rendered(revision: number, webviewMs: number): void {
    this.renderedRevision = Math.max(this.renderedRevision, revision);
    if (this.timing) return;
    const now = performance.now();
    const webviewStartMs = (this.readyAt ?? now) - this.resolvedAt;
    const openToInteractiveMs = now - this.openedAt;
    this.timing = { revision, openToInteractiveMs, resolveToInteractiveMs: now - this.resolvedAt, webviewStartMs, ownWorkMs: openToInteractiveMs - webviewStartMs };
    const size = this.document.lastPresent?.inspected.record.size ?? 0;
    const ms = (value: number): string => `${Math.round(value)} ms`;
    this.log.info(
      `${this.document.path} (${size} bytes): interactive ${ms(openToInteractiveMs)} after opening, ${ms(this.timing.resolveToInteractiveMs)} after ` +
        `resolveCustomEditor; webview start-up ${ms(webviewStartMs)}, the editor's own work ${ms(this.timing.ownWorkMs)} (of which rendering ${ms(webviewMs)})`,
    );
  }
}
