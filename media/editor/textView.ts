/**
 * The value as text, wrapped by the host at the width of the view (a compact JSON value is one long line). When the
 * width changes the rows are asked for again at the new width.
 */
import type { TextRow } from '../../src/shared/protocol';
import { h } from './dom';
import type { Ask } from './valuePanel';
import { VirtualRows } from './virtualRows';

const MIN_COLUMNS = 16;

export class TextView {
  readonly element = h('div', { className: 'text-view' });
  private columns = 0;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ask: Ask) {
    new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => void this.layout(), 150);
    }).observe(this.element);
  }

  /** Builds the rows for the current width; resolves when the first rows are shown. */
  async layout(): Promise<void> {
    const columns = this.fittingColumns();
    if (columns === this.columns) return;
    this.columns = columns;
    const first = await this.ask({ kind: 'textRows', columns, first: 0, count: 1 });
    if (first.kind !== 'textRows') {
      this.element.replaceChildren(h('p', { className: 'placeholder', text: first.kind === 'error' ? first.message : 'Unexpected answer' }));
      return;
    }
    const rows = new VirtualRows<TextRow>(
      {
        rowCount: first.total,
        fetch: async (from, count) => {
          const answer = await this.ask({ kind: 'textRows', columns, first: from, count });
          return answer.kind === 'textRows' ? answer.rows : answer.kind === 'error' ? answer.message : 'Unexpected answer';
        },
        render: (row) => h('div', { className: row.continued ? 'vrow text-row continued' : 'vrow text-row', text: row.text }),
      },
      `Value as text, ${first.total} rows`,
    );
    this.element.replaceChildren(rows.element);
    await rows.start();
  }

  /** How many characters of the editor font fit in a row, measured with a probe. */
  private fittingColumns(): number {
    const probe = h('span', { className: 'vrow text-row measure', text: '0'.repeat(100) });
    this.element.append(probe);
    const charWidth = probe.getBoundingClientRect().width / 100 || 8;
    probe.remove();
    // Leave room for the row's padding (wrap-marker gutter) and a vertical scrollbar.
    return Math.max(MIN_COLUMNS, Math.floor((this.element.clientWidth - 48 - 16) / charWidth));
  }
}
