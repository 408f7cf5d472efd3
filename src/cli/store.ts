/** `--store DIR`: the event store a root's projections were computed from, read once per command. */
import * as path from 'node:path';
import { Command } from 'commander';
import { CacheInputError, detectStoreDir, Freshness, FreshnessCounts, FRESHNESS_STATES, readStore, StoreView, StoreWarning } from '../core';
import { inputProblemText } from './inputProblems';
import { formatCount } from './locale';
import { counted, safe } from './output';
import { once } from './selection';
import { storeWarningText } from './storeWarnings';

/** `--store DIR`; with `beside`, the store beside the root is read when none is given, and `--no-store` says not to. */
export function addStoreOption(command: Command, what: string, beside = false): Command {
  command.option('--store <dir>', `the event store's data directory (NNNNNN.fbat segments): ${what}`, once('--store'));
  return beside ? command.option('--no-store', 'do not read the event store found beside the root') : command;
}

/** Reads the store; its warnings (damage, formats not supported yet, a batch being written) go to stderr. */
export function loadStore(dir: string): StoreView {
  const store = readStore(path.resolve(dir));
  printStoreWarnings(store.warnings);
  return store;
}

/** loadStore for a command taking the store as its `<store-dir>` argument: a bad one is worded without `--store`. */
export function loadStoreArgument(dir: string): StoreView {
  try {
    return loadStore(dir);
  } catch (error) {
    if (error instanceof CacheInputError && error.problem) throw new CacheInputError(error.code, inputProblemText(error.problem, 'argument'));
    throw error;
  }
}

/** The store reader's warnings (facts from the core) in the CLI's words, on stderr. */
export function printStoreWarnings(warnings: readonly StoreWarning[]): void {
  for (const warning of warnings) process.stderr.write(`store: ${safe(storeWarningText(warning))}\n`);
}

/** The store directory beside the root when there is an obvious one (said on stderr), else undefined. */
async function storeDirBeside(root: string): Promise<string | undefined> {
  const found = await detectStoreDir(root);
  if (found !== undefined) process.stderr.write(`store: using ${safe(found)} (found beside the root)\n`);
  return found;
}

async function storeBeside(root: string): Promise<StoreView | undefined> {
  const found = await storeDirBeside(root);
  return found === undefined ? undefined : loadStore(found);
}

/** `--store` when given, else the store beside the root when there is an obvious one. */
export async function storeFor(root: string, dir: string | undefined, flag: string): Promise<StoreView> {
  const store = dir === undefined ? await storeBeside(root) : loadStore(dir);
  if (!store) throw new CacheInputError('bad-argument', `${flag} needs the event store: no store directory was found beside ${root}; pass --store DIR.`);
  return store;
}

/** For `stats` and `ls`: `--store DIR`, none with `--no-store`, else the store beside the root if there is one. */
export async function optionalStoreDir(root: string, dir: string | false | undefined): Promise<string | undefined> {
  if (dir === false) return undefined;
  return dir === undefined ? storeDirBeside(root) : path.resolve(dir);
}

export async function optionalStore(root: string, dir: string | false | undefined): Promise<StoreView | undefined> {
  const found = await optionalStoreDir(root, dir);
  return found === undefined ? undefined : loadStore(found);
}

/** `stale by 3 events`, `maybe stale: 1 newer event`, `fresh`; `-` for entries with no freshness. */
export function freshnessCell(freshness: Freshness | null): string {
  if (!freshness) return '-';
  if (freshness.state === 'stale') return `stale by ${counted(freshness.eventsBehind, 'event')}`;
  if (freshness.state === 'maybe-stale') return `maybe stale: ${counted(freshness.eventsBehind, 'newer event')}`;
  return freshness.state;
}

/** The stable JSON form in `ls --json`. */
export function freshnessJson(freshness: Freshness | null): { state: string; eventsBehind: number; lastEventSequence: number | null } | null {
  return freshness && { state: freshness.state, eventsBehind: freshness.eventsBehind, lastEventSequence: freshness.lastEventSequence };
}

export function countsLine(counts: FreshnessCounts): string {
  const line = FRESHNESS_STATES.map((state) => `${formatCount(counts[state])} ${state}`).join(' · ');
  return counts.none > 0 ? `${line} · ${formatCount(counts.none)} without (raw keys)` : line;
}
