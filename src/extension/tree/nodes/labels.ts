/** Phrases several nodes (and the tooltips and commands) share: entry counts, freshness against the store, why a file is foreign. */
import * as vscode from 'vscode';
import { Freshness, FreshnessCounts } from '../../../core';
import { formatCount, isSingular } from '../../locale';

export const entries = (n: number): string => (isSingular(n) ? vscode.l10n.t('{0} entry', formatCount(n)) : vscode.l10n.t('{0} entries', formatCount(n)));

/** A short phrase for an entry's freshness against the store, e.g. "stale by 3 events": the tree's and the editor's. */
export function freshnessPhrase(freshness: Freshness): string {
  const n = freshness.eventsBehind;
  switch (freshness.state) {
    case 'fresh':
      return vscode.l10n.t('fresh');
    case 'stale':
      return isSingular(n) ? vscode.l10n.t('stale by {0} event', formatCount(n)) : vscode.l10n.t('stale by {0} events', formatCount(n));
    case 'maybe-stale':
      return isSingular(n) ? vscode.l10n.t('maybe stale: {0} newer event', formatCount(n)) : vscode.l10n.t('maybe stale: {0} newer events', formatCount(n));
    case 'ahead':
      return vscode.l10n.t('ahead of the store');
    case 'unknown-entity':
      return vscode.l10n.t('entity not in the store');
  }
}

/** "12 stale · 3 ahead": the states that need attention, for a root's description. */
export function freshnessSummary(counts: FreshnessCounts): string {
  const parts = [
    counts.stale > 0 && vscode.l10n.t('{0} stale', formatCount(counts.stale)),
    counts['maybe-stale'] > 0 && vscode.l10n.t('{0} maybe stale', formatCount(counts['maybe-stale'])),
    counts.ahead > 0 && vscode.l10n.t('{0} ahead', formatCount(counts.ahead)),
    counts['unknown-entity'] > 0 && vscode.l10n.t('{0} unknown entity', formatCount(counts['unknown-entity'])),
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(' · ') : vscode.l10n.t('all fresh');
}

/** Why a file is not batpak's, by ForeignReason: a function, so that the strings are looked up when drawn, like every other label. */
export const foreignReasons = (): Record<string, string> => ({
  symlink: vscode.l10n.t('symlink (never followed)'),
  'not-a-regular-file': vscode.l10n.t('not a regular file'),
  'unrecognized-name': vscode.l10n.t('not a batpak name'),
  'file-in-root': vscode.l10n.t('file directly in the root'),
  'nested-directory': vscode.l10n.t('nested directory'),
  'not-a-shard-directory': vscode.l10n.t('outside any shard directory'),
  'name-not-utf8': vscode.l10n.t('name is not valid UTF-8 (never deleted)'),
});
