/** One temp, misplaced or foreign file under Problems, with why it is there. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileRecord, formatAge, formatBytes } from '../../../core';
import { Node } from './node';
import { problemKind } from './problemsNode';
import type { RootNode } from './rootNode';

/** A function, so that the strings are looked up when a node is drawn, like every other label. */
const reasons = (): Record<string, string> => ({
  symlink: vscode.l10n.t('symlink (never followed)'),
  'not-a-regular-file': vscode.l10n.t('not a regular file'),
  'unrecognized-name': vscode.l10n.t('not a batpak name'),
  'file-in-root': vscode.l10n.t('file directly in the root'),
  'nested-directory': vscode.l10n.t('nested directory'),
  'not-a-shard-directory': vscode.l10n.t('outside any shard directory'),
  'name-not-utf8': vscode.l10n.t('name is not valid UTF-8 (never deleted)'),
});

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
    const item = new vscode.TreeItem(r.path);
    item.id = this.id;
    const kind = problemKind(r);
    item.contextValue = `problem:${kind}`;
    item.iconPath = new vscode.ThemeIcon(kind === 'temp' ? 'clock' : kind === 'misplaced' ? 'question' : 'circle-slash');
    item.description =
      r.kind === 'temp'
        ? vscode.l10n.t('temp file · {0} · {1}', formatBytes(r.size), formatAge(r.ageMs))
        : r.kind === 'foreign'
          ? vscode.l10n.t('{0} · {1}', reasons()[r.reason] ?? r.reason, formatBytes(r.size))
          : vscode.l10n.t('misplaced entry · {0}', formatBytes(r.size));
    item.resourceUri = vscode.Uri.file(this.file);
    if (r.kind !== 'foreign') item.command = { command: 'batpakCache.openEntry', title: vscode.l10n.t('Open'), arguments: [this] };
    return item;
  }
}
