/**
 * The `batpak-cache:` documents VS Code's diff editor shows: read-only text (pretty JSON, text or a hex dump) made
 * from a value when the comparison opens, so both sides stay what they were compared as even while the service
 * rewrites the files. Held in memory until VS Code closes the document.
 */
import * as vscode from 'vscode';

export const COMPARE_SCHEME = 'batpak-cache';

export class ComparisonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private count = 0;
  private readonly closing = vscode.workspace.onDidCloseTextDocument((document) => this.texts.delete(document.uri.toString()));

  /**
   * A new document holding `text`. `name` ends its path: the diff editor's tabs show it, and its extension (`.json`,
   * `.txt`) picks the language.
   */
  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${++this.count}/${name.replace(/[\\/]/g, '_')}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? vscode.l10n.t('This comparison was closed: compare the entries again.');
  }

  dispose(): void {
    this.closing.dispose();
    this.texts.clear();
  }
}
