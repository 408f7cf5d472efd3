/**
 * The value of one revision of the file, in switchable views: JSON tree, text, hex. Each view is built the first
 * time its tab is chosen and kept while the revision lasts, so switching back keeps its scroll position.
 */
import type { Answer, JsonRef, Query, ValueInfo } from '../../src/shared/protocol';
import { h, icon } from './dom';
import { hexView } from './hexView';
import { JsonTree } from './jsonTree';
import { TabSpec, Tabs } from './tabs';
import { TextView } from './textView';

export type Ask = (query: Query) => Promise<Answer>;
export type ViewId = 'json' | 'text' | 'hex';

const LABELS: Record<ViewId, string> = { json: 'JSON', text: 'Text', hex: 'Hex' };

export interface ValuePanelOptions {
  ask: Ask;
  copyJson: (ref: JsonRef) => void;
  preferred: ViewId | undefined;
  onViewChosen: (view: ViewId) => void;
}

function viewsFor(value: ValueInfo): ViewId[] {
  switch (value.format) {
    case 'json':
      return ['json', 'text', 'hex'];
    case 'text':
      return ['text', 'hex'];
    case 'binary':
      return ['hex'];
    case 'empty':
      return [];
  }
}

export class ValuePanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { className: 'value-body', attrs: { id: 'value-panel', role: 'tabpanel' } });
  private readonly views = new Map<ViewId, { element: HTMLElement; shown: Promise<void>; tree?: JsonTree }>();
  private readonly tabs: Tabs<ViewId> | undefined;
  private readonly copyNode = h('button', { className: 'action', attrs: { type: 'button' }, title: 'Copy the focused JSON node as exact JSON (Ctrl+C in the tree)' }, icon('copy'), h('span', { text: 'Copy Node' }));
  private current: ViewId | undefined;

  constructor(
    private readonly value: ValueInfo | null,
    private readonly options: ValuePanelOptions,
  ) {
    const ids = value ? viewsFor(value) : [];
    const specs: Array<TabSpec<ViewId>> = ids.map((id) => ({ id, label: LABELS[id] }));
    this.tabs = specs.length > 0 ? new Tabs(specs, 'value', (id) => void this.choose(id)) : undefined;
    this.copyNode.addEventListener('click', () => this.views.get('json')?.tree?.copyFocused());
    const summary = h('span', { className: 'summary', text: value ? value.summary : 'No value' });
    this.element = h('section', { className: 'value', attrs: { 'aria-label': 'Value' } }, h('div', { className: 'value-bar' }, this.tabs?.element, summary, this.copyNode), this.body);
    if (!this.tabs) {
      this.copyNode.hidden = true;
      const why = value?.format === 'empty' ? 'The value is empty (0 bytes).' : 'This file holds no value to show.';
      this.body.replaceChildren(h('p', { className: 'placeholder', text: why }));
    }
  }

  /** Shows the preferred view (or the first); resolves when it has content on screen. */
  start(): Promise<void> {
    const ids = this.value ? viewsFor(this.value) : [];
    if (ids.length === 0) return Promise.resolve();
    return this.choose(this.options.preferred && ids.includes(this.options.preferred) ? this.options.preferred : ids[0]);
  }

  private choose(id: ViewId): Promise<void> {
    if (!this.tabs || !this.value) return Promise.resolve();
    this.body.setAttribute('aria-labelledby', this.tabs.select(id));
    this.copyNode.hidden = id !== 'json';
    if (this.current !== id) this.options.onViewChosen(id);
    this.current = id;
    let view = this.views.get(id);
    if (!view) {
      view = this.build(id, this.value);
      this.views.set(id, view);
    }
    this.body.replaceChildren(view.element);
    return view.shown;
  }

  private build(id: ViewId, value: ValueInfo): { element: HTMLElement; shown: Promise<void>; tree?: JsonTree } {
    const { ask } = this.options;
    if (id === 'json' && value.json) {
      const tree = new JsonTree(value.json, ask, this.options.copyJson);
      return { element: h('div', { className: 'json-view' }, tree.element), shown: tree.start(), tree };
    }
    if (id === 'text') {
      const text = new TextView(ask);
      // The view must be in the document before it can measure its width.
      return { element: text.element, shown: Promise.resolve().then(() => text.layout()) };
    }
    const hex = hexView(value.hexRowCount, ask);
    return { element: hex.element, shown: Promise.resolve().then(() => hex.start()) };
  }
}
