/** The cache entry editor: a read-only custom editor for the files of a batpak NativeCache root. */
import * as vscode from 'vscode';
import { registerEditorCommands } from './editorCommands';
import { ENTRY_EDITOR_VIEW_TYPE, EntryEditorProvider, EntryRead } from './entryEditorProvider';
import type { EditorState } from './entryEditor';
import { JudgeEntry } from './freshness';
import type { ProjectionNames } from '../names/projectionNames';

/** The registered editor, as the rest of the extension sees it. */
export interface EntryEditors {
  /** What the editor open on a file has rendered (the extension's API hands it to the tests). */
  stateOf(uri: vscode.Uri): EditorState | undefined;
  /** Every content an open editor read: the history of previous versions keeps them. */
  onDidRead: vscode.Event<EntryRead>;
}

/**
 * `judge`: the entry against the event store of its root, from the explorer's roots; `names` name the projection in
 * the header.
 */
export function registerEntryEditor(context: vscode.ExtensionContext, judge: JudgeEntry, names: ProjectionNames): EntryEditors {
  const log = vscode.window.createOutputChannel('Batpak Cache Entry Editor', { log: true });
  // The webview loads only the bundle esbuild writes here (script, styles, codicon font).
  const provider = new EntryEditorProvider(vscode.Uri.joinPath(context.extensionUri, 'dist', 'editor'), log, judge, names);
  context.subscriptions.push(
    log,
    provider,
    vscode.window.registerCustomEditorProvider(ENTRY_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    ...registerEditorCommands(provider),
  );
  return { stateOf: (uri) => provider.editorFor(uri)?.state, onDidRead: provider.onDidRead };
}
