/**
 * A lazy, exact view of a JSON text for the tree: a container's members are found when it is expanded, by scanning
 * only that container, and every scalar is the text exactly as stored (so a u64 keeps all its digits). Parsing a
 * multi-megabyte value losslessly up front takes seconds; this costs one scan of what is actually opened.
 * The text must already be known to be valid JSON (the caller checks): the scanner does not re-validate it.
 */
import type { JsonKind } from '../../shared/protocol';

export interface JsonSpan {
  kind: JsonKind;
  /** [start, end) in the text. */
  start: number;
  end: number;
}

export interface JsonMember extends JsonSpan {
  /** The decoded key for object members; null for array items. */
  key: string | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isOpening = (code: number): boolean => code === 0x7b || code === 0x5b; // { [
const isClosing = (code: number): boolean => code === 0x7d || code === 0x5d; // } ]

function kindAt(text: string, at: number): JsonKind {
  switch (text[at]) {
    case '{':
      return 'object';
    case '[':
      return 'array';
    case '"':
      return 'string';
    case 't':
    case 'f':
      return 'boolean';
    case 'n':
      return 'null';
    default:
      return 'number';
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\n' || text[at] === '\r' || text[at] === '\t')) at++;
  return at;
}

/** The end of the string literal starting at `at` (just past its closing quote). */
function stringEnd(text: string, at: number): number {
  let quote = text.indexOf('"', at + 1);
  for (;;) {
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}

/** The end of the value starting at `at`. */
function valueEnd(text: string, at: number): number {
  const kind = kindAt(text, at);
  if (kind === 'string') return stringEnd(text, at);
  if (kind !== 'object' && kind !== 'array') {
    let end = at;
    while (end < text.length && !',}] \n\r\t'.includes(text[end])) end++;
    return end;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i) - 1;
    else if (isOpening(c)) depth++;
    else if (isClosing(c)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

export class JsonOutline {
  private readonly members = new Map<number, JsonMember[]>();
  /** Spans handed out so far, as `start:end`: the only spans the webview may ask about. */
  private readonly known = new Set<string>();
  readonly root: JsonSpan;

  constructor(readonly text: string) {
    const start = skipSpace(text, 0);
    this.root = { kind: kindAt(text, start), start, end: valueEnd(text, start) };
    this.known.add(`${start}:${this.root.end}`);
  }

  /** The span at [start, end) if this outline handed it out, else undefined. */
  find(start: number, end: number): JsonSpan | undefined {
    return this.known.has(`${start}:${end}`) ? { kind: kindAt(this.text, start), start, end } : undefined;
  }

  /** The members of a container, scanned on first use and kept. */
  membersOf(container: JsonSpan): JsonMember[] {
    let found = this.members.get(container.start);
    if (!found) {
      found = container.kind === 'object' || container.kind === 'array' ? this.scan(container) : [];
      this.members.set(container.start, found);
      for (const member of found) this.known.add(`${member.start}:${member.end}`);
    }
    return found;
  }

  /** How many members a container has, counted without keeping them (cheap for the rows of a page). */
  countOf(container: JsonSpan): number {
    const known = this.members.get(container.start);
    if (known) return known.length;
    const { text } = this;
    const first = skipSpace(text, container.start + 1);
    if (first >= container.end - 1) return 0;
    let count = 1;
    let depth = 0;
    for (let i = container.start + 1; i < container.end - 1; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = stringEnd(text, i) - 1;
      else if (isOpening(c)) depth++;
      else if (isClosing(c)) depth--;
      else if (c === COMMA && depth === 0) count++;
    }
    return count;
  }

  private scan(container: JsonSpan): JsonMember[] {
    const { text } = this;
    const isObject = container.kind === 'object';
    const found: JsonMember[] = [];
    let at = skipSpace(text, container.start + 1);
    while (at < container.end - 1) {
      let key: string | null = null;
      if (isObject) {
        const keyEnd = stringEnd(text, at);
        key = JSON.parse(text.slice(at, keyEnd)) as string;
        at = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
      }
      const end = valueEnd(text, at);
      found.push({ key, kind: kindAt(text, at), start: at, end });
      at = skipSpace(text, end);
      if (text[at] !== ',') break;
      at = skipSpace(text, at + 1);
    }
    return found;
  }
}
