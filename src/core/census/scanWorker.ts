/**
 * Worker thread entry (dist/scanWorker.js): takes directories of a root from the counter it shares with the other
 * workers until none is left, and posts each one's census part. Synchronous file-system calls are cheap here: this
 * thread has nothing else to do, and the thread that started the scan never makes them.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { listRoot, rootFiles, sniffLayout, walkDirectory } from '../scanner';
import { readStore, StoreView } from '../store';
import { toThreadError } from '../threadError';
import { CensusPartBuilder, Deferred } from './part';
import { FromWorker, NEXT_DIR, PAUSED, ToWorker, WorkerSetup } from './protocol';

/** A background scan's nice value: well below an editor's threads, not starved by a busy machine. */
const BACKGROUND_NICE = 10;

const setup = workerData as WorkerSetup;
const control = new Int32Array(setup.control);
const post = (message: FromWorker): void => parentPort?.postMessage(message);

const inbox: ToWorker[] = [];
let delivered: (() => void) | undefined;
parentPort?.on('message', (message: ToWorker) => {
  inbox.push(message);
  delivered?.();
});

async function next<T extends ToWorker['type']>(type: T): Promise<Extract<ToWorker, { type: T }>> {
  while (inbox.length === 0) await new Promise<void>((resolve) => (delivered = resolve));
  const message = inbox.shift() as ToWorker;
  if (message.type !== type) throw new Error(`scan worker: expected ${type}, got ${message.type}`);
  return message as Extract<ToWorker, { type: T }>;
}

/** Waits while the calling thread has foreground work (a tree request): this scan is background work. */
const pauses = {
  idle: async (): Promise<void> => {
    while (Atomics.load(control, PAUSED) === 1) Atomics.wait(control, PAUSED, 1, 100);
  },
};

/** Directories by size, biggest first: a shard holding a quarter of the root must not be the last one taken. */
function biggestFirst(root: string, dirs: string[]): string[] {
  const size = (dir: string): number => {
    try {
      return lstatSync(path.join(root, dir)).size;
    } catch {
      return 0;
    }
  };
  return dirs
    .map((dir) => ({ dir, size: size(dir) }))
    .sort((a, b) => b.size - a.size || (a.dir < b.dir ? -1 : 1))
    .map(({ dir }) => dir);
}

/** The store, read by every worker at once; undefined without one, the error when it cannot be read. */
function readOwnStore(): StoreView | Error | undefined {
  try {
    return setup.storeDir === undefined ? undefined : readStore(setup.storeDir);
  } catch (error) {
    return error as Error;
  }
}

async function plan(store: StoreView | Error | undefined): Promise<void> {
  const { root, settings } = setup;
  const listing = await listRoot(root);
  const layout = setup.layout === 'sniff' ? await sniffLayout(root, listing.dirs) : setup.layout;
  const judged = store instanceof Error ? undefined : store;
  const part = new CensusPartBuilder(root, settings, judged);
  for (const record of rootFiles(listing, (issue) => part.addIssue(issue))) part.add(record);
  const summary = judged ? { dir: judged.dir, eventCount: judged.eventCount, warnings: judged.warnings } : null;
  const storeError = store instanceof Error ? toThreadError(store) : null;
  post({ type: 'plan', dirs: biggestFirst(root, listing.dirs), layout, rootPart: part.finish(), store: summary, storeError });
}

async function scan(): Promise<void> {
  const { root, settings } = setup;
  const own = readOwnStore();
  if (setup.lead) await plan(own);
  const { dirs, layout, judge } = await next('start');
  // The lead's read decides for all: one that failed here alone (the store changed between the reads) fails the scan.
  if (judge && own instanceof Error) throw own;
  const store = judge && !(own instanceof Error) ? own : undefined;
  const deferred: Deferred[] = [];
  for (let index = Atomics.add(control, NEXT_DIR, 1); index < dirs.length; index = Atomics.add(control, NEXT_DIR, 1)) {
    const part = new CensusPartBuilder(root, settings, store);
    const onIssue = part.addIssue.bind(part);
    // In the order the directory lists its names: the census needs none, and a sorted walk holds them all.
    for await (const records of walkDirectory(root, dirs[index], { layout, now: settings.now, onIssue, yieldTo: pauses, anyOrder: true })) {
      for (const record of records) part.add(record);
    }
    post({ type: 'dir', part: part.finish() });
    for (const entry of part.deferred) deferred.push(entry);
  }
  post({ type: 'scanned', deferred: deferred.length });
  if (deferred.length === 0) return;
  const { groupKinds } = await next('judge');
  const judged = new CensusPartBuilder(root, settings, store);
  judged.judgeDeferred(deferred, groupKinds);
  post({ type: 'judged', part: judged.finish() });
}

/**
 * Lowers this thread's priority, where a thread has one of its own: on Linux, setpriority() of a thread id (from
 * /proc/thread-self) changes that thread alone. Elsewhere it would change the whole process: left as it is.
 */
function runInBackground(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(Number(path.basename(readlinkSync('/proc/thread-self'))), BACKGROUND_NICE);
  } catch {
    // No /proc, or not allowed: the scan runs at the usual priority.
  }
}

if (setup.background) runInBackground();
scan().catch((error: unknown) => post({ type: 'failed', error: toThreadError(error) }));
