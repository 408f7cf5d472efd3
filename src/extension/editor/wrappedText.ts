/**
 * Text cut into display rows of at most `columns` characters (lines longer than that wrap), indexed once so the
 * webview can show any window of a multi-megabyte value without ever holding all of it. A row never splits a
 * surrogate pair.
 */
export class WrappedText {
  /** Where each row starts in the text. */
  private readonly starts: number[] = [];
  /** Whether each row continues the line of the row before it. */
  private readonly continued: boolean[] = [];
  private readonly ends: number[] = [];

  constructor(
    private readonly text: string,
    readonly columns: number,
  ) {
    let lineStart = 0;
    for (;;) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? text.length : newline;
      this.addLine(lineStart, lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
      if (newline < 0) break;
      lineStart = newline + 1;
    }
  }

  private addLine(start: number, end: number): void {
    let at = start;
    do {
      let cut = Math.min(end, at + this.columns);
      if (cut < end && cut > at + 1 && isLowSurrogate(this.text.charCodeAt(cut))) cut--;
      this.starts.push(at);
      this.ends.push(cut);
      this.continued.push(at !== start);
      at = cut;
    } while (at < end);
  }

  get rowCount(): number {
    return this.starts.length;
  }

  rows(first: number, count: number): Array<{ text: string; continued: boolean }> {
    const last = Math.min(this.rowCount, first + count);
    const rows: Array<{ text: string; continued: boolean }> = [];
    for (let row = first; row < last; row++) rows.push({ text: this.text.slice(this.starts[row], this.ends[row]), continued: this.continued[row] });
    return rows;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
