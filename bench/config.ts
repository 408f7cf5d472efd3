/** Where the benchmark keeps its generated roots, and the shapes the generator and the runner share. */
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (compiled code runs from out/bench, sources live in bench/). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Generated roots live outside the repository: BENCH_DATA, or a directory in the OS temp dir. */
export const dataDir = process.env.BENCH_DATA ?? path.join(os.tmpdir(), 'batpak-cache-bench');

/** Bumped whenever the generator's output changes: cached roots of another version are regenerated. */
export const GENERATOR_VERSION = 1;

export interface RootMeta {
  version: number;
  /** Entry files (`*.bin`), corrupt ones included. */
  entries: number;
  entities: number;
  groups: number;
  trailers: { v1: number; v2: number };
  corrupt: number;
  temp: number;
  bytes: number;
  shardCounts: Record<string, number>;
  biggestShard: string;
  biggestShardEntries: number;
  /** The entity the "purge one entity" row deletes: one in the biggest shard. */
  entity: { name: string; prefixHex: string; shard: string; files: number };
  generatedInMs: number;
}

export function sizeDir(entries: number): string {
  return path.join(dataDir, `n${entries}`);
}
