/**
 * What bench/extension/run.ts hands the scale suite (test/integration/scale/) and what the suite measures, in one place
 * for both, and the CPU clock they and bench/op.ts use.
 */

/** The 100,000-entry root the suite runs on (BATPAK_SCALE_META). */
export interface ScaleMeta {
  entries: number;
  biggestShard: string;
  biggestShardEntries: number;
  shards: number;
  sampleKeyHex: string;
}

/** What the suite writes to BATPAK_SCALE_OUT. */
export interface ScaleFigures {
  entries: number;
  reps: number;
  activation: { activationEvents: string[]; wasActiveBefore: boolean; loadMs: number; activateMs: number; ownActivateMs: number; totalMs: number; emptyExtensionMs: number };
  discovery: {
    viewRootsMs: number;
    workspace: { ms: number; directoriesConsidered: number; truncated: boolean; roots: number };
    insideTarget: { ms: number; directoriesConsidered: number; truncated: boolean; roots: number };
  };
  rootExpand: Timing & { shardNodes: number; statisticsDoneAfterMs: number; quiet: Timing };
  page: Timing & { nodes: number };
  /** The root's census in worker threads, and the same root walked on the host's thread as the view did before. */
  scan: { threads: number; census: ScanTiming; hostWalk: ScanTiming };
  watcher: {
    writes: number;
    writeSeconds: number;
    refreshesDuringWrites: number;
    refreshesTotal: number;
    pingIdle: Latency;
    pingDuringWrites: Latency;
    pingAfterWrites: Latency;
    eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
  };
}

export interface Timing {
  firstMs: number;
  medianMs: number;
  medianCpuMs: number;
  ms: number[];
}

/** Scans of a whole root, seen from the extension host's thread. */
export interface ScanTiming {
  medianMs: number;
  /** How long the host's thread was busy during a scan (event-loop utilization), median. */
  medianBusyMs: number;
  /** The longest event-loop stall over all runs, and each run's. */
  maxStallMs: number;
  stallsMs: number[];
}

export interface Latency {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** User + system CPU time of this process so far, in ms: a busy machine inflates it far less than wall time. */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
