/** A line of text in the tree: an error where children could not be listed. */
import * as vscode from 'vscode';
import { Node } from './node';

export class MessageNode extends Node {
  constructor(
    readonly id: string,
    private readonly message: string,
    private readonly icon = 'info',
  ) {
    super();
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    return item;
  }
}
