/**
 * The read-only custom editor for cache files. It keeps track of its open editors so the editor-title commands can
 * act on the active one (or on the one for the resource VS Code passes them).
 */
import * as vscode from 'vscode';
import type { InspectedFile } from '../../core';
import { JudgeEntry } from './freshness';
import { DisposableOwner } from './disposable';
import { EntryDocument } from './entryDocument';
import { EntryEditor } from './entryEditor';
import type { ProjectionNames } from '../names/projectionNames';

export const ENTRY_EDITOR_VIEW_TYPE = 'batpakCache.entryEditor';

/** A file an entry editor read: when it opened, and each time it followed a rewrite. */
export interface EntryRead {
  file: string;
  inspected: InspectedFile;
}

export class EntryEditorProvider extends DisposableOwner implements vscode.CustomReadonlyEditorProvider<EntryDocument> {
  private readonly editors = new Set<EntryEditor>();
  private active: EntryEditor | undefined;
  private readonly read = this.own(new vscode.EventEmitter<EntryRead>());
  /** Fires with every content an open document read (the history of previous versions keeps them). */
  readonly onDidRead = this.read.event;

  constructor(
    private readonly bundleRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly judge: JudgeEntry,
    private readonly names: ProjectionNames,
  ) {
    super();
    this.own({ dispose: () => this.editors.forEach((editor) => editor.dispose()) });
  }

  async openCustomDocument(uri: vscode.Uri): Promise<EntryDocument> {
    if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('The cache entry editor opens files on disk only, not {0}: resources.', uri.scheme));
    const document = await EntryDocument.open(uri);
    const report = (): void => {
      if (document.state.kind === 'present') this.read.fire({ file: document.path, inspected: document.state.inspected });
    };
    report();
    document.onDidChange(report);
    return document;
  }

  resolveCustomEditor(document: EntryDocument, panel: vscode.WebviewPanel): void {
    const editor = new EntryEditor(document, panel, this.bundleRoot, this.log, this.judge, this.names);
    this.editors.add(editor);
    if (panel.active) this.active = editor;
    panel.onDidChangeViewState(() => {
      if (panel.active) this.active = editor;
      else if (this.active === editor) this.active = undefined;
    });
    panel.onDidDispose(() => {
      this.editors.delete(editor);
      if (this.active === editor) this.active = undefined;
      editor.dispose();
    });
  }

  /** The editor for `uri` when given (editor-title commands pass their editor's resource), else the active one. */
  editorFor(uri?: vscode.Uri): EntryEditor | undefined {
    if (uri instanceof vscode.Uri) {
      const matching = [...this.editors].filter((editor) => editor.document.uri.toString() === uri.toString());
      return matching.find((editor) => editor === this.active) ?? matching[0];
    }
    return this.active;
  }
}
