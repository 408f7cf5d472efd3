/** The bench's command line (see run.ts): sizes, runs, operations, what to skip and where the results go. */
import * as path from 'node:path';
import { repoRoot } from './config';
import { OpName } from './op';

export interface Args {
  sizes: number[];
  runs: number;
  /** Runs of a deleting operation that deletes (and so copies back) more than HEAVY files each time; 0 skips it. */
  heavyRuns: number;
  /** Only these operations; `events` stands for the events rows (bench/events.ts), `replay` for verify's (bench/replay.ts). */
  ops: Array<OpName | 'events' | 'replay'> | undefined;
  /** The event stores' sizes (events) for the events rows. */
  eventSizes: number[];
  /** `op@size` pairs not run. */
  skip: string[];
  out: string;
}

export function parseArgs(argv: string[]): Args {
  const ci = argv.includes('--ci');
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sizes = value('--sizes')?.split(',').map(Number) ?? (ci ? [10_000] : [100_000, 1_000_000]);
  const runs = Number(value('--runs') ?? (ci ? 1 : 5));
  const heavyRuns = Number(value('--heavy-runs') ?? 1);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000) || !Number.isInteger(runs) || runs < 1) throw new Error('bad --sizes or --runs');
  if (!Number.isInteger(heavyRuns) || heavyRuns < 0) throw new Error('bad --heavy-runs');
  return {
    sizes,
    runs,
    heavyRuns,
    // Deleting a million files, then copying them back, takes about 10 minutes per variant here: purge shard (240,000
    // files) stands for it at that size unless asked for with --skip ''.
    skip: (value('--skip') ?? 'purge-all@1000000').split(',').filter(Boolean),
    ops: value('--ops')?.split(',') as Args['ops'],
    eventSizes: eventSizes(value('--event-sizes'), ci),
    out: value('--out') ?? path.join(repoRoot, 'bench', 'results', ci ? 'ci.json' : 'latest.json'),
  };
}

/** 50,000 events (the budgets' size) and 1,000,000 (memory); 5,000 for --ci. */
function eventSizes(text: string | undefined, ci: boolean): number[] {
  const sizes = text === undefined ? (ci ? [5_000] : [50_000, 1_000_000]) : text.split(',').filter(Boolean).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('bad --event-sizes');
  return sizes;
}
