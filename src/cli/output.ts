/** Writing to stdout: JSON documents, NDJSON lines and aligned human text (tables, label/value blocks). */
import { once } from 'node:events';
import { GroupNames, isPrintable, KeyInfo } from '../core';
import { formatAge, formatCount } from './locale';

/** Writes to stdout, waiting when the pipe is full so a large listing never piles up in memory. */
export async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

export async function writeLines(lines: readonly string[]): Promise<void> {
  if (lines.length > 0) await write(lines.join('\n') + '\n');
}

/** One JSON document. Everything passed here is already bigint-free (the core's *ToJson shapes). */
export function writeJson(value: unknown): Promise<void> {
  return write(JSON.stringify(value, null, 2) + '\n');
}

/** One NDJSON line. */
export function writeJsonLine(value: unknown): Promise<void> {
  return write(JSON.stringify(value) + '\n');
}

/** Text from the disk (file names, labels) shown as is only when it cannot move the cursor or recolour the terminal. */
export function safe(text: string): string {
  return isPrintable(text) ? text : JSON.stringify(text);
}

/** Terminal columns a string takes: combining marks take none, CJK and emoji take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (/\p{M}|\u200d/u.test(char)) continue;
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u.test(char) ? 2 : 1;
  }
  return width;
}

/** Cuts text to `width` columns, marking the cut with an ellipsis. */
function clip(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(out + char) > width - 1) break;
    out += char;
  }
  return out + '…';
}

type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
  /** Cells wider than this are clipped. */
  max?: number;
}

function pad(text: string, width: number, align: Align = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** One row at the given widths. The last column is not padded, so long paths add no trailing space. */
function row(columns: readonly Column[], widths: readonly number[], cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const text = columns[i].max === undefined ? cell : clip(cell, columns[i].max as number);
      return i === cells.length - 1 && columns[i].align !== 'right' ? text : pad(text, widths[i], columns[i].align);
    })
    .join('  ');
}

/** Each column as wide as its header and its widest (clipped) cell. */
function measure(columns: readonly Column[], rows: readonly string[][]): number[] {
  return columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...rows.map((cells) => displayWidth(column.max === undefined ? cells[i] : clip(cells[i], column.max)))),
  );
}

/** A whole table, header first. */
export function table(columns: readonly Column[], rows: readonly string[][]): string[] {
  const widths = measure(columns, rows);
  return [row(columns, widths, columns.map((c) => c.header)), ...rows.map((cells) => row(columns, widths, cells))];
}

/**
 * A table streamed to stdout: widths come from the first rows, later rows use them (a wider cell pushes its row), so
 * a listing of millions of files is never held in memory.
 */
export class StreamedTable {
  private buffered: string[][] | undefined = [];
  private widths: number[] = [];

  constructor(
    private readonly columns: readonly Column[],
    private readonly measuredRows = 1000,
  ) {}

  async add(cells: string[]): Promise<void> {
    if (!this.buffered) return write(row(this.columns, this.widths, cells) + '\n');
    this.buffered.push(cells);
    if (this.buffered.length >= this.measuredRows) await this.flush();
  }

  async end(): Promise<void> {
    if (this.buffered) await this.flush();
  }

  private async flush(): Promise<void> {
    const rows = this.buffered ?? [];
    this.buffered = undefined;
    this.widths = measure(this.columns, rows);
    if (rows.length > 0) await writeLines(table(this.columns, rows));
  }
}

/** `Label   value` lines with the values aligned; an undefined value drops its line. */
export function fields(pairs: ReadonlyArray<[string, string | undefined]>, indent = ''): string[] {
  const shown = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => displayWidth(label)));
  return shown.map(([label, value]) => `${indent}${pad(label, width)}  ${value}`);
}

/** A wall-clock instant as ISO plus its age, e.g. `2026-04-17T09:12:03.000Z (3 h ago)`. */
export function formatInstant(ms: number, now = Date.now()): string {
  return `${new Date(ms).toISOString()} (${formatAge(now - ms)})`;
}

/** The first 8 of 16 hex digits of a u64 hash: enough to tell groups apart in a table. */
export function shortHash(value: bigint | null | undefined): string {
  return value === null || value === undefined ? '-' : `${value.toString(16).padStart(16, '0').slice(0, 8)}…`;
}

/** A key's projection group in a table, its name or `1281de33…:0`, or `raw`: what tells an entity's entries apart. */
export function groupCell(key: KeyInfo, names = GroupNames.NONE): string {
  if (key.layout === 'raw') return 'raw';
  const name = names.nameOf(key);
  return name !== undefined ? safe(name) : `${shortHash(key.typeHash)}:${key.schemaVersion}`;
}

/** `1 entry`, `2,048 entries`. */
export function counted(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A span of time in its largest whole unit: `15 min`, `2 h`, `90 s`, `250 ms`. */
export function formatSpan(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  const unit = units.find(([size]) => ms >= size && ms % size === 0);
  return unit ? `${ms / unit[0]} ${unit[1]}` : `${ms} ms`;
}
