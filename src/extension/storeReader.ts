/**
 * Reads an event store in a worker thread: a store of many 256 MiB segments takes seconds to read, and on the
 * extension host's own thread that would freeze every extension in the host. One worker per read; it ends with it.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CacheInputError, InputProblem, StoreView } from '../core';

/** What the worker posts: the view (its Maps and Sets survive the structured clone), or the error to rethrow. */
export type StoreReadResult =
  | { view: StoreView }
  | { error: { message: string; inputCode?: CacheInputError['code']; problem?: InputProblem; code?: string; path?: string } };

/** Both bundles sit in dist/ (and both compiled files in out/src/extension/ for unit tests). */
const WORKER_FILE = path.join(__dirname, 'storeWorker.js');

/** Per store directory: the read running, and the one that starts when it ends. */
const reads = new Map<string, { running: Promise<StoreView>; next?: Promise<StoreView> }>();

/**
 * `readStore(dir)` off the calling thread; a CacheInputError arrives as one, with its problem unchanged. One read of
 * a directory at a time, and at most one waiting (it sees what changed since the running one began): a store being
 * appended to asks for a read every 2 s, and reading a big one takes longer, so workers would pile up.
 */
export function readStoreOffThread(dir: string): Promise<StoreView> {
  const reading = reads.get(dir);
  if (!reading) return start(dir);
  const ended = (): void => undefined;
  reading.next ??= reading.running.then(ended, ended).then(() => start(dir));
  return reading.next;
}

function start(dir: string): Promise<StoreView> {
  const running = readInWorker(dir);
  reads.set(dir, { running });
  // With a read waiting, the entry stays until that one starts: asks in between join it.
  const forget = (): void => {
    const entry = reads.get(dir);
    if (entry?.running === running && !entry.next) reads.delete(dir);
  };
  running.then(forget, forget);
  return running;
}

function readInWorker(dir: string): Promise<StoreView> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: dir });
    let settled = false;
    worker.once('message', (result: StoreReadResult) => {
      settled = true;
      if ('view' in result) resolve(result.view);
      else reject(rebuildError(result.error));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The event store reader stopped (exit code ${code}) before reading ${dir}.`));
    });
  });
}

function rebuildError({ message, inputCode, problem, ...fileSystem }: Extract<StoreReadResult, { error: unknown }>['error']): Error {
  if (inputCode) return new CacheInputError(inputCode, problem ?? message);
  // Only the fields the worker knew: describeError() tests for their presence.
  const known = Object.entries(fileSystem).filter(([, value]) => value !== undefined);
  return Object.assign(new Error(message), Object.fromEntries(known));
}
