/** Typed access to the extension's settings, honouring Restricted Mode. */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_STALE_AFTER_EVENTS } from '../core';

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
/** The audit's stale class: entries this many relevant events behind the store, or more. */
export const staleAfterEvents = (): number => Math.floor(numberSetting('staleAfterEvents', DEFAULT_STALE_AFTER_EVENTS, 1));
export const discoveryEnabled = (): boolean => config().get<unknown>('discovery') !== false;

export function grouping(): Grouping {
  const value = config().get<unknown>('grouping');
  return value === 'entity' || value === 'group' ? value : 'shard';
}

export async function setGrouping(value: Grouping): Promise<void> {
  await config().update('grouping', value, vscode.ConfigurationTarget.Global);
}

/** One `batpakCache.roots` item: a cache root path, or `{ cache, store }` to link the event store it was built from. */
export type RootSetting = string | { cache: string; store?: string };

export interface ConfiguredRoot {
  path: string;
  /** The linked store's data directory, when the setting names one. */
  store?: string;
}

function settingPaths(item: unknown): { cache: string; store?: string } | undefined {
  if (typeof item === 'string') return item.trim() ? { cache: item } : undefined;
  if (typeof item !== 'object' || item === null) return undefined;
  const { cache, store } = item as Record<string, unknown>;
  if (typeof cache !== 'string' || !cache.trim()) return undefined;
  return typeof store === 'string' && store.trim() ? { cache, store } : { cache };
}

/**
 * The configured roots, expanded. In Restricted Mode only the user's own settings count: a workspace must not be able
 * to point the extension at directories of its choosing. Items of the wrong shape are ignored.
 */
export function configuredRoots(): ConfiguredRoot[] {
  const inspected = config().inspect<unknown>('roots');
  const layers = vscode.workspace.isTrusted
    ? [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue]
    : [inspected?.globalValue];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const roots = new Map<string, ConfiguredRoot>();
  for (const item of layers.flatMap((layer) => (Array.isArray(layer) ? layer : []))) {
    const paths = settingPaths(item);
    if (!paths) continue;
    const root = expand(paths.cache, folder);
    const store = paths.store === undefined ? undefined : expand(paths.store, folder);
    // A later layer (workspace over user) may add the store link to a root an earlier one listed.
    roots.set(root, { path: root, store: store ?? roots.get(root)?.store });
  }
  return [...roots.values()];
}

function expand(root: string, folder: string | undefined): string {
  let value = root.trim();
  if (folder) value = value.replace(/\$\{workspaceFolder\}/g, folder);
  if (value === '~' || value.startsWith('~/')) value = path.join(os.homedir(), value.slice(1));
  return path.resolve(folder ?? os.homedir(), value);
}

/** The cache path an item names, expanded, for comparing items with roots. */
export function rootSettingPath(item: RootSetting): string | undefined {
  const paths = settingPaths(item);
  return paths && expand(paths.cache, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
}

/** Adds, changes or removes roots in the settings layer that is in use: the workspace's when a folder is open. */
export async function updateRoots(change: (roots: RootSetting[]) => RootSetting[]): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length && vscode.workspace.isTrusted ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config().inspect<unknown>('roots');
  const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
  const list = Array.isArray(current) ? current.filter((item): item is RootSetting => settingPaths(item) !== undefined) : [];
  await config().update('roots', change(list), target);
}

/** `batpakCache.groupNames` as the settings hold it (the user's and the workspace's merged): the core checks it. */
export const groupNamesSetting = (): unknown => config().get<unknown>('groupNames') ?? {};

/**
 * Changes `batpakCache.groupNames` in the layer that is in use (the workspace's when a folder is open: the command line
 * finds it there too), member by member: `undefined` removes a member.
 */
export async function updateGroupNames(members: Record<string, string | undefined>): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config().inspect<unknown>('groupNames');
  const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
  const next: Record<string, unknown> = typeof current === 'object' && current !== null && !Array.isArray(current) ? { ...current } : {};
  for (const [key, name] of Object.entries(members)) {
    if (name === undefined) delete next[key];
    else next[key] = name;
  }
  await config().update('groupNames', Object.keys(next).length > 0 ? next : undefined, target);
}
