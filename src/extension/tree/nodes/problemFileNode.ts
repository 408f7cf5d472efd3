/** One temp, misplaced, claimed or foreign file under Problems, with why it is there. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ClaimRecord, FileRecord } from '../../../core';
import { formatAge, formatBytes } from '../../locale';
import { foreignReasons } from './labels';
import { Node } from './node';
import { problemKind } from './problemsNode';
import type { RootNode } from './rootNode';


export class ProblemFileNode extends Node {
  readonly id: string;
  constructor(
    readonly rootNode: RootNode,
    readonly record: FileRecord,
  ) {
    super();
    this.id = `${rootNode.id}|problem|${record.path}`;
  }
  get file(): string {
    return path.join(this.rootNode.state.path, this.record.path);
  }
  treeItem(): vscode.TreeItem {
    const r = this.record;
    // A claim's name ends in its entry's key: the start says what it is, and leaves room for the description.
    const item = new vscode.TreeItem(r.kind === 'claim' ? `${r.dir}/${r.name.slice(0, CLAIM_PREFIX)}…` : r.path);
    item.id = this.id;
    const kind = problemKind(r);
    item.contextValue = `problem:${kind}`;
    item.iconPath = new vscode.ThemeIcon({ temp: 'clock', misplaced: 'question', claim: 'discard', foreign: 'circle-slash' }[kind]);
    item.description =
      r.kind === 'temp'
        ? vscode.l10n.t('temp file · {0} · {1}', formatBytes(r.size), formatAge(r.ageMs))
        : r.kind === 'claim'
          ? vscode.l10n.t('claimed entry · {0} · {1}', formatBytes(r.size), formatAge(r.ageMs))
          : r.kind === 'foreign'
            ? vscode.l10n.t('{0} · {1}', foreignReasons()[r.reason] ?? r.reason, formatBytes(r.size))
            : vscode.l10n.t('misplaced entry · {0}', formatBytes(r.size));
    if (r.kind === 'claim') item.tooltip = claimTooltip(r);
    item.resourceUri = vscode.Uri.file(this.file);
    if (r.kind !== 'foreign') item.command = { command: 'batpakCache.openEntry', title: vscode.l10n.t('Open'), arguments: [this] };
    return item;
  }
}

/** `.batpak-explorer-<12 hex>`, the part of a claim's name before its key. */
const CLAIM_PREFIX = 29;

/** What a claim file is and what Repair does with it. */
function claimTooltip(record: ClaimRecord): string {
  const what = vscode.l10n.t('A purge or repair renamed this entry to check it one last time before deleting it, and was interrupted (a kill, a crash): batpak cannot see it under this name.');
  const repair =
    record.entryPath === null
      ? vscode.l10n.t('Its name does not say which entry it was: Repair Cache… deletes it.')
      : vscode.l10n.t('Repair Cache… puts it back as {0} when that name is free and it is a valid entry, and deletes it otherwise (a newer write under that name stays).', record.entryPath);
  return `${what}\n\n${repair}`;
}
