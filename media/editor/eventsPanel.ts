/**
 * The Events section beside the value: the entity's events newest first, a page at a time, with the watermark drawn
 * between those after it (not in this entry) and those folded into it. Kinds the projection consumes are marked, the
 * others dimmed; a kind filter and "only after the watermark" ask the host again. A payload opens in the same exact
 * JSON tree as the value. Everything is text (dom.ts): payloads carry whatever strings the service wrote.
 */
import type { Answer, EventRow, EventsInfo, JsonRef } from '../../src/shared/protocol';
import { h, icon, prose } from './dom';
import { JsonTree } from './jsonTree';
import type { Ask } from './valuePanel';

const PAGE = 200;
/** The kind filter's choices besides single kinds. */
const ALL = 'all';
const CONSUMED = 'consumed';

export class EventsPanel {
  readonly element: HTMLElement;
  private readonly list = h('ol', { className: 'events-list', attrs: { 'aria-label': 'Events, newest first' } });
  private readonly more = h('button', { className: 'action events-more', attrs: { type: 'button' } });
  private readonly status = h('p', { className: 'events-status muted', attrs: { role: 'status' } });
  private readonly kindFilter = h('select', { className: 'events-kinds', attrs: { 'aria-label': 'Event kinds' } });
  private readonly afterOnly = h('input', { attrs: { type: 'checkbox', id: 'events-after-only' } });
  private loaded = 0;
  private total = 0;
  /** Whether the last row shown was after the watermark (the line goes before the first that is not). */
  private lastAfter = true;
  private lineDrawn = false;
  /** Bumped by every reload: pages asked for before it are dropped. */
  private generation = 0;

  constructor(
    private readonly info: EventsInfo,
    private readonly ask: Ask,
    private readonly copy: (handle: number, ref: JsonRef) => void,
  ) {
    const heading = h('h2', { text: 'Events' });
    const message = h('p', { className: 'events-message' }, prose(info.message));
    this.element = h('section', { className: 'events', attrs: { 'aria-label': 'Events' } }, heading, message);
    if (info.state !== 'events') return;
    this.fillKinds();
    this.afterOnly.checked = info.afterOnly;
    const afterLabel = h('label', { attrs: { for: 'events-after-only' }, text: `Only after the watermark (${info.watermark})` });
    const controls = h('div', { className: 'events-controls' }, this.kindFilter, h('span', { className: 'events-check' }, this.afterOnly, afterLabel));
    this.more.addEventListener('click', () => void this.loadMore());
    this.kindFilter.addEventListener('change', () => void this.reload());
    this.afterOnly.addEventListener('change', () => void this.reload());
    this.element.append(controls, this.status, this.list, this.more);
  }

  /** Shows the first page. */
  start(): Promise<void> {
    return this.info.state === 'events' ? this.reload() : Promise.resolve();
  }

  /** The "N events behind" badge: only the events after the watermark, the newest focused. */
  async jump(): Promise<void> {
    if (this.info.state !== 'events') return;
    if (!this.afterOnly.checked) {
      this.afterOnly.checked = true;
      await this.reload();
    }
    this.element.scrollIntoView({ block: 'start' });
    this.list.querySelector<HTMLElement>('.event-head')?.focus();
  }

  private fillKinds(): void {
    const consumed = this.info.kinds.filter((k) => k.relevant);
    const option = (value: string, text: string): HTMLOptionElement => h('option', { text, attrs: { value } });
    this.kindFilter.append(option(ALL, 'All kinds'));
    if (consumed.length > 0 && consumed.length < this.info.kinds.length) this.kindFilter.append(option(CONSUMED, `The projection's kinds (${consumed.map((k) => k.label).join(', ')})`));
    for (const kind of this.info.kinds) {
      const count = kind.count === 1 ? '1 event' : `${kind.count.toLocaleString()} events`;
      this.kindFilter.append(option(String(kind.kind), `${kind.label} \u00b7 ${count}${kind.relevant ? ' \u00b7 consumed' : ''}`));
    }
  }

  private kinds(): number[] {
    const chosen = this.kindFilter.value;
    if (chosen === ALL) return [];
    if (chosen === CONSUMED) return this.info.kinds.filter((k) => k.relevant).map((k) => k.kind);
    return [Number(chosen)];
  }

  private async reload(): Promise<void> {
    this.generation++;
    this.loaded = 0;
    this.lastAfter = true;
    this.lineDrawn = false;
    this.list.replaceChildren();
    this.more.hidden = true;
    await this.loadMore();
  }

