/**
 * The value as a JSON tree. Members are asked for when a node is expanded, a page at a time, so a huge value costs
 * only what is opened. Scalars are the stored text (numbers keep every digit). Keyboard: arrows move and open or
 * close, Home/End jump, Enter/Space toggle, Ctrl/Cmd+C copies the focused node as exact JSON.
 */
import type { JsonNode, JsonRef } from '../../src/shared/protocol';
import { h, icon } from './dom';
import type { Ask } from './valuePanel';

const PAGE = 200;
const INDENT_PX = 16;
/** Opened on first show: nodes up to this depth, while fewer than this many rows are visible. */
const AUTO_DEPTH = 3;
const AUTO_ROWS = 150;

interface Item {
  node: JsonNode;
  level: number;
  li: HTMLLIElement;
  row: HTMLElement;
  group?: HTMLUListElement;
  loaded: number;
  expanded: boolean;
  parent?: Item;
}

/** Rows are indented one step per level (set through the CSSOM, which the CSP allows, unlike inline styles). */
function indent(row: HTMLElement, level: number): void {
  row.style.paddingLeft = `${12 + (level - 1) * INDENT_PX}px`;
}

const isContainer = (node: JsonNode): boolean => node.kind === 'object' || node.kind === 'array';

/** Counts in the display language, which the host puts on the page (`<html lang>`). */
const counts = new Intl.NumberFormat(document.documentElement.lang || undefined);

function countLabel(node: JsonNode): string {
  const count = node.count ?? 0;
  if (node.kind === 'object') return count === 1 ? '1 key' : `${counts.format(count)} keys`;
  return count === 1 ? '1 item' : `${counts.format(count)} items`;
}

export class JsonTree {
  readonly element = h('ul', { className: 'json-tree', attrs: { role: 'tree', 'aria-label': 'Value as JSON' } });
  private readonly items = new WeakMap<HTMLElement, Item>();
  private readonly moreLoaders = new WeakMap<HTMLElement, () => Promise<void>>();
  private focused: HTMLLIElement | undefined;

  constructor(
    root: JsonNode,
    private readonly ask: Ask,
    private readonly copy: (ref: JsonRef) => void,
  ) {
    const item = this.createItem(root, null, 1, 1, 1);
    this.element.append(item.li);
    this.setFocus(item.li, false);
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
  }

  /** Opens the first levels, within a budget of rows; resolves when they are shown. */
  async start(): Promise<void> {
    const root = this.items.get(this.element.firstElementChild as HTMLElement);
    if (!root || !isContainer(root.node)) return;
    await this.expand(root);
    let budget = AUTO_ROWS - root.loaded;
    let frontier = this.childItems(root);
    for (let depth = 2; depth <= AUTO_DEPTH && budget > 0; depth++) {
      const chosen = frontier.filter((item) => {
        const count = item.node.count ?? 0;
        if (!isContainer(item.node) || count === 0 || count > budget) return false;
        budget -= Math.min(count, PAGE);
        return true;
      });
      await Promise.all(chosen.map((item) => this.expand(item)));
      frontier = chosen.flatMap((item) => this.childItems(item));
    }
  }

  /** Copies the focused node (the root if none) as exact JSON. */
  copyFocused(): void {
    const item = this.focused && this.items.get(this.focused);
    if (item) this.copy(item.node.ref);
  }

  private createItem(node: JsonNode, parent: Item | undefined | null, level: number, position: number, setSize: number): Item {
    const container = isContainer(node);
    const label = node.key !== null ? h('span', { className: 'key', text: node.key }) : parent ? h('span', { className: 'index', text: String(position - 1) }) : null;
    const value = container
      ? [h('span', { className: 'punct', text: node.kind === 'object' ? '{\u2026}' : '[\u2026]' }), h('span', { className: 'count', text: countLabel(node) })]
      : [
          h('span', { className: `scalar json-${node.kind}`, text: node.truncated ? `${node.text}\u2026` : node.text }),
          node.truncated ? h('span', { className: 'count', text: `${counts.format(node.ref.end - node.ref.start)} characters, shown whole in Text` }) : null,
        ];
    const row = h(
      'div',
      { className: 'json-row' },
      container ? icon('chevron-right') : h('span', { className: 'twistie-space' }),
      label,
      label ? h('span', { className: 'punct', text: ': ' }) : null,
      ...value,
    );
    indent(row, level);
    const li = h('li', { attrs: { role: 'treeitem', tabindex: '-1', 'aria-level': String(level), 'aria-posinset': String(position), 'aria-setsize': String(setSize) } }, row);
    if (container) li.setAttribute('aria-expanded', 'false');
    const item: Item = { node, level, li, row, loaded: 0, expanded: false, parent: parent ?? undefined };
    this.items.set(li, item);
    return item;
  }

