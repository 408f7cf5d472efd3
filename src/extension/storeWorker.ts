/**
 * Worker thread entry (dist/storeWorker.js): reads one event store and posts the view back, so the extension host's
 * thread stays free while segment files are read and decoded. Plain Node: it must never import `vscode`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CacheInputError, readStore } from '../core';
import type { StoreReadResult } from './storeReader';

function read(dir: string): StoreReadResult {
  try {
    return { view: readStore(dir) };
  } catch (error) {
    if (error instanceof CacheInputError) return { error: { message: error.message, inputCode: error.code, problem: error.problem } };
    // `code` and `path` let describeError() word file-system failures as it does on the host's thread.
    const { message, code, path } = error as NodeJS.ErrnoException;
    return { error: { message: message ?? String(error), code, path } };
  }
}

parentPort?.postMessage(read(workerData as string));
