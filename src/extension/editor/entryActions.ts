/**
 * What the editor can do with its file, from the webview's toolbar or the editor title bar alike. Whether an action
 * is available is decided here once, shown in the view, and checked again when it runs (the webview is not trusted
 * to decide). Deleting asks first, in a modal dialog; it goes through the core, which never follows a symlink.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { categorize, describeKey, FIXED, FileRecord, RemovalOutcome, removeFile, repairFile, RepairCategory, toHex } from '../../core';
import { EntryDocument } from './entryDocument';
import { tempGraceMs } from './editorSettings';
import type { ActionName, ActionState, EntryView } from '../../shared/protocol';
import { tooLargeToCopy, type ValueSource } from './valueSource';

type ActionStates = EntryView['actions'];

const repairTooltips = (): Record<RepairCategory, string> => ({
  corrupt: vscode.l10n.t("Delete this corrupt file, as batpak's own get() would"),
  misplaced: vscode.l10n.t('Delete this misplaced entry: batpak never reads it'),
  staleTemp: vscode.l10n.t('Delete this orphaned temp file'),
  claim: vscode.l10n.t('Put this claimed entry back under its name, or delete it when it cannot go back'),
  youngTemp: vscode.l10n.t('This temp file is young and may be a write in progress: Repair leaves it alone'),
  foreign: vscode.l10n.t('Not a batpak file: Repair never touches it'),
});

/** Copying pretty JSON parses the node losslessly; beyond this size that takes seconds, so the stored text is copied. */
const PRETTY_COPY_LIMIT = 512 * 1024;

function state(enabled: boolean, tooltip: string, shown = true): ActionState {
  return { shown, enabled, tooltip };
}

export function actionStates(document: EntryDocument, context: { trusted: boolean; tempGraceMs: number }): ActionStates {
  const present = document.state.kind === 'present' ? document.state : undefined;
  const last = document.lastPresent;
  const gone = vscode.l10n.t('The file no longer exists');
  const restricted = vscode.l10n.t('Disabled in Restricted Mode: trust this workspace to delete files');
  const category = present ? categorize(present.inspected.record, context.tempGraceMs) : undefined;
  const repairable = category !== undefined && FIXED.includes(category);
  const isEntry = last?.inspected.record.kind === 'entry';
  return {
    delete: present ? state(context.trusted, context.trusted ? vscode.l10n.t('Delete this file (asks first)') : restricted) : state(false, gone),
    repair: state(repairable && context.trusted, !context.trusted && repairable ? restricted : category ? repairTooltips()[category] : '', category !== undefined),
    copyKey: state(isEntry, isEntry ? vscode.l10n.t('Copy the key as hex') : vscode.l10n.t('Only cache entries have a key'), isEntry),
    copyValue: copyValueState(last?.value),
    revealInTree: present ? state(true, vscode.l10n.t('Show this file in the Batpak Cache tree')) : state(false, gone),
    openRaw: present ? state(true, vscode.l10n.t('Open the file in the default editor')) : state(false, gone),
  };
}

function copyValueState(value: ValueSource | null | undefined): ActionState {
  if (!value) return state(false, vscode.l10n.t('This file holds no value'), false);
  if (value.partial) return state(false, tooLargeToCopy(value.length));
  return state(true, value.text === null ? vscode.l10n.t('Copy the value as hex') : vscode.l10n.t('Copy the value exactly as stored'));
}

export async function runAction(action: ActionName, document: EntryDocument): Promise<void> {
  const available = actionStates(document, { trusted: vscode.workspace.isTrusted, tempGraceMs: tempGraceMs() })[action];
  if (!available.enabled) {
    void vscode.window.showInformationMessage(available.tooltip);
    return;
  }
  switch (action) {
    case 'delete':
      return deleteFile(document);
    case 'repair':
      return repair(document);
    case 'copyKey':
      return copyKey(document);
    case 'copyValue':
      return copyValue(document);
    case 'revealInTree':
      return revealInTree(document);
    case 'openRaw':
      await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
      return;
  }
}

/** Copies one node of the JSON tree (by its span in the value) as exact JSON. */
export async function copyJsonNode(document: EntryDocument, revision: number, start: number, end: number): Promise<void> {
  const value = document.lastPresent?.value;
  if (value && revision === document.revision) await copyJsonOf(value, start, end);
}

