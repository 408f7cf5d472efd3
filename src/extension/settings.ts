/** Typed access to the extension's settings, honouring Restricted Mode. */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export type Grouping = 'shard' | 'entity' | 'group';

const SECTION = 'batpakCache';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** A number setting, falling back to the default when the value has the wrong type (settings.json is hand-edited). */
function numberSetting(name: string, fallback: number, min = 0): number {
  const value = config().get<unknown>(name);
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

export const maxStaleMs = (): number => numberSetting('maxStaleMs', 60_000);
export const pageSize = (): number => Math.floor(numberSetting('pageSize', 500, 1));
export const tempGraceMs = (): number => numberSetting('tempGraceMs', 15 * 60_000);
export const discoveryEnabled = (): boolean => config().get<unknown>('discovery') !== false;

export function grouping(): Grouping {
  const value = config().get<unknown>('grouping');
  return value === 'entity' || value === 'group' ? value : 'shard';
}

export async function setGrouping(value: Grouping): Promise<void> {
  await config().update('grouping', value, vscode.ConfigurationTarget.Global);
}

/**
 * The configured roots, expanded. In Restricted Mode only the user's own settings count: a workspace must not be able
 * to point the extension at directories of its choosing.
 */
export function configuredRoots(): string[] {
  const inspected = config().inspect<unknown>('roots');
  const layers = vscode.workspace.isTrusted
    ? [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue]
    : [inspected?.globalValue];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const roots = layers.flatMap((layer) => (Array.isArray(layer) ? layer : [])).filter((r): r is string => typeof r === 'string' && r.trim() !== '');
  return [...new Set(roots.map((r) => expand(r, folder)))];
}

function expand(root: string, folder: string | undefined): string {
  let value = root.trim();
  if (folder) value = value.replace(/\$\{workspaceFolder\}/g, folder);
  if (value === '~' || value.startsWith('~/')) value = path.join(os.homedir(), value.slice(1));
  return path.resolve(folder ?? os.homedir(), value);
}

/** Adds or removes a root in the settings layer that is in use: the workspace's when a folder is open. */
export async function updateRoots(change: (roots: string[]) => string[]): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length && vscode.workspace.isTrusted ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config().inspect<unknown>('roots');
  const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
  const list = Array.isArray(current) ? current.filter((r): r is string => typeof r === 'string') : [];
  await config().update('roots', change(list), target);
}
