/**
 * The audit's classes as a table: each class with its files, size and reason, a checkbox to choose it for Clean Up,
 * and its name as a button that filters the tree to it. One Clean Up for every class chosen (the host previews it).
 */
import type { AuditRow, Overview } from '../../src/shared/overviewProtocol';
import { h } from '../editor/dom';
import { asButton } from './chart';

export interface AuditActions {
  /** The classes chosen for Clean Up: kept across redraws. */
  chosen: Set<string>;
  filter(filter: string): void;
  cleanUp(classes: string[]): void;
}

function classRow(row: AuditRow, overview: Overview, actions: AuditActions, onChoose: () => void): { element: HTMLTableRowElement; box: HTMLInputElement } {
  const box = h('input', { attrs: { type: 'checkbox', 'aria-label': overview.labels.select.replace('{0}', row.label), 'data-class': row.auditClass } });
  box.disabled = !row.cleanable;
  box.checked = row.cleanable && actions.chosen.has(row.auditClass);
  box.addEventListener('change', () => {
    if (box.checked) actions.chosen.add(row.auditClass);
    else actions.chosen.delete(row.auditClass);
    onChoose();
  });
  const name = h('span', { className: 'class-name', text: row.label });
  const filter = row.filter;
  if (filter !== null) asButton(name, overview.labels.filterHint.replace('{0}', row.label), () => actions.filter(filter));
  const element = h(
    'tr',
    { attrs: { 'data-class': row.auditClass } },
    h('td', {}, box),
    h('th', { attrs: { scope: 'row' } }, name),
    h('td', { className: 'num', text: row.text }),
    h('td', { className: 'num', text: row.bytes }),
    h('td', { className: 'muted', text: row.reason }),
  );
  return { element, box };
}

export function auditSection(overview: Overview, actions: AuditActions): HTMLElement {
  const clean = h('button', { className: 'clean', text: overview.labels.cleanUp });
  const rows = overview.audit.map((row) => ({ row, ...classRow(row, overview, actions, () => update()) }));
  const chosen = (): string[] => rows.filter(({ box }) => box.checked).map(({ row }) => row.auditClass);
  const update = (): void => void (clean.disabled = !overview.canClean || chosen().length === 0);
  update();
  clean.addEventListener('click', () => actions.cleanUp(chosen()));
  return h(
    'section',
    { className: 'audit', attrs: { 'aria-label': overview.labels.auditTitle } },
    h('header', {}, h('h2', { text: overview.labels.auditTitle }), clean),
    h('table', { className: 'data audit-table' }, h('tbody', {}, ...rows.map(({ element }) => element))),
    ...overview.notes.map((note) => h('p', { className: 'note muted', text: note })),
  );
}
