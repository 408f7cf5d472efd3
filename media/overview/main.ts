/**
 * The Cache Overview's webview: draws what the host sends (charts, audit) and sends back what the user asks for (filter
 * the tree to a bar, clean up classes). Every message from the host is validated; anything malformed is dropped.
 */
import './overview.css';
import { OverviewWebviewMessage, parseOverviewHostMessage } from '../../src/shared/overviewProtocol';
import { h } from '../editor/dom';
import { auditSection } from './audit';
import { chartSection } from './chart';

declare function acquireVsCodeApi(): { postMessage(message: OverviewWebviewMessage): void };

const vscode = acquireVsCodeApi();
const post = (message: OverviewWebviewMessage): void => vscode.postMessage(message);
const app = document.getElementById('app') as HTMLElement;
const filter = (token: string): void => post({ type: 'filter', filter: token });
const chosen = new Set<string>();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseOverviewHostMessage(event.data);
  if (!message) return;
  const { overview } = message;
  // Keyboard focus survives a redraw (a new census arrives while the user tabs through the bars).
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.getAttribute('aria-label') : null;
  app.replaceChildren(
    h('header', { className: 'title' }, h('h1', { text: overview.title }), h('p', { className: 'muted', text: overview.subtitle })),
    h('div', { className: 'charts' }, ...overview.charts.map((chart) => chartSection(chart, overview.labels, filter))),
    auditSection(overview, { chosen, filter, cleanUp: (classes) => post({ type: 'cleanUp', classes }) }),
  );
  if (focused) [...app.querySelectorAll<HTMLElement>('[aria-label]')].find((e) => e.getAttribute('aria-label') === focused)?.focus();
  app.setAttribute('aria-busy', 'false');
});

const report = (error: unknown): void => post({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
window.addEventListener('error', (event) => report(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => report(event.reason));
post({ type: 'ready' });
