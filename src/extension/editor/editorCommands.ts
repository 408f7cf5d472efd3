/**
 * The editor-title commands, shown while an entry editor is active. Each runs the same action as the webview's
 * toolbar button, on the editor VS Code passes (its resource) or the active one.
 */
import * as vscode from 'vscode';
import { runAction } from './entryActions';
import { EntryEditorProvider } from './entryEditorProvider';
import type { ActionName } from '../../shared/protocol';

const COMMANDS: Record<string, ActionName> = {
  'batpakCache.editor.delete': 'delete',
  'batpakCache.editor.copyKey': 'copyKey',
  'batpakCache.editor.copyValue': 'copyValue',
  'batpakCache.editor.revealInTree': 'revealInTree',
  'batpakCache.editor.openRaw': 'openRaw',
};

export function registerEditorCommands(provider: EntryEditorProvider): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([command, action]) =>
    vscode.commands.registerCommand(command, async (uri?: vscode.Uri) => {
      const editor = provider.editorFor(uri);
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a cache entry in the entry editor first.'));
        return;
      }
      await runAction(action, editor.document);
    }),
  );
}