  private async loadMore(): Promise<void> {
    const generation = this.generation;
    this.status.textContent = 'Reading events\u2026';
    const answer = await this.ask({ kind: 'events', afterOnly: this.afterOnly.checked, kinds: this.kinds(), offset: this.loaded, limit: PAGE });
    if (generation !== this.generation) return;
    if (answer.kind !== 'events') {
      this.status.textContent = answer.kind === 'error' ? answer.message : 'Unexpected answer';
      return;
    }
    for (const row of answer.rows) {
      if (!row.after) this.drawLine();
      this.lastAfter = row.after;
      this.list.append(this.eventElement(row));
    }
    this.loaded = answer.offset + answer.rows.length;
    this.total = answer.total;
    // Every event shown was after the watermark: the line goes below them.
    if (this.loaded >= this.total && this.lastAfter && this.total > 0) this.drawLine();
    const remaining = this.total - this.loaded;
    this.more.hidden = remaining <= 0;
    this.more.replaceChildren(icon('more'), h('span', { text: `Load more (${Math.min(PAGE, remaining).toLocaleString()} of ${remaining.toLocaleString()} remaining)` }));
    this.status.textContent =
      this.total === 0
        ? this.afterOnly.checked
          ? 'No events after the watermark: the entry has folded every one of these kinds.'
          : 'No events of this kind.'
        : `${this.total.toLocaleString()} ${this.total === 1 ? 'event' : 'events'}, newest first; ${this.loaded.toLocaleString()} shown.`;
  }

  /** The watermark line, once: "after the watermark" above it, "folded into this entry" below. */
  private drawLine(): void {
    if (this.lineDrawn) return;
    this.lineDrawn = true;
    this.list.append(
      h(
        'li',
        { className: 'watermark-line', attrs: { role: 'separator' } },
        h('span', { className: 'above' }, icon('arrow-up'), h('span', { text: 'after the watermark: not in this entry' })),
        h('span', { className: 'mark', text: `watermark ${this.info.watermark}` }),
        h('span', { className: 'below' }, icon('arrow-down'), h('span', { text: 'folded into this entry' })),
      ),
    );
  }

  private eventElement(row: EventRow): HTMLElement {
    const head = h(
      'button',
      { className: 'event-head', attrs: { type: 'button', 'aria-expanded': 'false' } },
      icon('chevron-right'),
      h('span', { className: 'event-seq mono', text: `#${row.sequence}` }),
      h('span', { className: 'event-kind mono', text: row.kind, title: row.relevant ? 'A kind the projection consumes' : 'A kind the projection is not known to consume' }),
      h('span', { className: 'event-time', text: row.time }),
      h('span', { className: 'event-preview mono', text: row.damage ?? row.preview }),
    );
    const classes = ['event', row.after ? 'after' : 'folded', row.relevant ? 'relevant' : 'other', row.damage ? 'damaged' : ''];
    const li = h('li', { className: classes.join(' ').trim() }, head);
    let body: HTMLElement | undefined;
    head.addEventListener('click', () => {
      const open = head.getAttribute('aria-expanded') !== 'true';
      head.setAttribute('aria-expanded', String(open));
      head.firstElementChild?.classList.replace(open ? 'codicon-chevron-right' : 'codicon-chevron-down', open ? 'codicon-chevron-down' : 'codicon-chevron-right');
      if (!body) {
        body = this.eventBody(row);
        li.append(body);
      }
      body.hidden = !open;
    });
    return li;
  }

  private eventBody(row: EventRow): HTMLElement {
    const body = h('div', { className: 'event-body' }, h('p', { className: 'event-detail muted', text: row.detail }));
    if (row.damage) body.append(h('p', { className: 'event-damage', text: row.damage }));
    const payload = row.payload;
    if (payload) {
      // The payload's tree asks for its members by the payload's handle; everything else is the value's tree.
      const ask: Ask = (query) =>
        query.kind === 'jsonChildren'
          ? this.ask({ kind: 'payloadChildren', handle: payload.handle, node: query.node, offset: query.offset, limit: query.limit })
          : Promise.resolve<Answer>({ kind: 'error', message: 'Unexpected question' });
      const tree = new JsonTree(payload.root, ask, (ref) => this.copy(payload.handle, ref));
      tree.element.setAttribute('aria-label', `Payload of event ${row.sequence}`);
      body.append(h('div', { className: 'event-payload' }, tree.element));
      void tree.start();
    }
    return body;
  }
}
