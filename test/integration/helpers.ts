/** Shared by the integration suites: the opened test workspace, the activated extension and what its tree shows. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { Node, RootNode } from '../../src/extension/tree/nodes';
import { fixturesDir } from '../unit/helpers';

export const EXTENSION_ID = 'batpak-tools.batpak-cache-explorer';

/** The folder of the opened test workspace, where discovery looks for caches. */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri.fsPath;
}

/** A fresh copy of a fixture's cache or store at `target` in the workspace (where discovery finds a cache). */
export function place(scenario: string, part: 'cache' | 'store', target: string): string {
  const dir = path.join(workspaceDir(), target);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(fixturesDir, scenario, part), dir, { recursive: true });
  return dir;
}

/** Activates the extension under test and returns its API. */
export async function activateExtension(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

/** The root node the view shows for the cache directory `dir`. */
export async function shownRoot(api: ExtensionApi, dir: string): Promise<RootNode> {
  const found = (await api.tree.getChildren()).find((n) => (n as RootNode).state?.path === dir);
  assert.ok(found, `root ${dir} is shown`);
  return found as RootNode;
}

/** A tree node's label as the view shows it. */
export function nodeLabel(api: ExtensionApi, node: Node): string {
  const item = api.tree.getTreeItem(node);
  return String(typeof item.label === 'object' ? item.label.label : item.label);
}

/**
 * What the webview's DOM holds that the editor never creates itself: markup smuggled in by data would show here. The
 * only scripts allowed are the editor's bundle and the acquireVsCodeApi shim VS Code injects.
 */
export const INJECTED = `({
  scripts: [...document.scripts].filter((s) => !s.src.endsWith('/dist/editor/editor.js') && !s.textContent.includes('globalThis.acquireVsCodeApi')).length,
  imgs: document.querySelectorAll('img').length,
  svgs: document.querySelectorAll('svg').length,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length })`;
