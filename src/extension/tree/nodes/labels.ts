/** Phrases several nodes (and the tooltips) share: entry counts and freshness against the store. */
import * as vscode from 'vscode';
import { Freshness, FreshnessCounts, formatCount } from '../../../core';

export const entries = (n: number): string => (n === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', formatCount(n)));

/** A short phrase for an entry's freshness against the store, e.g. "stale by 3". */
export function freshnessPhrase(freshness: Freshness): string {
  switch (freshness.state) {
    case 'fresh':
      return vscode.l10n.t('fresh');
    case 'stale':
      return freshness.eventsBehind === 1 ? vscode.l10n.t('stale by 1 event') : vscode.l10n.t('stale by {0} events', formatCount(freshness.eventsBehind));
    case 'maybe-stale':
      return vscode.l10n.t('maybe stale: {0} newer', formatCount(freshness.eventsBehind));
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
