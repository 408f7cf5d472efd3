/**
 * The one way this webview builds DOM: elements with text content and fixed attributes. Data is only ever put into
 * `textContent` or attribute values, never parsed as HTML, so a key or value holding markup is shown, not run.
 */
type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.title) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

export function icon(name: string): HTMLSpanElement {
  return h('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** Text in which `backticked` parts are shown as code: the only markup host sentences use. */
export function prose(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  text.split('`').forEach((part, index) => part && fragment.append(index % 2 === 1 ? h('code', { text: part }) : part));
  return fragment;
}

/** Resolves after the browser has painted what was just added. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
