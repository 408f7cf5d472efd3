/**
 * How an entry looks at a glance: its status, a warning, or "old" (cached at least max_stale_ms ago, batpak's
 * `MaybeStale` horizon), before any store is consulted.
 */
import { EntryRecord } from './record';
import { cachedAtMs } from './trailer';

export type EntryState = 'ok' | 'old' | 'corrupt' | 'misplaced' | 'warning';

export function entryState(record: EntryRecord, maxStaleMs: number, now = Date.now()): EntryState {
  if (record.status !== 'ok') return record.status;
  if (record.warnings.length > 0) return 'warning';
  const ms = record.trailer ? cachedAtMs(record.trailer) : undefined;
  return ms !== undefined && now - ms >= maxStaleMs ? 'old' : 'ok';
}
