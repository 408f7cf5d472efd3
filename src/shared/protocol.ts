/**
 * The messages between the entry editor's host side and its webview. Each message is declared once, as a guard, and
 * its TypeScript type is derived from it; both sides validate every message they receive and drop what does not fit.
 * The host does all the formatting: the webview only renders the strings it is given (always as text). It lives in
 * src/shared/ because both sides import it by design: the extension host (Node) and the webview (browser bundle).
 */
import { arrayOf, Guard, Infer, isBoolean, isCount, isNumber, isString, literal, nullable, object, oneOf } from './guards';

export const tone = literal('normal', 'muted', 'ok', 'info', 'warning', 'error');
export type Tone = Infer<typeof tone>;

/** One labelled fact, e.g. "Watermark: 42". `note` explains or qualifies the value. */
const fact = object({ label: isString, value: isString, mono: isBoolean, tone, note: nullable(isString) });
export type Fact = Infer<typeof fact>;

const section = object({ title: isString, facts: arrayOf(fact, 64) });
export type Section = Infer<typeof section>;

/** `jump`: clicking the badge shows the Events section's events after the watermark ("3 events behind"). */
const badge = object({ text: isString, tone, tooltip: isString, jump: isBoolean });
export type Badge = Infer<typeof badge>;

/** A sentence about the file as a whole: what is wrong with it, or what batpak would do with it. */
const notice = object({ tone, headline: isString, detail: isString });
export type Notice = Infer<typeof notice>;

export const actionName = literal('delete', 'repair', 'copyKey', 'copyValue', 'revealInTree', 'openRaw');
export type ActionName = Infer<typeof actionName>;

/** `shown` is false where the action makes no sense for this kind of file (Repair on a healthy entry). */
const actionState = object({ shown: isBoolean, enabled: isBoolean, tooltip: isString });
export type ActionState = Infer<typeof actionState>;

const actions = object({
  delete: actionState,
  repair: actionState,
  copyKey: actionState,
  copyValue: actionState,
  revealInTree: actionState,
  openRaw: actionState,
});

export const jsonKind = literal('object', 'array', 'string', 'number', 'boolean', 'null');
export type JsonKind = Infer<typeof jsonKind>;

/** A JSON value by its place in the value's text, [start, end): the handle the webview asks about. */
const jsonRef = object({ start: isCount, end: isCount });
export type JsonRef = Infer<typeof jsonRef>;

/**
 * One node of the JSON tree. `text` is the value as stored (numbers keep every digit), cut to a preview for long
 * strings (`truncated`); containers carry their member count instead.
 */
const jsonNode = object({
  key: nullable(isString),
  kind: jsonKind,
  ref: jsonRef,
  text: isString,
  truncated: isBoolean,
  count: nullable(isCount),
});
export type JsonNode = Infer<typeof jsonNode>;

export const valueFormat = literal('json', 'text', 'binary', 'empty');
export type ValueFormat = Infer<typeof valueFormat>;

const valueInfo = object({
  format: valueFormat,
  byteLength: isCount,
  summary: isString,
  hexRowCount: isCount,
  /** The root of the JSON tree, when the value is JSON. */
  json: nullable(jsonNode),
});
export type ValueInfo = Infer<typeof valueInfo>;

// ---- the entity's events, from the event store linked to the entry's root ----

/** An event kind of the entity: `relevant` when the projection is known to consume it. */
const eventKind = object({ kind: isCount, label: isString, relevant: isBoolean, count: isCount });
export type EventKindInfo = Infer<typeof eventKind>;

/**
 * What the Events section starts from. `state`: events to show, or why there are none (`message` says it).
 * `afterOnly`: whether "only after the watermark" starts on (it does for a stale entry).
 */
const eventsInfo = object({
  state: literal('events', 'no-store', 'no-entity', 'unreadable'),
  message: isString,
  watermark: isString,
  kinds: arrayOf(eventKind, 4096),
  afterOnly: isBoolean,
});
export type EventsInfo = Infer<typeof eventsInfo>;

