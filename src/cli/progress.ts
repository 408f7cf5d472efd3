/**
 * A one-line progress bar on stderr. It is drawn only on a terminal and only once a run has lasted a moment, so quick
 * runs and scripts (pipes, files) never see it.
 */

const SHOW_AFTER_MS = 300;
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;

export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  /** `total` undefined draws a counter without a bar. */
  update(done: number, total: number | undefined, detail = ''): void {
    const now = Date.now();
    if (!this.enabled || now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    let line = this.label;
    if (total !== undefined && total > 0) {
      const ratio = Math.min(1, done / total);
      const filled = Math.round(ratio * BAR_WIDTH);
      line += ` [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`;
    }
    if (detail) line += `  ${detail}`;
    const columns = process.stderr.columns || 80;
    process.stderr.write(`\r\x1b[K${line.slice(0, columns - 1)}`);
  }

  /** Erases the bar so what follows starts on a clean line. */
  stop(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
