/**
 * A root's census on every CPU: one worker thread per CPU takes directories from a shared counter (biggest first) and
 * posts a part per directory, merged here as it arrives. The calling thread makes no file-system call: in the
 * extension host, a slow or network file system stalls only the workers.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Foreground } from '../limit';
import { LayoutHint } from '../record';
import { DEFAULT_TEMP_GRACE_MS } from '../repair';
import { fromThreadError } from '../threadError';
import { DEFAULT_STALE_AFTER_EVENTS } from './audit';
import { CensusMerger, RootCensus, StoreSummary } from './census';
import { CensusPart, CensusSettings } from './part';
import { CONTROL_SLOTS, FromWorker, PAUSED, ToWorker, WorkerSetup } from './protocol';

/** The bundles sit side by side in dist/ (and the compiled files in out/src/core/census/ for the tests). */
const WORKER_FILE = path.join(__dirname, 'scanWorker.js');

export interface CensusOptions {
  /** The event store's data directory: every entry is judged against it (read once per worker). */
  storeDir?: string;
  /** A store that cannot be read leaves the census without freshness, instead of failing the scan. */
  storeOptional?: boolean;
  /** The root's key layout when known; otherwise it is sniffed, as walk does. */
  layout?: LayoutHint;
  now?: number;
  tempGraceMs?: number;
  staleAfterEvents?: number;
  /** Worker threads; default one per CPU. */
  threads?: number;
  signal?: AbortSignal;
  /** Makes the scan background work: the workers wait between chunks while this has foreground work running. */
  yieldTo?: Foreground;
  /**
   * Runs the workers at a low priority where threads have their own (Linux: nice 10): the calling thread (an editor's
   * extension host) and the rest of the machine go first.
   */
  background?: boolean;
  onProgress?: (progress: CensusProgress) => void;
}

export interface CensusProgress {
  dirsDone: number;
  /** Undefined until the root is listed. */
  dirsTotal: number | undefined;
  files: number;
}

const filesIn = (part: CensusPart): number => part.stats.entries + part.stats.temp.count + part.stats.foreign;

/** Scans a root in worker threads. Rejects as the scan's first failure did (a CacheInputError stays one). */
export function scanCensus(root: string, options: CensusOptions = {}): Promise<RootCensus> {
  const settings: CensusSettings = {
    now: options.now ?? Date.now(),
    tempGraceMs: options.tempGraceMs ?? DEFAULT_TEMP_GRACE_MS,
    staleAfterEvents: options.staleAfterEvents ?? DEFAULT_STALE_AFTER_EVENTS,
  };
  const threads = Math.max(1, options.threads ?? os.availableParallelism());
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const merger = new CensusMerger(root, settings);
  const workers = Array.from({ length: threads }, (_, index) => {
    const setup: WorkerSetup = {
      root,
      settings,
      storeDir: options.storeDir,
      layout: 'layout' in options ? options.layout : 'sniff',
      lead: index === 0,
      background: options.background === true,
      control: control.buffer as SharedArrayBuffer,
    };
    return new Worker(WORKER_FILE, { workerData: setup });
  });
  const stopWatching = options.yieldTo?.watch((busy) => {
    Atomics.store(control, PAUSED, busy ? 1 : 0);
    if (!busy) Atomics.notify(control, PAUSED);
  });
  const progress: CensusProgress = { dirsDone: 0, dirsTotal: undefined, files: 0 };
  let plan: { layout: LayoutHint; store: StoreSummary | null } | undefined;
  let scanning = threads;
  /** Workers still to post their judged k1 entries. */
  let judging = 0;

  return new Promise<RootCensus>((resolve, reject) => {
    let settled = false;
    const end = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      stopWatching?.();
      options.signal?.removeEventListener('abort', abort);
      for (const worker of workers) void worker.terminate();
      outcome();
    };
    const fail = (error: unknown): void => end(() => reject(error));
    const abort = (): void => fail(options.signal?.reason);
    const finish = (): void => {
      if (scanning > 0 || judging > 0 || !plan) return;
      end(() => resolve(merger.finish(plan?.layout, threads, plan?.store ?? null)));
    };
    const send = (worker: Worker, message: ToWorker): void => worker.postMessage(message);
    const receive = (message: FromWorker): void => {
      switch (message.type) {
        case 'plan':
          if (message.storeError && !options.storeOptional) return fail(fromThreadError(message.storeError));
          plan = message;
          merger.merge(message.rootPart);
          progress.dirsTotal = message.dirs.length;
          progress.files += filesIn(message.rootPart);
          for (const each of workers) send(each, { type: 'start', dirs: message.dirs, layout: message.layout, judge: message.store !== null });
          break;
        case 'dir':
          merger.merge(message.part);
          progress.dirsDone++;
          progress.files += filesIn(message.part);
          options.onProgress?.({ ...progress });
          break;
        case 'scanned':
          scanning--;
          if (message.deferred > 0) judging++;
          // Every worker's k1 entries wait for the hints of the whole root: sent once every directory is merged.
          if (scanning === 0 && judging > 0) for (const each of workers) send(each, { type: 'judge', groupKinds: merger.groupKinds });
          break;
        case 'judged':
          merger.merge(message.part);
          judging--;
          break;
        case 'failed':
          return fail(fromThreadError(message.error));
      }
      finish();
    };
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort);
    for (const worker of workers) {
      worker.on('message', receive);
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`A scan worker stopped (exit code ${code}) before the scan of ${root} was done.`)));
    }
  });
}
