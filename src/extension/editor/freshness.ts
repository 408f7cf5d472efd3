/**
 * What batpak's read paths would do with an entry, in batpak's own terms. MaybeStale compares the entry's age with
 * the caller's max_stale_ms; Consistent compares its watermark with the store, which the cache alone cannot see.
 */
import * as vscode from 'vscode';
import { cachedAtMs, EntryRecord, formatAge, maybeStaleWouldUse, Trailer } from '../../core';
import type { EntryView } from './protocol';

export type Freshness = NonNullable<EntryView['freshness']>;

export function freshness(record: EntryRecord, trailer: Trailer, maxStaleMs: number, now: number): Freshness {
  if (record.key.layout === 'raw') {
    return {
      tone: 'muted',
      verdict: vscode.l10n.t(
        'This raw key is read through NativeCache::get, which returns the value with its watermark and cached_at: the calling code decides whether it is fresh enough.',
      ),
      consistent: '',
    };
  }
  const cachedAt = cachedAtMs(trailer);
  const uses = maybeStaleWouldUse(trailer, maxStaleMs, now);
  const why =
    cachedAt === undefined
      ? vscode.l10n.t('its cached_at is implausible, and batpak compares it as it is')
      : uses
        ? vscode.l10n.t('it was cached {0}', formatAge(now - cachedAt))
        : vscode.l10n.t('it was cached {0}, longer ago than that allows', formatAge(now - cachedAt));
  return {
    tone: uses ? 'ok' : 'warning',
    verdict: uses
      ? vscode.l10n.t('A `MaybeStale` read with max_stale_ms = {0} would use this entry: {1}.', maxStaleMs, why)
      : vscode.l10n.t('A `MaybeStale` read with max_stale_ms = {0} would replay this entry: {1}.', maxStaleMs, why),
    consistent: vscode.l10n.t(
      "A `Consistent` read uses it only while its watermark ({0}) equals the entity's current watermark in the store, which the cache alone cannot tell.",
      trailer.watermark.toString(),
    ),
  };
}
