/**
 * Repair = diagnose, then fix on request. What batpak itself would do or never minds losing is fixed: corrupt entries
 * (under 16 bytes, which batpak's own get() deletes), temp files older than a grace period (orphans of a killed
 * writer; younger ones may be writes in progress and are left alone), and misplaced entries (batpak never reads
 * them). Entries an interrupted removal of ours left claimed are put back, or deleted when they cannot be. Foreign
 * files and symlinks are reported, never touched.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isVanished } from './fileio';
import { ClaimRecord, FileRecord } from './record';
import { RemovalOutcome, RemovalSummary, RemovalTally, removeFile, removeIfStill, settleClaim } from './remover';
import { ScanIssue, walk } from './scanner';
import { V1_SIZE } from './trailer';

export const DEFAULT_TEMP_GRACE_MS = 15 * 60_000;
const SAMPLE_SIZE = 20;

export type RepairCategory = 'corrupt' | 'staleTemp' | 'youngTemp' | 'misplaced' | 'claim' | 'foreign';
/** What a fix does with each category. */
export const FIXED: readonly RepairCategory[] = ['corrupt', 'staleTemp', 'misplaced', 'claim'];

export interface CategoryReport {
  count: number;
  bytes: number;
  /** The first few paths, relative to the root. */
  sample: string[];
}

export interface RepairDiagnosis {
  tempGraceMs: number;
  categories: Record<RepairCategory, CategoryReport>;
  issues: ScanIssue[];
}

export interface RepairOptions {
  tempGraceMs?: number;
  now?: number;
  /** Stops after the file in hand. */
  signal?: AbortSignal;
  /** Stops at once: a file claimed is put back (see removeIfStill). */
  halt?: AbortSignal;
  onProgress?: (summary: RemovalSummary) => void;
}

/** Which repair category a file falls in, or undefined when it is healthy. */
export function categorize(record: FileRecord, tempGraceMs: number): RepairCategory | undefined {
  switch (record.kind) {
    case 'foreign':
      return 'foreign';
    case 'temp':
      return record.ageMs >= tempGraceMs ? 'staleTemp' : 'youngTemp';
    case 'claim':
      return 'claim';
    case 'entry':
      if (record.status === 'misplaced') return 'misplaced';
      return record.problem === 'too-short' ? 'corrupt' : undefined;
  }
}

const emptyReport = (): CategoryReport => ({ count: 0, bytes: 0, sample: [] });

export async function diagnose(root: string, options: RepairOptions = {}): Promise<RepairDiagnosis> {
  const tempGraceMs = options.tempGraceMs ?? DEFAULT_TEMP_GRACE_MS;
  const diagnosis: RepairDiagnosis = {
    tempGraceMs,
    categories: { corrupt: emptyReport(), staleTemp: emptyReport(), youngTemp: emptyReport(), misplaced: emptyReport(), claim: emptyReport(), foreign: emptyReport() },
    issues: [],
  };
  for await (const record of walk(root, { now: options.now, signal: options.signal, onIssue: (issue) => diagnosis.issues.push(issue) })) {
    const category = categorize(record, tempGraceMs);
    if (!category) continue;
    const report = diagnosis.categories[category];
    report.count++;
    report.bytes += record.size;
    if (report.sample.length < SAMPLE_SIZE) report.sample.push(record.path);
  }
  return diagnosis;
}

/** Fixes what `diagnose` would list under FIXED, re-checking each file at the moment it is removed. */
export async function repair(root: string, options: RepairOptions = {}): Promise<RemovalSummary> {
  const tempGraceMs = options.tempGraceMs ?? DEFAULT_TEMP_GRACE_MS;
  const tally = new RemovalTally();
  const stopped = (): boolean => options.signal?.aborted === true || options.halt?.aborted === true;
  try {
    for await (const record of walk(root, { now: options.now, signal: options.signal })) {
      if (stopped()) return tally.finish(true);
      const category = categorize(record, tempGraceMs);
      if (!category || !FIXED.includes(category)) continue;
      tally.record(await fix(path.join(root, record.dir, record.name), record, category, { ...options, tempGraceMs }), record.path);
      options.onProgress?.(tally.summary);
    }
  } catch (error) {
    // The walk stops with an AbortError between directories: what was removed so far is still the answer.
    if (stopped()) return tally.finish(true);
    throw error;
  }
  return tally.finish(false);
}

/** Fixes one file the way `repair` would (re-checked at removal); a file that needs no fix is skipped. */
export async function repairFile(absolute: string, record: FileRecord, tempGraceMs = DEFAULT_TEMP_GRACE_MS): Promise<RemovalOutcome> {
  const category = categorize(record, tempGraceMs);
  return category && FIXED.includes(category) ? fix(absolute, record, category, { tempGraceMs }) : { result: 'skipped' };
}

async function fix(absolute: string, record: FileRecord, category: RepairCategory, options: RepairOptions & { tempGraceMs: number }): Promise<RemovalOutcome> {
  switch (category) {
    case 'corrupt':
      return removeIfStill(absolute, (head) => head.size < V1_SIZE, { halt: options.halt }); // a rewrite in between is kept
    case 'staleTemp':
      return removeOrphanedTemp(absolute, options.tempGraceMs, options.now);
    case 'claim':
      return settleClaim(absolute, (record as ClaimRecord).entryPath);
    default:
      return removeFile(absolute, options.halt);
  }
}

/**
 * Removes a temp file older than the grace. A temp name is never reused, so only its age can change: a writer still
 * appending keeps it young, and it is skipped.
 */
export async function removeOrphanedTemp(absolute: string, tempGraceMs: number, now = Date.now()): Promise<RemovalOutcome> {
  try {
    if (now - (await fs.lstat(absolute)).mtimeMs < tempGraceMs) return { result: 'skipped' };
  } catch (error) {
    if (isVanished(error)) return { result: 'skipped' };
  }
  return removeFile(absolute);
}
