/**
 * The entry editor's webview. It renders what the host sends and asks the host for the parts of the value it is
 * about to show. Every message from the host is validated (rpc.ts): a malformed answer fails its question, anything
 * else malformed is dropped.
 */
import '@vscode/codicons/dist/codicon.css';
import './editor.css';
import type { Answer, EntryView, WebviewMessage } from '../../src/shared/protocol';
import { afterPaint, h } from './dom';
import { EventsPanel } from './eventsPanel';
import { Header } from './header';
import { Rpc } from './rpc';
import { ValuePanel, ViewId } from './valuePanel';

interface PersistedState {
  view?: ViewId;
}

declare function acquireVsCodeApi(): {
  postMessage(message: WebviewMessage): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
};

const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage): void => vscode.postMessage(message);
const rpc = new Rpc(post);
const app = document.getElementById('app') as HTMLElement;
const header = new Header(
  (action) => post({ type: 'action', action }),
  () => void events?.panel.jump(),
);
/** The value and the entity's events, side by side. */
const panes = h('div', { className: 'panes' });
let shown: { revision: number; value: ValuePanel } | undefined;
let events: { key: string; panel: EventsPanel } | undefined;

/** The Events section, rebuilt only when what it starts from changed (a new store read, a new watermark). */
function showEvents(view: EntryView): void {
  const key = JSON.stringify(view.events);
  if (events?.key === key) return;
  events?.panel.element.remove();
  events = undefined;
  if (!view.events) return;
  const { revision } = view;
  const panel = new EventsPanel(view.events, (query) => rpc.ask(revision, query).catch((error: Error): Answer => ({ kind: 'error', message: error.message })), (handle, node) =>
    post({ type: 'copyPayloadJson', handle, node }),
  );
  events = { key, panel };
  panes.append(panel.element);
  void panel.start();
}

async function show(view: EntryView): Promise<void> {
  const started = performance.now();
  header.update(view);
  showEvents(view);
  if (shown?.revision === view.revision) return; // a periodic refresh: the value did not change
  const { revision } = view;
  const value = new ValuePanel(view.value, {
    // A question that failed shows why in place, as an error answer from the host does.
    ask: (query) => rpc.ask(revision, query).catch((error: Error): Answer => ({ kind: 'error', message: error.message })),
    copyJson: (node) => post({ type: 'copyJson', revision, node }),
    preferred: vscode.getState()?.view,
    onViewChosen: (chosen) => vscode.setState({ view: chosen }),
  });
  shown?.value.element.remove();
  shown = { revision, value };
  if (!header.element.isConnected) app.append(header.element, panes);
  panes.prepend(value.element);
  await value.start();
  await afterPaint();
  app.setAttribute('aria-busy', 'false');
  post({ type: 'rendered', revision, ms: performance.now() - started });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const view = rpc.receive(event.data);
  if (view) void show(view);
});

const report = (error: unknown): void => post({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
window.addEventListener('error', (event) => report(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => report(event.reason));

post({ type: 'ready' });
