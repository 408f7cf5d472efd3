/**
 * Clean Up: removes the files of the audit classes chosen (in the overview, or `{ root, classes, confirm }`), through
 * the core's clean-up that `batpak-cache audit --clean` runs. One preview for all the classes: count, bytes, sample.
 */
import * as vscode from 'vscode';
import { AUDIT_CLASSES, AuditClass, CacheInputError, cleanUp, planCleanUp, RemovalSummary } from '../../core';
import { formatBytes, formatCount } from '../locale';
import { RootRegistry } from '../roots';
import { DestructiveHost, guardedRoot } from './destructive';
import { confirmAndRemove } from './removal';
import { booleanArg, isArgs } from './targets';

function classesArg(arg: unknown): AuditClass[] {
  const classes = isArgs(arg) ? arg.classes : undefined;
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => AUDIT_CLASSES.includes(c as AuditClass))) {
    throw new CacheInputError('bad-argument', vscode.l10n.t('Pass { root, classes: [...] } with classes among {0}.', AUDIT_CLASSES.join(', ')));
  }
  return classes as AuditClass[];
}

export async function runCleanUp(arg: unknown, registry: RootRegistry, host: DestructiveHost): Promise<RemovalSummary | undefined> {
  const classes = classesArg(arg);
  const guarded = await guardedRoot(arg, host);
  if (!guarded) return undefined;
  const state = registry.get(guarded.shown);
  if (!state) throw new CacheInputError('bad-root', vscode.l10n.t('{0} is not one of the cache roots shown in the Batpak Cache view: add it first.', guarded.shown));
  // The census the overview shows: the preview counts what it counted, and each file is decided again when removed.
  const census = { ...(await state.census()), root: guarded.real };
  const plan = planCleanUp(census, classes);
  if (plan.count === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to clean up: the audit found no file in {0}.', classes.join(', ')));
    return undefined;
  }
  const store = classes.includes('unknown-entity') || classes.includes('stale') ? await state.storeView() : undefined;
  const what = plan.count === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', formatCount(plan.count));
  const summary = await confirmAndRemove({
    confirm: booleanArg(arg as Record<string, unknown>, 'confirm', true),
    count: plan.count,
    question: vscode.l10n.t('Clean up {0} ({1}) from {2}?', what, formatBytes(plan.bytes), guarded.real),
    button: vscode.l10n.t('Delete {0}', what),
    what: vscode.l10n.t('The audit classes {0}', classes.join(', ')),
    sample: plan.sample,
    note: vscode.l10n.t('batpak replays the events to rebuild a deleted entry on its next read. A file written since the audit stays.'),
    progressTitle: vscode.l10n.t('Cleaning up the cache'),
    execute: (signal, onProgress) => cleanUp(census, classes, { store, signal, onProgress: (s) => onProgress(s.deleted + s.failedCount + s.skipped) }),
  });
  if (summary) host.after(guarded.shown);
  return summary;
}
