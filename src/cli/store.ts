/** `--store DIR`: the event store a root's projections were computed from, read once per command. */
import * as path from 'node:path';
import { Command } from 'commander';
import { CacheInputError, detectStoreDir, Freshness, FreshnessCounts, FRESHNESS_STATES, readStore, StoreView } from '../core';
import { formatCount } from './locale';
import { counted, safe } from './output';
import { once } from './selection';
import { storeWarningText } from './storeWarnings';

export function addStoreOption(command: Command, what: string): Command {
  return command.option('--store <dir>', `the event store's data directory (NNNNNN.fbat segments): ${what}`, once('--store'));
}

/** Reads the store; its warnings (damage, formats not supported yet, a batch being written) go to stderr. */
export function loadStore(dir: string): StoreView {
  const store = readStore(path.resolve(dir));
  for (const warning of store.warnings) process.stderr.write(`store: ${safe(storeWarningText(warning))}\n`);
  return store;
}

/** `--store` when given, else the store beside the root when there is an obvious one. */
export async function storeFor(root: string, dir: string | undefined, flag: string): Promise<StoreView> {
  const found = dir ?? (await detectStoreDir(root));
  if (!found) throw new CacheInputError('bad-argument', `${flag} needs the event store: no store directory was found beside ${root}; pass --store DIR.`);
  if (dir === undefined) process.stderr.write(`store: using ${safe(found)} (found beside the root)\n`);
  return loadStore(found);
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