/** Copies a node of a JSON value (the entry's, or an event's payload) as exact JSON. */
export async function copyJsonOf(value: ValueSource, start: number, end: number): Promise<void> {
  const pretty = end - start <= PRETTY_COPY_LIMIT;
  const json = value.jsonOf(start, end, pretty);
  if (json === undefined) return;
  await vscode.env.clipboard.writeText(json);
  vscode.window.setStatusBarMessage(pretty ? vscode.l10n.t('Copied the JSON node') : vscode.l10n.t('Copied the JSON node as stored (too large to pretty-print)'), 4000);
}

function label(record: FileRecord): string {
  const text =
    record.kind === 'entry'
      ? vscode.l10n.t('cache entry "{0}"', describeKey(Buffer.from(record.keyHex, 'hex'), record.key))
      : record.kind === 'temp'
        ? vscode.l10n.t('temp file {0}', record.name)
        : record.kind === 'claim'
          ? vscode.l10n.t('claimed file {0}', record.name)
          : vscode.l10n.t('file {0}', record.name);
  return text.length > 120 ? `${text.slice(0, 119)}\u2026` : text;
}

function deleteDetail(record: FileRecord, graceMs: number): string {
  if (record.kind === 'temp') {
    return record.ageMs < graceMs
      ? vscode.l10n.t('It is young and may be a write in progress: deleting it makes that write fail.')
      : vscode.l10n.t('batpak never cleans up its orphaned temp files.');
  }
  if (record.kind === 'foreign') return vscode.l10n.t('This file is not batpak\u2019s.');
  if (record.kind === 'claim') return vscode.l10n.t('An interrupted removal left it claimed: deleting it deletes the entry it was, which Repair would put back.');
  if (record.status !== 'ok') return vscode.l10n.t('batpak cannot use it as it is.');
  return vscode.l10n.t('batpak replays the projection on its next read and caches it again.');
}

async function confirmed(message: string, detail: string, button: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}

async function deleteFile(document: EntryDocument): Promise<void> {
  if (document.state.kind !== 'present') return;
  const record = document.state.inspected.record;
  const button = vscode.l10n.t('Delete');
  if (!(await confirmed(vscode.l10n.t('Delete {0}?', label(record)), `${deleteDetail(record, tempGraceMs())}\n\n${document.path}`, button))) return;
  report(await removeFile(document.path), 'deleted', document);
}

async function repair(document: EntryDocument): Promise<void> {
  if (document.state.kind !== 'present') return;
  const record = document.state.inspected.record;
  const graceMs = tempGraceMs();
  const category = categorize(record, graceMs);
  if (!category) return;
  const button = vscode.l10n.t('Repair');
  if (!(await confirmed(vscode.l10n.t('Repair {0}?', label(record)), `${repairTooltips()[category]}.\n\n${document.path}`, button))) return;
  report(await repairFile(document.path, record, graceMs), 'repaired', document);
}

function report(outcome: RemovalOutcome, done: 'deleted' | 'repaired', document: EntryDocument): void {
  const name = path.basename(document.path);
  if (outcome.result === 'deleted') vscode.window.setStatusBarMessage(done === 'deleted' ? vscode.l10n.t('Deleted {0}', name) : vscode.l10n.t('Repaired (deleted) {0}', name), 4000);
  else if (outcome.result === 'restored') vscode.window.setStatusBarMessage(vscode.l10n.t('Repaired: put {0} back under its entry name', name), 4000);
  else if (outcome.result === 'skipped') void vscode.window.showInformationMessage(vscode.l10n.t('{0} was left alone: it changed or disappeared meanwhile.', name));
  else void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete {0}: {1}', name, outcome.reason));
  void document.reload();
}

async function copyKey(document: EntryDocument): Promise<void> {
  const record = document.lastPresent?.inspected.record;
  if (record?.kind !== 'entry') return;
  await vscode.env.clipboard.writeText(record.keyHex);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the key as hex ({0} bytes)', record.keyHex.length / 2), 4000);
}

async function copyValue(document: EntryDocument): Promise<void> {
  const value = document.lastPresent?.value;
  if (!value) return;
  await vscode.env.clipboard.writeText(value.text ?? toHex(value.bytes));
  vscode.window.setStatusBarMessage(value.text === null ? vscode.l10n.t('Copied the value as hex') : vscode.l10n.t('Copied the value'), 4000);
}

async function revealInTree(document: EntryDocument): Promise<void> {
  try {
    await vscode.commands.executeCommand('batpakCache.revealEntry', document.uri);
  } catch (error) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The Batpak Cache tree cannot reveal this file: {0}', (error as Error).message));
  }
}
