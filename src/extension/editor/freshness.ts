/**
 * What batpak's read paths would do with an entry, in batpak's own terms. MaybeStale compares the entry's age with
 * the caller's max_stale_ms; Consistent compares its watermark with the store, which the cache alone cannot see.
 */
import { cachedAtMs, EntryRecord, formatAge, maybeStaleWouldUse, Trailer } from '../../core';
import type { EntryView } from './protocol';

export type Freshness = NonNullable<EntryView['freshness']>;

export function freshness(record: EntryRecord, trailer: Trailer, maxStaleMs: number, now: number): Freshness {
  if (record.key.layout === 'raw') {
    return {
      tone: 'muted',
      verdict: 'This raw key is read through NativeCache::get, which returns the value with its watermark and cached_at: the calling code decides whether it is fresh enough.',
      consistent: '',
    };
  }
  const read = `A \`MaybeStale\` read with max_stale_ms = ${maxStaleMs}`;
  const cachedAt = cachedAtMs(trailer);
  const uses = maybeStaleWouldUse(trailer, maxStaleMs, now);
  const why =
    cachedAt === undefined
      ? 'its cached_at is implausible, and batpak compares it as it is'
      : uses
        ? `it was cached ${formatAge(now - cachedAt)}`
        : `it was cached ${formatAge(now - cachedAt)}, longer ago than that allows`;
  return {
    tone: uses ? 'ok' : 'warning',
    verdict: uses ? `${read} would use this entry: ${why}.` : `${read} would replay this entry: ${why}.`,
    consistent: `A \`Consistent\` read uses it only while its watermark (${trailer.watermark}) equals the entity's current watermark in the store, which the cache alone cannot tell.`,
  };
}
