/** `--store DIR`: the event store a root's projections were computed from, read once per command. */
import * as path from 'node:path';
import { Command } from 'commander';
import { CacheInputError, detectStoreDir, formatCount, Freshness, FreshnessCounts, FRESHNESS_STATES, readStore, StoreView } from '../core';
import { safe } from './output';
import { once } from './selection';

export function addStoreOption(command: Command, what: string): Command {
  return command.option('--store <dir>', `the event store's data directory (NNNNNN.fbat segments): ${what}`, once('--store'));
}

/** Reads the store; its warnings (damage, formats not supported yet, a batch being written) go to stderr. */
export function loadStore(dir: string): StoreView {
  const store = readStore(path.resolve(dir));
  printStoreWarnings(store.warnings);
  return store;
}

export function printStoreWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`store: ${safe(warning)}\n`);
}

/** `--store` when given, else the store beside the root when there is an obvious one. */
export async function storeFor(root: string, dir: string | undefined, flag: string): Promise<StoreView> {
  const found = dir ?? (await detectStoreDir(root));
  if (!found) throw new CacheInputError('bad-argument', `${flag} needs the event store: no store directory was found beside ${root}; pass --store DIR.`);
  if (dir === undefined) process.stderr.write(`store: using ${safe(found)} (found beside the root)\n`);
  return loadStore(found);
}

/** `stale (3 behind)`, `fresh`, `-` for entries with no freshness. */
export function freshnessCell(freshness: Freshness | null): string {
  if (!freshness) return '-';
  return freshness.eventsBehind > 0 ? `${freshness.state} (${freshness.eventsBehind} behind)` : freshness.state;
}

/** The stable JSON form in `ls --json`. */
export function freshnessJson(freshness: Freshness | null): { state: string; eventsBehind: number; lastEventSequence: number | null } | null {
  return freshness && { state: freshness.state, eventsBehind: freshness.eventsBehind, lastEventSequence: freshness.lastEventSequence };
}

export function countsLine(counts: FreshnessCounts): string {
  const line = FRESHNESS_STATES.map((state) => `${formatCount(counts[state])} ${state}`).join(' · ');
  return counts.none > 0 ? `${line} · ${formatCount(counts.none)} without (raw keys)` : line;
}
