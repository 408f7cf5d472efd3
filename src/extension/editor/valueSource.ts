/**
 * One revision of a cached value, held by the host and served to the webview piece by piece: hex rows, wrapped text
 * rows and JSON tree nodes. Nothing here sends the whole value, so the webview stays small whatever its size.
 */
import * as vscode from 'vscode';
import { hexDumpLines, parseExact, prettyJson, utf8OrUndefined } from '../../core';
import { formatBytes, formatCount } from '../locale';
import { JsonOutline, JsonSpan } from './jsonOutline';
import { Answer, JsonNode, MAX_PAGE, Query, ValueFormat, ValueInfo } from '../../shared/protocol';
import { WrappedText } from './wrappedText';

const BYTES_PER_HEX_ROW = 16;
/** Long strings are cut to this many characters in the tree; the text view shows them whole. */
const PREVIEW_CHARS = 1000;
const HEX_ROW = /^(\S+) {2}(.*?) *\|(.*)\|$/s;

/** Why a value is not copied: only its start was read (see VALUE_WINDOW). */
export function tooLargeToCopy(bytes: number): string {
  return vscode.l10n.t('The value is {0}, too large to copy: read it with `batpak-cache show --json` or `xxd`.', formatBytes(bytes));
}

export class ValueSource {
  readonly format: ValueFormat;
  /** The value as text when it is UTF-8, null for binary values. */
  readonly text: string | null;
  private readonly outline: JsonOutline | null;
  private wrapped: WrappedText | undefined;
  private summary: ValueInfo | undefined;
  /** Whether `bytes` is only the start of the value: the core reads at most VALUE_WINDOW of it. */
  readonly partial: boolean;

  /** `length`: the whole value's length, when `bytes` is only its start. */
  constructor(
    readonly bytes: Buffer,
    readonly length = bytes.length,
  ) {
    this.partial = bytes.length < length;
    // The start of a value is never decoded: cut anywhere, it would read as broken JSON or UTF-8, or as what it is not.
    this.text = this.partial ? null : bytes.length === 0 ? '' : (utf8OrUndefined(bytes) ?? null);
    this.format = bytes.length === 0 ? 'empty' : this.text === null ? 'binary' : isJson(this.text) ? 'json' : 'text';
    this.outline = this.format === 'json' && this.text !== null ? new JsonOutline(this.text) : null;
  }

  /** What the view needs to know about the value; counted once (the root's members take a scan of the whole text). */
  info(): ValueInfo {
    const names: Record<ValueFormat, string> = {
      json: vscode.l10n.t('JSON'),
      text: vscode.l10n.t('Text (not JSON)'),
      binary: vscode.l10n.t('Binary (not UTF-8)'),
      empty: vscode.l10n.t('Empty'),
    };
    return (this.summary ??= {
      format: this.format,
      byteLength: this.length,
      summary: this.partial
        ? vscode.l10n.t('Not decoded: {0} ({1} bytes) · the hex of its first {2}', formatBytes(this.length), formatCount(this.length), formatBytes(this.bytes.length))
        : vscode.l10n.t('{0} · {1} ({2} bytes)', names[this.format], formatBytes(this.bytes.length), formatCount(this.bytes.length)),
      hexRowCount: Math.ceil(this.bytes.length / BYTES_PER_HEX_ROW),
      json: this.outline ? this.node(null, this.outline.root) : null,
    });
  }

  answer(query: Extract<Query, { kind: 'hexRows' | 'textRows' | 'jsonChildren' }>): Answer {
    switch (query.kind) {
      case 'hexRows':
        return { kind: 'hexRows', first: query.first, rows: this.hexRows(query.first, Math.min(query.count, MAX_PAGE)) };
      case 'textRows': {
        if (this.text === null) return { kind: 'error', message: vscode.l10n.t('The value is not UTF-8 text.') };
        const columns = Math.max(16, query.columns);
        if (this.wrapped?.columns !== columns) this.wrapped = new WrappedText(this.text, columns);
        const rows = this.wrapped.rows(query.first, Math.min(query.count, MAX_PAGE));
        return { kind: 'textRows', first: query.first, total: this.wrapped.rowCount, rows };
      }
      case 'jsonChildren': {
        const container = this.outline?.find(query.node.start, query.node.end);
        if (!this.outline || !container) return { kind: 'error', message: vscode.l10n.t('Unknown JSON node.') };
        const members = this.outline.membersOf(container);
        const page = members.slice(query.offset, query.offset + Math.min(query.limit, MAX_PAGE));
        return { kind: 'jsonChildren', offset: query.offset, total: members.length, children: page.map((m) => this.node(m.key, m)) };
      }
    }
  }

  /**
   * The exact JSON of a node the webview was shown: as stored, or pretty-printed by the core's lossless printer.
   * Undefined for a span this value never handed out.
   */
  jsonOf(start: number, end: number, pretty: boolean): string | undefined {
    const span = this.outline?.find(start, end);
    if (!span || this.text === null) return undefined;
    const source = this.text.slice(span.start, span.end);
    const parsed = pretty ? parseExact(source) : undefined;
    return parsed === undefined ? source : prettyJson(parsed);
  }

  private node(key: string | null, span: JsonSpan): JsonNode {
    const outline = this.outline as JsonOutline;
    const container = span.kind === 'object' || span.kind === 'array';
    const truncated = !container && span.end - span.start > PREVIEW_CHARS;
    return {
      key,
      kind: span.kind,
      ref: { start: span.start, end: span.end },
      text: container ? '' : outline.text.slice(span.start, truncated ? span.start + PREVIEW_CHARS : span.end),
      truncated,
      count: container ? outline.countOf(span) : null,
    };
  }

  private hexRows(first: number, count: number): Array<{ offset: string; hex: string; ascii: string }> {
    return hexDumpLines(this.bytes, first, count).map((line) => {
      const [, offset = '', hex = '', ascii = ''] = HEX_ROW.exec(line) ?? [];
      return { offset, hex, ascii };
    });
  }
}

/** Native JSON.parse only checks validity here (fast); the numbers it would round are never used. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
