/**
 * The messages between the cache overview's host side and its webview, declared as guards as the entry editor's are
 * (protocol.ts). The host words and formats everything; the webview draws bars from `value` and shows the strings.
 */
import { arrayOf, Infer, isBoolean, isCount, isString, literal, nullable, object, oneOf } from './guards';

/**
 * One bar: `value` sizes it, `text` and `detail` (e.g. "12 entries", "6 KB") are its table cells. `filter` is what a
 * click asks the host to filter the tree to (opaque to the webview), null when the bar filters nothing.
 */
const bar = object({ label: isString, value: isCount, text: isString, detail: isString, filter: nullable(isString) });
export type Bar = Infer<typeof bar>;

/** A bar chart and the table behind it: `columns` heads the label, text and detail cells. */
const chart = object({ id: isString, title: isString, columns: arrayOf(isString, 3), bars: arrayOf(bar, 1000), note: nullable(isString) });
export type Chart = Infer<typeof chart>;

/** An audit class: `cleanable` when it holds files the clean-up may remove (a store class needs a readable store). */
const auditRow = object({ auditClass: isString, label: isString, count: isCount, text: isString, bytes: isString, reason: isString, cleanable: isBoolean, filter: nullable(isString) });
export type AuditRow = Infer<typeof auditRow>;

/** The fixed words of the page, in the editor's language. */
const labels = object({ showTable: isString, hideTable: isString, cleanUp: isString, auditTitle: isString, filterHint: isString, select: isString });
export type OverviewLabels = Infer<typeof labels>;

const overview = object({
  title: isString,
  subtitle: isString,
  charts: arrayOf(chart, 16),
  audit: arrayOf(auditRow, 16),
  /** Sentences under the audit: what was left unclassified and why, the store's warnings. */
  notes: arrayOf(isString, 100),
  /** Whether files may be deleted (a trusted workspace). */
  canClean: isBoolean,
  labels,
});
export type Overview = Infer<typeof overview>;

const hostMessage = object({ type: literal('show'), overview });
export type OverviewHostMessage = Infer<typeof hostMessage>;

const webviewMessage = oneOf(
  object({ type: literal('ready') }),
  object({ type: literal('filter'), filter: isString }),
  object({ type: literal('cleanUp'), classes: arrayOf(isString, 16) }),
  /** An uncaught error in the webview, for the host's log. */
  object({ type: literal('error'), message: isString }),
);
export type OverviewWebviewMessage = Infer<typeof webviewMessage>;

export const parseOverviewHostMessage = (data: unknown): OverviewHostMessage | undefined => (hostMessage(data) ? data : undefined);
export const parseOverviewWebviewMessage = (data: unknown): OverviewWebviewMessage | undefined => (webviewMessage(data) ? data : undefined);
