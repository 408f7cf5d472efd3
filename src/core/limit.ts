/** Directory entries read per system call when a directory is streamed (a shard can hold 100,000s of files). */
export const LISTING_BUFFER = 1024;

/** How long synchronous file work may hold the event loop before giving it a turn. */
export const SLICE_MS = 10;

/**
 * When a time slice last gave the event loop a turn. Shared by every slice, so that work split over many calls (a scan
 * describes 512 files per call, in less than a slice) still yields every SLICE_MS: a slice started by each call never
 * ended (a 100,000-entry scan yielded 10 times in 1.6 s, holding the loop 500 ms).
 */
let turnStarted = performance.now();

/**
 * Cuts synchronous work into slices of SLICE_MS: call `if (slice.over) await slice.next();` between units. Reading a
 * directory or many small files with synchronous calls costs a fraction of a promise per call; the slices keep the
 * event loop (an editor's UI, a Ctrl-C) responsive meanwhile. A slice that starts after the loop turned for other
 * reasons (awaited I/O, idle time) may yield after its first unit: a turn too many costs microseconds.
 */
export class TimeSlice {
  constructor(private readonly ms = SLICE_MS) {}

  get over(): boolean {
    return performance.now() - turnStarted >= this.ms;
  }

  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    turnStarted = performance.now();
  }
}

/**
 * Work a person waits for (a tree level, a page) goes before background work on the same thread (a root's statistics
 * scan): background work awaits `idle()` between units and so pauses while any foreground work runs. Only wrap work
 * that never waits for the background work itself.
 */
export class Foreground {
  private running = 0;
  private waiting: Array<() => void> = [];
  private readonly listeners = new Set<(busy: boolean) => void>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running++ === 0) for (const listener of this.listeners) listener(true);
    try {
      return await work();
    } finally {
      if (--this.running === 0) {
        for (const resume of this.waiting.splice(0)) resume();
        for (const listener of this.listeners) listener(false);
      }
    }
  }

  /** Tells `listener` now and whenever foreground work starts (true) or the last of it ends (false); returns the unsubscribe. */
  watch(listener: (busy: boolean) => void): () => void {
    this.listeners.add(listener);
    listener(this.running > 0);
    return () => this.listeners.delete(listener);
  }

  /** Resolves at once when no foreground work runs, otherwise when the last of it ends. */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resume) => this.waiting.push(resume));
  }
}
