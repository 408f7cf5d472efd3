/** One cache entry: its key, its state or its freshness against the store, watermark and age. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cachedAtMs, describeKey, EntryRecord, EntryState, entryState, Freshness, FreshnessState } from '../../../core';
import { formatAge, formatBytes } from '../../locale';
import { freshnessPhrase } from './labels';
import { Node, ViewContext } from './node';
import type { RootNode } from './rootNode';

const STATE_ICONS: Record<EntryState, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  old: new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  corrupt: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  misplaced: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
};

const FRESHNESS_ICONS: Record<FreshnessState, vscode.ThemeIcon> = {
  fresh: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  stale: new vscode.ThemeIcon('sync', new vscode.ThemeColor('list.warningForeground')),
  'maybe-stale': new vscode.ThemeIcon('unverified', new vscode.ThemeColor('list.warningForeground')),
  ahead: new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('list.errorForeground')),
  'unknown-entity': new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.errorForeground')),
};

export class EntryNode extends Node {
  readonly id: string;
  constructor(
    readonly rootNode: RootNode,
    readonly record: EntryRecord,
    private readonly view: ViewContext,
    /** Judged against the root's store; undefined when no store is linked, null when there is nothing to judge. */
    readonly freshness?: Freshness | null,
  ) {
    super();
    this.id = `${rootNode.id}|entry|${record.path}`;
  }
  get file(): string {
    return path.join(this.rootNode.state.path, this.record.dir, this.record.name);
  }
  treeItem(): vscode.TreeItem {
    const r = this.record;
    const item = new vscode.TreeItem(describeKey(Buffer.from(r.keyHex, 'hex'), r.key) || vscode.l10n.t('(empty key)'));
    item.id = this.id;
    const state = entryState(r, this.view.maxStaleMs());
    const judged = this.freshness && (state === 'ok' || state === 'old') ? this.freshness : undefined;
    item.iconPath = judged ? FRESHNESS_ICONS[judged.state] : STATE_ICONS[state];
    const ms = r.trailer ? cachedAtMs(r.trailer) : undefined;
    const facts = r.trailer
      ? vscode.l10n.t('wm {0} · {1}', r.trailer.watermark.toString(), ms === undefined ? vscode.l10n.t('cached-at implausible') : formatAge(Date.now() - ms))
      : vscode.l10n.t('{0} · {1}', r.problem ?? r.status, formatBytes(r.size));
    // The projection first: the rows of one entity's five projections differ there.
    const projection = this.view.names.labelOf(r.key);
    item.description = [projection, judged && freshnessPhrase(judged), facts].filter(Boolean).join(' · ');
    item.contextValue = judged ? `entry:${state}:${judged.state}` : `entry:${state}`;
    item.resourceUri = vscode.Uri.file(this.file);
    item.command = { command: 'batpakCache.openEntry', title: vscode.l10n.t('Open Entry'), arguments: [this] };
    return item;
  }
}
