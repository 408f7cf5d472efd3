/**
 * Commands take either a tree node (menus, clicks) or a plain argument object (keybindings, other extensions,
 * tests). These helpers turn either into what the core needs, rejecting wrong types with a clear message.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CacheInputError, ValueQuery, ValueQueryError } from '../../core';
import { inputProblemText } from '../inputProblems';
import { ENTRY_EDITOR_VIEW_TYPE } from '../editor/entryEditorProvider';
import { EntityNode, EntryNode, GroupNode, Node, ProblemFileNode, RootNode, ShardNode } from '../tree/nodes';

export type Args = Record<string, unknown>;

export function isArgs(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !(value instanceof Node) && !(value instanceof vscode.Uri);
}

export function stringArg(args: Args, name: string, required: true): string;
export function stringArg(args: Args, name: string, required?: false): string | undefined;
export function stringArg(args: Args, name: string, required = false): string | undefined {
  const value = args[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new CacheInputError('bad-argument', required ? vscode.l10n.t('Argument "{0}" must be a string and is required.', name) : vscode.l10n.t('Argument "{0}" must be a string.', name));
  return value;
}

export function booleanArg(args: Args, name: string, fallback: boolean): boolean {
  const value = args[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new CacheInputError('bad-argument', vscode.l10n.t('Argument "{0}" must be true or false.', name));
  return value;
}

export function numberArg(args: Args, name: string): number | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new CacheInputError('bad-argument', vscode.l10n.t('Argument "{0}" must be a non-negative number.', name));
  return value;
}

/** The root a node belongs to. */
export function rootOfNode(node: Node): RootNode | undefined {
  if (node instanceof RootNode) return node;
  if (node instanceof ShardNode || node instanceof EntityNode || node instanceof GroupNode) return node.rootNode;
  if (node instanceof EntryNode || node instanceof ProblemFileNode) return node.rootNode;
  return undefined;
}

/** The root path of a command's argument: a node's root, or `args.root`. */
export function rootPath(arg: unknown): string {
  if (arg instanceof Node) {
    const root = rootOfNode(arg);
    if (root) return root.state.path;
  }
  if (isArgs(arg)) return stringArg(arg, 'root', true);
  throw new CacheInputError('bad-argument', vscode.l10n.t('No cache root given: run the command from a node of the Batpak Cache view, or pass { root }.'));
}

/** Asks which of the view's roots a command is for (run from the Command Palette); undefined when dismissed. */
export async function pickRoot(roots: readonly string[]): Promise<string | undefined> {
  if (roots.length === 0) throw new CacheInputError('bad-root', vscode.l10n.t('No cache roots are shown yet: add one with Add Cache Root… first.'));
  if (roots.length === 1) return roots[0];
  const picks = roots.map((root) => ({ label: path.basename(root) || root, description: root, root }));
  return (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Choose a Cache Root') }))?.root;
}

/** The file of the active entry editor, if the active tab is one. */
export function activeEntryFile(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === ENTRY_EDITOR_VIEW_TYPE ? input.uri.fsPath : undefined;
}

/**
 * The file a command is about: an entry or problem node's file, a Uri, `args.file`, or (run from the Command Palette
 * without one) the active entry editor's.
 */
export function filePath(arg: unknown): string {
  if (arg instanceof EntryNode || arg instanceof ProblemFileNode) return arg.file;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (isArgs(arg)) return stringArg(arg, 'file', true);
  const active = arg === undefined ? activeEntryFile() : undefined;
  if (active !== undefined) return active;
  throw new CacheInputError('bad-argument', vscode.l10n.t('No cache file given: run the command on an entry, or pass { file }.'));
}

/** What is wrong with a query, pointing at the character where it goes wrong when that is known. */
export function queryProblem(error: ValueQueryError, source: string): string {
  const words = inputProblemText(error.query);
  if (error.position === undefined) return words;
  const near = source.slice(Math.max(0, error.position - 10), error.position + 10);
  return vscode.l10n.t('{0} (at character {1}: “{2}”)', words, error.position + 1, near);
}

/** A query from an argument, refused with where it goes wrong. */
export function parseQuery(source: string): ValueQuery {
  try {
    return ValueQuery.parse(source);
  } catch (error) {
    if (error instanceof ValueQueryError) throw new CacheInputError('bad-selector', queryProblem(error, source));
    throw error;
  }
}
