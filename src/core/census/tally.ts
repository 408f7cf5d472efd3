/** A count of files with their bytes and the first few of their paths: what each audit class and temp kind reports. */

/** Paths kept per tally: enough to show what a class holds. */
export const SAMPLE_SIZE = 10;

export interface Tally {
  count: number;
  bytes: number;
  /** The first paths in path order, relative to the root (at most SAMPLE_SIZE). */
  sample: string[];
}

export const emptyTally = (): Tally => ({ count: 0, bytes: 0, sample: [] });

/** Keeps the SAMPLE_SIZE smallest paths, whatever order they come in (workers finish directories in any order). */
function keepFirst(sample: string[], path: string): void {
  if (sample.length === SAMPLE_SIZE && path >= sample[SAMPLE_SIZE - 1]) return;
  let at = sample.length;
  while (at > 0 && sample[at - 1] > path) at--;
  sample.splice(at, 0, path);
  if (sample.length > SAMPLE_SIZE) sample.pop();
}

export function addFile(tally: Tally, path: string, bytes: number): void {
  tally.count++;
  tally.bytes += bytes;
  keepFirst(tally.sample, path);
}

export function mergeTally(into: Tally, from: Tally): Tally {
  into.count += from.count;
  into.bytes += from.bytes;
  for (const path of from.sample) keepFirst(into.sample, path);
  return into;
}
