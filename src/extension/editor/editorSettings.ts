/** The settings the entry editor reads. They are contributed with the cache tree; hand-edited values are checked. */
import * as vscode from 'vscode';
import { DEFAULT_TEMP_GRACE_MS } from '../../core';

function setting(name: string, fallback: number): number {
  const value = vscode.workspace.getConfiguration('batpakCache').get<number>(name, fallback);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** The `max_stale_ms` the editor evaluates `Freshness::MaybeStale` with. */
export const maxStaleMs = (): number => setting('maxStaleMs', 60_000);

/** Temp files younger than this may be writes in progress: Repair leaves them alone. */
export const tempGraceMs = (): number => setting('tempGraceMs', DEFAULT_TEMP_GRACE_MS);

export function affectsEditor(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('batpakCache.maxStaleMs') || event.affectsConfiguration('batpakCache.tempGraceMs');
}
