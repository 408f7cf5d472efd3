/**
 * A horizontal bar chart: one row per bar (its label, an SVG bar scaled to the largest, its count) and the table
 * behind it, shown on demand. A bar that filters the tree is a button: click, Enter or Space.
 */
import type { Bar, Chart, OverviewLabels } from '../../src/shared/overviewProtocol';
import { h } from '../editor/dom';

const SVG = 'http://www.w3.org/2000/svg';

/** The bar itself: a rect in a 100-wide viewBox stretched to the row (attributes only: the CSP allows no inline style). */
function barGraphic(value: number, max: number): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'bar');
  svg.setAttribute('viewBox', '0 0 100 10');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const track = document.createElementNS(SVG, 'rect');
  track.setAttribute('class', 'track');
  track.setAttribute('width', '100');
  track.setAttribute('height', '10');
  const rect = document.createElementNS(SVG, 'rect');
  rect.setAttribute('class', 'fill');
  // A bar of anything at all stays visible beside a much larger one.
  rect.setAttribute('width', String(value === 0 ? 0 : Math.max(1, (value / max) * 100)));
  rect.setAttribute('height', '10');
  svg.append(track, rect);
  return svg;
}

/** Makes `element` act as a button that runs `activate` (mouse, Enter, Space). */
export function asButton(element: HTMLElement, label: string, activate: () => void): void {
  element.tabIndex = 0;
  element.setAttribute('role', 'button');
  element.setAttribute('aria-label', label);
  element.title = label;
  element.classList.add('clickable');
  element.addEventListener('click', activate);
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    activate();
  });
}

function row(bar: Bar, max: number, labels: OverviewLabels, onFilter: (filter: string) => void): HTMLElement {
  const element = h(
    'div',
    { className: 'row', attrs: { 'data-filter': bar.filter ?? '' } },
    h('span', { className: 'label', text: bar.label, title: bar.label }),
    barGraphic(bar.value, max),
    h('span', { className: 'value', text: bar.text }),
    h('span', { className: 'detail muted', text: bar.detail }),
  );
  const filter = bar.filter;
  if (filter !== null) asButton(element, labels.filterHint.replace('{0}', bar.label), () => onFilter(filter));
  return element;
}

function table(chart: Chart): HTMLTableElement {
  const [labelHead, textHead, detailHead] = chart.columns;
  return h(
    'table',
    { className: 'data', attrs: { 'data-chart': chart.id } },
    h('caption', { text: chart.title }),
    h('thead', {}, h('tr', {}, ...[labelHead, textHead, detailHead].map((text) => h('th', { text: text ?? '', attrs: { scope: 'col' } })))),
    h('tbody', {}, ...chart.bars.map((bar) => h('tr', {}, h('th', { text: bar.label, attrs: { scope: 'row' } }), h('td', { text: bar.text }), h('td', { text: bar.detail })))),
  );
}

export function chartSection(chart: Chart, labels: OverviewLabels, onFilter: (filter: string) => void): HTMLElement {
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  const data = table(chart);
  data.hidden = true;
  const toggle = h('button', { className: 'toggle', text: labels.showTable, attrs: { 'aria-expanded': 'false' } });
  toggle.addEventListener('click', () => {
    data.hidden = !data.hidden;
    toggle.textContent = data.hidden ? labels.showTable : labels.hideTable;
    toggle.setAttribute('aria-expanded', String(!data.hidden));
  });
  return h(
    'section',
    { className: `chart chart-${chart.id}`, attrs: { 'aria-label': chart.title } },
    h('header', {}, h('h2', { text: chart.title }), toggle),
    h('div', { className: chart.bars.some((bar) => bar.detail !== '') ? 'bars' : 'bars plain' }, ...chart.bars.map((bar) => row(bar, max, labels, onFilter))),
    chart.note === null ? null : h('p', { className: 'note muted', text: chart.note }),
    data,
  );
}
