/** A tab list (buttons with ARIA tab roles): arrow keys, Home and End move between tabs and select them. */
import { h } from './dom';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
}

export class Tabs<T extends string> {
  readonly element = h('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Value views' } });
  private readonly buttons = new Map<T, HTMLButtonElement>();

  constructor(specs: Array<TabSpec<T>>, idPrefix: string, onSelect: (id: T) => void) {
    for (const spec of specs) {
      const button = h('button', {
        className: 'tab',
        text: spec.label,
        attrs: { type: 'button', role: 'tab', id: `${idPrefix}-tab-${spec.id}`, 'aria-controls': `${idPrefix}-panel`, 'aria-selected': 'false', tabindex: '-1' },
      });
      button.addEventListener('click', () => onSelect(spec.id));
      this.buttons.set(spec.id, button);
      this.element.append(button);
    }
    this.element.addEventListener('keydown', (event) => {
      const ids = [...this.buttons.keys()];
      const at = ids.findIndex((id) => this.buttons.get(id) === document.activeElement);
      const target = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: ids.length - 1 }[event.key];
      if (target === undefined || at < 0) return;
      event.preventDefault();
      const id = ids[(target + ids.length) % ids.length];
      this.buttons.get(id)?.focus();
      onSelect(id);
    });
  }

  /** Marks `id` selected; returns the id of its tab element, for the panel's aria-labelledby. */
  select(id: T): string {
    for (const [tabId, button] of this.buttons) {
      const selected = tabId === id;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    return this.buttons.get(id)?.id ?? '';
  }
}