  private childItems(item: Item): Item[] {
    return [...(item.group?.children ?? [])].map((li) => this.items.get(li as HTMLElement)).filter((child): child is Item => child !== undefined);
  }

  private async expand(item: Item): Promise<void> {
    item.expanded = true;
    item.li.setAttribute('aria-expanded', 'true');
    item.row.firstElementChild?.classList.replace('codicon-chevron-right', 'codicon-chevron-down');
    if (item.group) {
      item.group.hidden = false;
      return;
    }
    item.group = h('ul', { attrs: { role: 'group' } });
    item.li.append(item.group);
    await this.loadMore(item);
  }

  private collapse(item: Item): void {
    item.expanded = false;
    item.li.setAttribute('aria-expanded', 'false');
    item.row.firstElementChild?.classList.replace('codicon-chevron-down', 'codicon-chevron-right');
    if (item.group) item.group.hidden = true;
  }

  private async loadMore(item: Item): Promise<void> {
    const group = item.group as HTMLUListElement;
    const answer = await this.ask({ kind: 'jsonChildren', node: item.node.ref, offset: item.loaded, limit: PAGE });
    group.querySelector(':scope > li.more')?.remove();
    if (answer.kind !== 'jsonChildren') {
      group.append(h('li', { className: 'placeholder', text: answer.kind === 'error' ? answer.message : 'Unexpected answer' }));
      return;
    }
    answer.children.forEach((child, index) => group.append(this.createItem(child, item, item.level + 1, answer.offset + index + 1, answer.total).li));
    item.loaded = answer.offset + answer.children.length;
    if (item.loaded < answer.total) {
      const next = Math.min(PAGE, answer.total - item.loaded);
      const row = h(
        'div',
        { className: 'json-row' },
        h('span', { className: 'twistie-space' }),
        h('span', { className: 'link', text: `Show ${counts.format(next)} more (${counts.format(item.loaded)} of ${counts.format(answer.total)} shown)` }),
      );
      indent(row, item.level + 1);
      const more = h('li', { className: 'more', attrs: { role: 'treeitem', tabindex: '-1', 'aria-level': String(item.level + 1) } }, row);
      this.moreLoaders.set(more, async () => {
        const wasFocused = this.focused === more;
        const firstNew = item.loaded;
        await this.loadMore(item);
        if (wasFocused) this.setFocus(group.children[firstNew] as HTMLLIElement, true);
      });
      group.append(more);
    }
  }

  private visibleItems(): HTMLLIElement[] {
    return [...this.element.querySelectorAll<HTMLLIElement>('li[role="treeitem"]')].filter((li) => !li.parentElement?.closest('[hidden]'));
  }

  private setFocus(li: HTMLLIElement, focus: boolean): void {
    if (this.focused) {
      this.focused.tabIndex = -1;
      this.focused.removeAttribute('aria-selected');
    }
    this.focused = li;
    li.tabIndex = 0;
    li.setAttribute('aria-selected', 'true');
    if (focus) li.focus();
  }

  private activate(li: HTMLLIElement): void {
    const load = this.moreLoaders.get(li);
    if (load) {
      void load();
      return;
    }
    const item = this.items.get(li);
    if (!item || !isContainer(item.node)) return;
    if (item.expanded) this.collapse(item);
    else void this.expand(item);
  }

  private onClick(event: MouseEvent): void {
    const li = (event.target as HTMLElement).closest<HTMLLIElement>('li[role="treeitem"]');
    if (!li || !this.element.contains(li)) return;
    this.setFocus(li, true);
    this.activate(li);
  }

  private onKey(event: KeyboardEvent): void {
    const li = this.focused;
    if (!li) return;
    const item = this.items.get(li);
    const visible = this.visibleItems();
    const at = visible.indexOf(li);
    const move = (target: HTMLLIElement | undefined): void => {
      if (target) this.setFocus(target, true);
    };
    switch (event.key) {
      case 'ArrowDown':
        move(visible[at + 1]);
        break;
      case 'ArrowUp':
        move(visible[at - 1]);
        break;
      case 'Home':
        move(visible[0]);
        break;
      case 'End':
        move(visible[visible.length - 1]);
        break;
      case 'ArrowRight':
        if (item && isContainer(item.node)) {
          if (!item.expanded) void this.expand(item);
          else move(item.group?.firstElementChild as HTMLLIElement | undefined);
        }
        break;
      case 'ArrowLeft':
        if (item?.expanded) this.collapse(item);
        else move((item?.parent ?? this.items.get(li.parentElement?.closest('li') as HTMLElement))?.li);
        break;
      case 'Enter':
      case ' ':
        this.activate(li);
        break;
      case 'c':
        // A text selection is copied the usual way; with none, the focused node is copied.
        if (!(event.ctrlKey || event.metaKey) || String(window.getSelection() ?? '') !== '') return;
        this.copyFocused();
        break;
      default:
        return;
    }
    event.preventDefault();
  }
}
