/** The cache entry editor: a read-only custom editor for the files of a batpak NativeCache root. */
import * as vscode from 'vscode';
import { registerEditorCommands } from './editorCommands';
import { ENTRY_EDITOR_VIEW_TYPE, EntryEditorProvider } from './entryEditorProvider';
import type { EditorState } from './entryEditor';
import { JudgeEntry } from './freshness';
import type { ProjectionNames } from '../names/projectionNames';

/**
 * `judge`: the entry against the event store of its root, from the explorer's roots. Returns what the editor open on
 * a file has rendered (the extension's API hands it to the tests). `names` name the projection in the header.
 */
export function registerEntryEditor(context: vscode.ExtensionContext, judge: JudgeEntry, names: ProjectionNames): (uri: vscode.Uri) => EditorState | undefined {
  const log = vscode.window.createOutputChannel('Batpak Cache Entry Editor', { log: true });
  // The webview loads only the bundle esbuild writes here (script, styles, codicon font).
  const provider = new EntryEditorProvider(vscode.Uri.joinPath(context.extensionUri, 'dist', 'editor'), log, judge, names);
  context.subscriptions.push(
    log,
    provider,
    vscode.window.registerCustomEditorProvider(ENTRY_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    ...registerEditorCommands(provider),
  );
  return (uri) => provider.editorFor(uri)?.state;
}
