/** The cache entry editor: a read-only custom editor for the files of a batpak NativeCache root. */
import * as vscode from 'vscode';
import { registerEditorCommands } from './editorCommands';
import { ENTRY_EDITOR_VIEW_TYPE, EntryEditorProvider } from './entryEditorProvider';
import { JudgeEntry } from './freshness';

/** `judge`: the entry against the event store of its root, from the explorer's roots. */
export function registerEntryEditor(context: vscode.ExtensionContext, judge: JudgeEntry): void {
  const log = vscode.window.createOutputChannel('Batpak Cache Entry Editor', { log: true });
  // The webview loads only the bundle esbuild writes here (script, styles, codicon font).
  const provider = new EntryEditorProvider(vscode.Uri.joinPath(context.extensionUri, 'dist', 'editor'), log, judge);
  context.subscriptions.push(
    log,
    provider,
    vscode.window.registerCustomEditorProvider(ENTRY_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    ...registerEditorCommands(provider),
  );
}
