/** The messages between a census scan (pool.ts) and its worker threads (scanWorker.ts). */
import { LayoutHint } from '../record';
import { ThreadError } from '../threadError';
import { StoreSummary } from './census';
import { CensusPart, CensusSettings } from './part';

/** Slots of the Int32Array over the scan's SharedArrayBuffer. */
export const NEXT_DIR = 0;
/** 1 while the calling thread has foreground work: workers wait between chunks. */
export const PAUSED = 1;
export const CONTROL_SLOTS = 2;

export interface WorkerSetup {
  root: string;
  settings: CensusSettings;
  storeDir: string | undefined;
  /** The layout when the caller knows it; otherwise the lead worker sniffs it. */
  layout: LayoutHint | 'sniff';
  /** The lead worker lists the root and plans the scan. */
  lead: boolean;
  /** Whether the workers run at a low priority. */
  background: boolean;
  control: SharedArrayBuffer;
}

export type FromWorker =
  /**
   * From the lead: the directories to hand out (biggest first), the layout, the files directly in the root, and the
   * store as the lead read it (or why it could not).
   */
  | { type: 'plan'; dirs: string[]; layout: LayoutHint; rootPart: CensusPart; store: StoreSummary | null; storeError: ThreadError | null }
  | { type: 'dir'; part: CensusPart }
  /** No directory left; `deferred` k1 entries wait for the whole root's hints. */
  | { type: 'scanned'; deferred: number }
  | { type: 'judged'; part: CensusPart }
  | { type: 'failed'; error: ThreadError };

export type ToWorker =
  /** `judge`: whether the entries are judged against the store (the lead could read it). */
  | { type: 'start'; dirs: string[]; layout: LayoutHint; judge: boolean }
  | { type: 'judge'; groupKinds: Map<string, Set<number>> };
