/**
 * A scrolling list of fixed-height rows of which only the visible ones exist in the DOM, fetched from the host a
 * page at a time and forgotten again when far away. A multi-megabyte value thus costs a few hundred elements and a
 * few pages of strings, however far it is scrolled.
 */
import { h } from './dom';

export interface RowSource<R> {
  rowCount: number;
  /** Rows [first, first + count), or an error message. */
  fetch(first: number, count: number): Promise<R[] | string>;
  render(row: R, index: number): HTMLElement;
}

const PAGE_ROWS = 200;
const KEPT_PAGES = 24;
const OVERSCAN_ROWS = 20;

export class VirtualRows<R> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly window: HTMLElement;
  private readonly pages = new Map<number, R[] | Promise<void>>();
  private rowHeight = 0;
  private drawQueued = false;
  private error: string | undefined;

  constructor(
    private readonly source: RowSource<R>,
    label: string,
  ) {
    this.window = h('div', { className: 'vwindow' });
    this.spacer = h('div', { className: 'vspacer' }, this.window);
    this.element = h('div', { className: 'vrows', attrs: { tabindex: '0', role: 'region', 'aria-label': label } }, this.spacer);
    this.element.addEventListener('scroll', () => this.queueDraw(), { passive: true });
    new ResizeObserver(() => this.queueDraw()).observe(this.element);
  }

  /** Loads the first page, so the caller can wait until there is something to show. */
  async start(): Promise<void> {
    this.rowHeight = this.measureRowHeight();
    this.spacer.style.height = `${this.source.rowCount * this.rowHeight}px`;
    await this.load(0);
    this.draw();
  }

  private measureRowHeight(): number {
    const probe = h('div', { className: 'vrow', text: '0' });
    this.window.append(probe);
    const height = probe.getBoundingClientRect().height || 20;
    probe.remove();
    return height;
  }

  private queueDraw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.draw();
    });
  }

  private load(page: number): Promise<void> {
    const known = this.pages.get(page);
    if (Array.isArray(known)) return Promise.resolve();
    if (known) return known;
    const loading = this.source.fetch(page * PAGE_ROWS, PAGE_ROWS).then((rows) => {
      if (typeof rows === 'string') {
        this.error = rows;
        this.pages.delete(page);
      } else this.pages.set(page, rows);
    });
    this.pages.set(page, loading);
    return loading;
  }

  private draw(): void {
    if (this.error !== undefined) {
      this.element.replaceChildren(h('p', { className: 'placeholder', text: this.error }));
      return;
    }
    const { scrollTop, clientHeight } = this.element;
    const first = Math.max(0, Math.floor(scrollTop / this.rowHeight) - OVERSCAN_ROWS);
    const last = Math.min(this.source.rowCount, Math.ceil((scrollTop + clientHeight) / this.rowHeight) + OVERSCAN_ROWS);
    const rows: HTMLElement[] = [];
    const missing = new Set<number>();
    for (let index = first; index < last; index++) {
      const page = this.pages.get(Math.floor(index / PAGE_ROWS));
      if (Array.isArray(page)) rows.push(this.source.render(page[index % PAGE_ROWS], index));
      else {
        rows.push(h('div', { className: 'vrow pending', text: '\u2026' }));
        missing.add(Math.floor(index / PAGE_ROWS));
      }
    }
    for (const page of missing) void this.load(page).then(() => this.queueDraw());
    this.window.style.transform = `translateY(${first * this.rowHeight}px)`;
    this.window.replaceChildren(...rows);
    this.forgetFarPages(Math.floor(first / PAGE_ROWS));
  }

  private forgetFarPages(current: number): void {
    if (this.pages.size <= KEPT_PAGES) return;
    const far = [...this.pages.keys()].filter((page) => Array.isArray(this.pages.get(page))).sort((a, b) => Math.abs(b - current) - Math.abs(a - current));
    for (const page of far.slice(0, this.pages.size - KEPT_PAGES)) this.pages.delete(page);
  }
}
