/** Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Directory entries read per system call when a directory is streamed (a shard can hold 100,000s of files). */
export const LISTING_BUFFER = 1024;

/** How long synchronous file work may hold the event loop before giving it a turn. */
export const SLICE_MS = 10;

/**
 * Cuts synchronous work into slices of SLICE_MS: call `if (slice.over) await slice.next();` between units. Reading a
 * directory or many small files with synchronous calls costs a fraction of a promise per call; the slices keep the
 * event loop (an editor's UI, a Ctrl-C) responsive meanwhile.
 */
export class TimeSlice {
  private start = performance.now();

  constructor(private readonly ms = SLICE_MS) {}

  get over(): boolean {
    return performance.now() - this.start >= this.ms;
  }

  async next(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}
