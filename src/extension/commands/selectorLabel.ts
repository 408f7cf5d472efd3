/** What a purge selects, as a label in the display language: `Entity "user:42"`, `Key prefix 0x00ff`. */
import * as vscode from 'vscode';
import { groupLabel, NOT_FRESH, printableKey, Selector } from '../../core';
import { formatCount, formatDate, formatDuration } from '../locale';

export function selectorLabel(selector: Selector): string {
  switch (selector.kind) {
    case 'prefix':
      return selector.prefix.length === 0 ? vscode.l10n.t('Every entry') : vscode.l10n.t('Key prefix {0}', printableKey(selector.prefix));
    case 'entity':
      return vscode.l10n.t('Entity {0}', printableKey(selector.entity));
    case 'entry':
      return vscode.l10n.t('Entry {0}', selector.path);
    case 'paths':
      return selector.paths.size === 1 ? vscode.l10n.t('The entry chosen') : vscode.l10n.t('The {0} entries chosen', formatCount(selector.paths.size));
    case 'shard':
      return vscode.l10n.t('Shard {0}', selector.shard);
    case 'group':
      return vscode.l10n.t('Projection group {0}', groupLabel(selector.typeHash, selector.schemaVersion, selector.kindsHash));
    case 'olderThan':
      return vscode.l10n.t('Cached before {0}', formatDate(new Date(Number(selector.cutoffUs / 1000n))));
    case 'freshness': {
      const notFresh = selector.states.length === NOT_FRESH.length && NOT_FRESH.every((state) => selector.states.includes(state));
      return notFresh
        ? vscode.l10n.t('Not fresh against the store {0}', selector.store.dir)
        : vscode.l10n.t('{0} against the store {1}', selector.states.join(', '), selector.store.dir);
    }
    case 'cachedAge':
      return selector.toMs === null
        ? vscode.l10n.t('Cached {0} or more before {1}', formatDuration(selector.fromMs), formatDate(new Date(selector.now)))
        : vscode.l10n.t('Cached {0} to {1} before {2}', formatDuration(selector.fromMs), formatDuration(selector.toMs), formatDate(new Date(selector.now)));
    case 'audit':
      return vscode.l10n.t('Audit class {0}', selector.auditClass);
  }
}
