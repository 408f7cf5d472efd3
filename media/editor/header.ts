/**
 * The top of the editor: what the file is (title and badges), the actions, what is wrong with it, what batpak's reads
 * would do with it, and its facts. The toolbar is built once and updated in place so keyboard focus survives the
 * periodic refresh of ages.
 */
import type { ActionName, EntryView, Fact, Notice } from '../../src/shared/protocol';
import { h, icon, prose } from './dom';

const ACTIONS: Array<{ name: ActionName; label: string; icon: string; danger?: boolean }> = [
  { name: 'revealInTree', label: 'Reveal in Tree', icon: 'list-tree' },
  { name: 'copyKey', label: 'Copy Key', icon: 'key' },
  { name: 'copyValue', label: 'Copy Value', icon: 'copy' },
  { name: 'openRaw', label: 'Open Raw Bytes', icon: 'file-binary' },
  { name: 'repair', label: 'Repair', icon: 'tools' },
  { name: 'delete', label: 'Delete', icon: 'trash', danger: true },
];

const NOTICE_ICONS: Record<string, string> = { error: 'error', warning: 'warning', info: 'info', ok: 'pass', normal: 'info', muted: 'info' };

export class Header {
  readonly element: HTMLElement;
  private readonly title = h('h1', { className: 'title' });
  private readonly subtitle = h('div', { className: 'subtitle' });
  private readonly notices = h('div', { className: 'notices', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly freshness = h('div', { className: 'freshness' });
  private readonly facts = h('div', { className: 'facts' });
  private readonly buttons = new Map<ActionName, HTMLButtonElement>();
  private lastFacts = '';

  /** `onJump`: a badge that leads to the Events section was clicked ("3 events behind"). */
  constructor(
    onAction: (action: ActionName) => void,
    private readonly onJump: () => void,
  ) {
    const toolbar = h('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Entry actions' } });
    for (const action of ACTIONS) {
      const button = h('button', { className: action.danger ? 'action danger' : 'action', attrs: { type: 'button' } }, icon(action.icon), h('span', { text: action.label }));
      button.addEventListener('click', () => button.getAttribute('aria-disabled') !== 'true' && onAction(action.name));
      this.buttons.set(action.name, button);
      toolbar.append(button);
    }
    this.element = h(
      'header',
      { className: 'entry-header' },
      h('div', { className: 'title-row' }, h('div', { className: 'title-block' }, this.title, this.subtitle), toolbar),
      this.notices,
      this.freshness,
      this.facts,
    );
  }

  update(view: EntryView): void {
    this.title.textContent = view.title === '' ? '(empty key)' : view.title;
    this.title.title = view.title;
    this.subtitle.replaceChildren(
      h('span', { text: view.subtitle }),
      ...view.badges.map((badge) => {
        if (!badge.jump) return h('span', { className: `badge tone-${badge.tone}`, text: badge.text, title: badge.tooltip });
        const button = h('button', { className: `badge jump tone-${badge.tone}`, text: badge.text, title: badge.tooltip, attrs: { type: 'button' } });
        button.addEventListener('click', () => this.onJump());
        return button;
      }),
    );
    for (const [name, button] of this.buttons) {
      const state = view.actions[name];
      button.hidden = !state.shown;
      button.title = state.tooltip;
      button.setAttribute('aria-disabled', String(!state.enabled));
    }
    this.notices.replaceChildren(...view.notices.map(noticeElement));
    this.freshness.hidden = view.freshness === null;
    if (view.freshness) {
      const { tone, verdict, consistent } = view.freshness;
      this.freshness.className = `freshness tone-${tone}`;
      this.freshness.replaceChildren(icon('history'), h('div', {}, h('p', {}, prose(verdict)), consistent ? h('p', { className: 'muted' }, prose(consistent)) : null));
    }
    // Rebuilt only when a fact changed, so a text selection in them survives the periodic refresh.
    const facts = JSON.stringify(view.sections);
    if (facts !== this.lastFacts) {
      this.lastFacts = facts;
      this.facts.replaceChildren(
        ...view.sections.map((section) =>
          h('section', { className: 'card', attrs: { 'aria-label': section.title } }, h('h2', { text: section.title }), h('dl', {}, ...section.facts.flatMap(factElements))),
        ),
      );
    }
  }
}

function noticeElement(notice: Notice): HTMLElement {
  return h(
    'div',
    { className: `notice tone-${notice.tone}` },
    icon(NOTICE_ICONS[notice.tone]),
    h('div', {}, h('p', { className: 'headline' }, prose(notice.headline)), h('p', {}, prose(notice.detail))),
  );
}

function factElements(fact: Fact): HTMLElement[] {
  return [
    h('dt', { text: fact.label }),
    h(
      'dd',
      { className: `tone-${fact.tone}` },
      h('span', { className: fact.mono ? 'fact-value mono' : 'fact-value', text: fact.value }),
      fact.note ? h('span', { className: 'note', text: fact.note }) : null,
    ),
  ];
}
