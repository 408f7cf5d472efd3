/** A root's temp, misplaced, claimed and foreign files, counted by kind. */
import * as vscode from 'vscode';
import { FileRecord } from '../../../core';
import { Node } from './node';
import { ProblemFileNode } from './problemFileNode';
import type { RootNode } from './rootNode';

export class ProblemsNode extends Node {
  readonly id: string;
  constructor(
    readonly rootNode: RootNode,
    private readonly files: FileRecord[],
  ) {
    super();
    this.id = `${rootNode.id}|problems`;
    this.parent = rootNode;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Problems'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    const by = (kind: string) => this.files.filter((f) => problemKind(f) === kind).length;
    const [temp, misplaced, claim, foreign] = [by('temp'), by('misplaced'), by('claim'), by('foreign')];
    item.description = [
      temp > 0 && vscode.l10n.t('{0} temp', temp),
      misplaced > 0 && vscode.l10n.t('{0} misplaced', misplaced),
      claim > 0 && vscode.l10n.t('{0} claimed', claim),
      foreign > 0 && vscode.l10n.t('{0} foreign', foreign),
    ]
      .filter(Boolean)
      .join(' · ');
    item.contextValue = 'problems';
    return item;
  }
  children(): Promise<Node[]> {
    return Promise.resolve(this.files.map((file) => Object.assign(new ProblemFileNode(this.rootNode, file), { parent: this })));
  }
}

export function problemKind(file: FileRecord): 'temp' | 'misplaced' | 'claim' | 'foreign' {
  return file.kind === 'entry' ? 'misplaced' : file.kind;
}
