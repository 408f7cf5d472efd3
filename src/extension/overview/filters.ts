/**
 * What a bar of the overview filters the tree to: a projection group, a range of cached-at ages, a freshness state or
 * an audit class. A bar carries a token (text, as it crosses to the webview and back); viewFilterOf reads it.
 */
import * as vscode from 'vscode';
import { AUDIT_CLASSES, AuditClass, auditClassifier, CacheInputError, FRESHNESS_STATES, FreshnessState, parseGroup, Selector } from '../../core';
import { RootState } from '../roots';
import { KeyFilter } from '../tree/provider';

export const groupToken = (id: string): string => `group:${id}`;
/** Ages are measured from the census's clock `now`, so the tree shows the entries the bar counted. */
export const ageToken = (now: number, fromMs: number, toMs: number | null): string => `age:${now}:${fromMs}:${toMs ?? ''}`;
export const freshnessToken = (state: FreshnessState): string => `freshness:${state}`;
export const auditToken = (cls: AuditClass): string => `audit:${cls}`;

/** Entries of `state` in an audit class, as the root's own census decided them (each root the view shows has one). */
async function auditSelector(state: RootState, auditClass: AuditClass): Promise<Selector> {
  const census = await state.census();
  // Only the store classes need the store; one that cannot be read leaves them empty, as the census did.
  const store = census.freshness ? await state.storeView().catch(() => undefined) : undefined;
  return { kind: 'audit', auditClass, classOf: auditClassifier(census, store) };
}

async function freshnessSelector(state: RootState, freshness: FreshnessState): Promise<Selector> {
  const store = await state.storeView();
  if (!store) throw new CacheInputError('bad-root', vscode.l10n.t('No event store is linked to this root: use Link Event Store… on it to see its stale entries.'));
  // The k1 hints the census judged with: the tree then shows the entries the bar counted.
  return { kind: 'freshness', states: [freshness], store, groupKinds: state.resolvedCensus?.freshness?.groupKinds };
}

/** The tree filter a bar's token stands for, described in the view as `label`. */
export function viewFilterOf(token: string, label: string): KeyFilter {
  const [kind, ...rest] = token.split(':');
  const value = rest.join(':');
  if (kind === 'group') {
    const selector = parseGroup(value);
    return { label: vscode.l10n.t('group {0}', label), selectors: () => [selector] };
  }
  if (kind === 'age' && rest.length === 3 && rest.slice(0, 2).every((n) => /^\d+$/.test(n)) && /^\d*$/.test(rest[2])) {
    const [now, fromMs, toMs] = rest.map((n) => (n === '' ? null : Number(n)));
    const selector: Selector = { kind: 'cachedAge', now: now as number, fromMs: fromMs as number, toMs };
    return { label: vscode.l10n.t('cached {0} ago', label), selectors: () => [selector] };
  }
  if (kind === 'freshness' && FRESHNESS_STATES.includes(value as FreshnessState)) {
    return { label, selectors: async (state) => [await freshnessSelector(state, value as FreshnessState)] };
  }
  if (kind === 'audit' && AUDIT_CLASSES.includes(value as AuditClass)) {
    return { label: vscode.l10n.t('audit: {0}', label), selectors: async (state) => [await auditSelector(state, value as AuditClass)] };
  }
  throw new CacheInputError('bad-argument', vscode.l10n.t('"{0}" is not a filter of the overview.', token));
}
