import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // The UI arrives with the tree and entry editor issues.
}

export function deactivate(): void {}
