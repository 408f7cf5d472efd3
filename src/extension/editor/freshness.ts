/**
 * What batpak's read paths would do with an entry, in batpak's own terms. MaybeStale compares the entry's age with
 * the caller's max_stale_ms; Consistent compares its watermark with the store, which the cache alone cannot see.
 */
import * as vscode from 'vscode';
import { cachedAtMs, EntryRecord, formatEventKinds, Freshness as StoreFreshness, maybeStaleWouldUse, StoreView, Trailer } from '../../core';
import type { EntryView } from '../../shared/protocol';
import { formatAge, formatCount, isSingular } from '../locale';

export type Freshness = NonNullable<EntryView['freshness']>;

/** The entry judged against the event store linked to its root (see RootState). */
export interface StoreJudgement {
  dir: string;
  freshness: StoreFreshness | null;
  /** The store as read: the Events section reads the entity's events from it. */
  view: StoreView;
  /** The kinds the entry's projection is known to consume (`[]` = every kind), as freshness knows them; null: unknown. */
  consumedKinds: number[] | null;
}

/** Judges a file's entry against the store of the root it lies in; undefined when no store is linked. */
export type JudgeEntry = (file: string, record: EntryRecord) => Promise<StoreJudgement | undefined>;

/** What a `Consistent` read would do, from the store's events for the entity. */
function consistentVerdict(watermark: string, judged: StoreFreshness, dir: string): string {
  const last = String(judged.lastEventSequence);
  const [count, kinds] = [formatCount(judged.eventsBehind), formatEventKinds(judged.newerKinds)];
  const one = isSingular(judged.eventsBehind);
  switch (judged.state) {
    case 'fresh':
      return vscode.l10n.t("A `Consistent` read would use this entry: its watermark ({0}) is the entity's last relevant event in the store {1}.", watermark, dir);
    case 'stale':
      return one
        ? vscode.l10n.t('A `Consistent` read would replay this entry: it is stale by {0} event against the store {1} (a newer event of kind {2}: sequence {3}).', count, dir, kinds, last)
        : vscode.l10n.t(
            'A `Consistent` read would replay this entry: it is stale by {0} events against the store {1} (newer events of kinds {2}; the last relevant one is sequence {3}).',
            count,
            dir,
            kinds,
            last,
          );
    case 'maybe-stale':
      return one
        ? vscode.l10n.t(
            'A `Consistent` read may replay this entry: the store {0} has {1} newer event, of kind {2}, which this projection may not consume (a k1 key does not say which kinds it reads).',
            dir,
            count,
            kinds,
          )
        : vscode.l10n.t(
            'A `Consistent` read may replay this entry: the store {0} has {1} newer events, of kinds {2} that this projection may not consume (a k1 key does not say which kinds it reads).',
            dir,
            count,
            kinds,
          );
    case 'ahead':
      return vscode.l10n.t(
        "A `Consistent` read would replay this entry: its watermark ({0}) is beyond the entity's events in the store {1} (last: {2}). The store was replaced, or this cache was built from another store.",
        watermark,
        dir,
        last,
      );
    case 'unknown-entity':
      return vscode.l10n.t('The store {0} has no events for this entity: nothing would read this entry against it (an orphan).', dir);
  }
}

/** `undecodable`: the value is not the JSON batpak wrote (see the core's jsonDamage). */
export function freshness(record: EntryRecord, trailer: Trailer, maxStaleMs: number, now: number, store?: StoreJudgement, undecodable = false): Freshness {
  if (record.key.layout !== 'raw' && undecodable) {
    return {
      tone: 'warning',
      verdict: vscode.l10n.t('Every read replays this projection: its value is not valid JSON, so batpak cannot decode it, whatever its age and watermark.'),
      consistent: '',
    };
  }
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
  const judged = store?.freshness;
  return {
    tone: uses && (!judged || judged.state === 'fresh') ? 'ok' : 'warning',
    verdict: uses
      ? vscode.l10n.t('A `MaybeStale` read with max_stale_ms = {0} would use this entry: {1}.', maxStaleMs, why)
      : vscode.l10n.t('A `MaybeStale` read with max_stale_ms = {0} would replay this entry: {1}.', maxStaleMs, why),
    consistent: judged
      ? consistentVerdict(trailer.watermark.toString(), judged, store.dir)
      : vscode.l10n.t(
          "A `Consistent` read uses it only while its watermark ({0}) equals the entity's current watermark in the store, which the cache alone cannot tell.",
          trailer.watermark.toString(),
        ),
  };
}