/** One event as the section lists it; `payload` is the root of its exact JSON tree (null when damaged). */
const eventRow = object({
  sequence: isString,
  kind: isString,
  relevant: isBoolean,
  after: isBoolean,
  time: isString,
  detail: isString,
  damage: nullable(isString),
  preview: isString,
  payload: nullable(object({ handle: isCount, root: jsonNode })),
});
export type EventRow = Infer<typeof eventRow>;

const entryView = object({
  /** Bumped whenever the file's content changes: answers for an older revision are stale. */
  revision: isCount,
  title: isString,
  subtitle: isString,
  badges: arrayOf(badge, 16),
  notices: arrayOf(notice, 16),
  sections: arrayOf(section, 8),
  freshness: nullable(object({ tone, verdict: isString, consistent: isString })),
  value: nullable(valueInfo),
  actions,
  events: nullable(eventsInfo),
});
export type EntryView = Infer<typeof entryView>;

// ---- queries: the webview asks for the parts of a large value it is about to show ----

const hexRowsQuery = object({ kind: literal('hexRows'), first: isCount, count: isCount });
const textRowsQuery = object({ kind: literal('textRows'), columns: isCount, first: isCount, count: isCount });
const jsonChildrenQuery = object({ kind: literal('jsonChildren'), node: jsonRef, offset: isCount, limit: isCount });
/** The entity's events, newest first: `kinds` [] is every kind. */
const eventsQuery = object({ kind: literal('events'), afterOnly: isBoolean, kinds: arrayOf(isCount, 4096), offset: isCount, limit: isCount });
/** The members of a node of an event's payload, by the payload's handle (EventRow.payload.handle). */
const payloadChildrenQuery = object({ kind: literal('payloadChildren'), handle: isCount, node: jsonRef, offset: isCount, limit: isCount });
const query = oneOf(hexRowsQuery, textRowsQuery, jsonChildrenQuery, eventsQuery, payloadChildrenQuery);
export type Query = Infer<typeof query>;

const hexRow = object({ offset: isString, hex: isString, ascii: isString });
export type HexRow = Infer<typeof hexRow>;

const textRow = object({ text: isString, continued: isBoolean });
export type TextRow = Infer<typeof textRow>;

/** At most this many rows or children per answer: keeps every message small whatever the value's size. */
export const MAX_PAGE = 1000;

const answer = oneOf(
  object({ kind: literal('hexRows'), first: isCount, rows: arrayOf(hexRow, MAX_PAGE) }),
  object({ kind: literal('textRows'), first: isCount, total: isCount, rows: arrayOf(textRow, MAX_PAGE) }),
  object({ kind: literal('jsonChildren'), offset: isCount, total: isCount, children: arrayOf(jsonNode, MAX_PAGE) }),
  object({ kind: literal('events'), offset: isCount, total: isCount, rows: arrayOf(eventRow, MAX_PAGE) }),
  object({ kind: literal('error'), message: isString }),
);
export type Answer = Infer<typeof answer>;

// ---- the messages ----

const hostMessage = oneOf(
  object({ type: literal('show'), view: entryView }),
  object({ type: literal('answer'), id: isCount, answer }),
);
export type HostMessage = Infer<typeof hostMessage>;

const webviewMessage = oneOf(
  object({ type: literal('ready') }),
  /** The revision is on screen and usable; `ms` is the webview's own time from receiving it to painting it. */
  object({ type: literal('rendered'), revision: isCount, ms: isNumber }),
  object({ type: literal('query'), id: isCount, revision: isCount, query }),
  object({ type: literal('action'), action: actionName }),
  object({ type: literal('copyJson'), revision: isCount, node: jsonRef }),
  object({ type: literal('copyPayloadJson'), handle: isCount, node: jsonRef }),
  /** An uncaught error in the webview, for the host's log. */
  object({ type: literal('error'), message: isString }),
);
export type WebviewMessage = Infer<typeof webviewMessage>;

function parseWith<T>(guard: Guard<T>): (data: unknown) => T | undefined {
  return (data) => (guard(data) ? data : undefined);
}

export const parseHostMessage = parseWith(hostMessage);
export const parseWebviewMessage = parseWith(webviewMessage);
