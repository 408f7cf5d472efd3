/**
 * Worker thread entry (dist/storeWorker.js): reads one event store and posts the view back, so the extension host's
 * thread stays free while segment files are read and decoded. Plain Node: it must never import `vscode`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readStore, toThreadError } from '../core';
import type { StoreReadResult } from './storeReader';

function read(dir: string): StoreReadResult {
  try {
    return { view: readStore(dir) };
  } catch (error) {
    return { error: toThreadError(error) };
  }
}

parentPort?.postMessage(read(workerData as string));
