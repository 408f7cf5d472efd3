/**
 * One cache file opened in the entry editor, shared by every editor showing it. It re-reads the file whenever a
 * watcher on its directory reports a change (debounced), so the view follows batpak rewriting or deleting it; visible
 * editors also compare its stat now and then, for the events a watcher misses. The file is never held open: each
 * read opens, reads and closes it (the core's inspectFile).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorCode, InspectedFile, inspectFile, JsonDamage, jsonDamage } from '../../core';
import { DisposableOwner } from './disposable';
import { ValueSource } from './valueSource';

/** A burst of watcher events (batpak's write is create temp + rename) becomes one re-read. */
const DEBOUNCE_MS = 150;

export interface PresentFile {
  kind: 'present';
  inspected: InspectedFile;
  /** The value (the whole file for temp and foreign files); null when the file is too short to hold one. */
  value: ValueSource | null;
  /** Where an entry's value that should be JSON fails to parse: batpak's get() would fail to decode it. */
  damage: JsonDamage | undefined;
}

export type EntryState =
  | PresentFile
  /** The file is gone; `last` is what it held when last read, if it was ever read. */
  | { kind: 'missing'; last: PresentFile | undefined }
  | { kind: 'unreadable'; reason: string };

export class EntryDocument extends DisposableOwner implements vscode.CustomDocument {
  private readonly changed = this.own(new vscode.EventEmitter<void>());
  /** Fires after the state changed (a new revision). */
  readonly onDidChange = this.changed.event;
  private current: EntryState = { kind: 'missing', last: undefined };
  private revisionNumber = 0;
  private reading: Promise<void> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;

  /** `performance.now()` when opening began, until the first editor takes it as the start of its measurement. */
  private openedAt: number | undefined = performance.now();

  static async open(uri: vscode.Uri): Promise<EntryDocument> {
    const document = new EntryDocument(uri);
    await document.reload();
    return document;
  }

  private constructor(readonly uri: vscode.Uri) {
    super();
    const watcher = this.own(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.directory), '*')));
    const onEvent = (changed: vscode.Uri): void => {
      if (changed.fsPath === uri.fsPath) this.scheduleReload();
    };
    this.own(watcher.onDidCreate(onEvent));
    this.own(watcher.onDidChange(onEvent));
    this.own(watcher.onDidDelete(onEvent));
    this.own({ dispose: () => clearTimeout(this.debounce) });
  }

  takeOpenedAt(): number | undefined {
    const openedAt = this.openedAt;
    this.openedAt = undefined;
    return openedAt;
  }

  get path(): string {
    return this.uri.fsPath;
  }

  get directory(): string {
    return path.dirname(this.uri.fsPath);
  }

  get state(): EntryState {
    return this.current;
  }

  get revision(): number {
    return this.revisionNumber;
  }

  /** The latest content read, even after the file was deleted. */
  get lastPresent(): PresentFile | undefined {
    return this.current.kind === 'present' ? this.current : this.current.kind === 'missing' ? this.current.last : undefined;
  }

  scheduleReload(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), DEBOUNCE_MS);
  }

  /**
   * Re-reads the file if its size or modification time changed. Watchers miss events (one that is still starting, a
   * network file system), and a stat costs next to nothing.
   */
  async checkForChange(): Promise<void> {
    const seen = await fs.lstat(this.path).catch(() => undefined);
    const known = this.current.kind === 'present' ? this.current.inspected.record : undefined;
    if (seen?.size !== known?.size || seen?.mtimeMs !== known?.mtimeMs) this.scheduleReload();
  }

  /** Reads the file again; reads never overlap, and an unchanged file keeps its revision. */
  reload(): Promise<void> {
    this.reading = this.reading.then(async () => {
      if (this.isDisposed) return;
      const next = await read(this.path, this.lastPresent);
      if (sameState(this.current, next)) return;
      this.current = next;
      this.revisionNumber++;
      this.changed.fire();
    });
    return this.reading;
  }
}

async function read(file: string, last: PresentFile | undefined): Promise<EntryState> {
  try {
    const inspected = await inspectFile(file);
    const value = inspected.value ? new ValueSource(inspected.value, inspected.valueLength) : null;
    return { kind: 'present', inspected, value, damage: damageOf(inspected, value) };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', last };
    return { kind: 'unreadable', reason: unreadableReason(code, error) };
  }
}

/** A projection's value, or one that looks like JSON, that does not parse (a value only partly read is not judged). */
function damageOf({ record }: InspectedFile, value: ValueSource | null): JsonDamage | undefined {
  if (record.kind !== 'entry' || !value || value.partial || value.format === 'json') return undefined;
  return jsonDamage(value.bytes, record.key.layout !== 'raw');
}

function unreadableReason(code: string | undefined, error: unknown): string {
  switch (code) {
    case 'ELOOP':
      return vscode.l10n.t('It is a symbolic link: links inside a cache root are never followed.');
    case 'ENOTREG':
    case 'EISDIR':
      return vscode.l10n.t('It is not a regular file.');
    case 'EACCES':
    case 'EPERM':
      return vscode.l10n.t('Permission denied: batpak creates entries readable by their owner only (mode 0600).');
    default:
      return vscode.l10n.t('It could not be read ({0}).', code ?? (error as Error).message);
  }
}

function sameState(a: EntryState, b: EntryState): boolean {
  if (a.kind === 'present' && b.kind === 'present') {
    const [x, y] = [a.inspected.record, b.inspected.record];
    return x.size === y.size && x.mtimeMs === y.mtimeMs;
  }
  if (a.kind === 'unreadable' && b.kind === 'unreadable') return a.reason === b.reason;
  return a.kind === 'missing' && b.kind === 'missing';
}
