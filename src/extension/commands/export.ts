/**
 * *Export…*: the entries of a selection, an entity, a projection group, a shard or a root (as the view's filter shows
 * them) as NDJSON, the `batpak-cache export` format, streamed into a file written aside and renamed into place, with a
 * cancellable progress and a summary. *Copy as Test Fixture*: one entry's file as the small JSON a test writes back.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CacheInputError,
  entryFixture,
  exportLines,
  exportTarget,
  ExportTargetError,
  resolveRoot,
  Selector,
  ValueQuery,
  writeAside,
} from '../../core';
import { formatBytes, formatCount, formatDuration } from '../locale';
import { ProjectionNames } from '../names/projectionNames';
import { RootRegistry } from '../roots';
import { CacheTreeProvider } from '../tree/provider';
import { EntryListNode, EntryNode, Node, RootNode } from '../tree/nodes';
import { booleanArg, filePath, isArgs, parseQuery, pickRoot, rootOfNode, rootPath, stringArg } from './targets';

/** What an export wrote, for the tests and other extensions. */
export interface ExportResult {
  out: string;
  entries: number;
  bytes: number;
  cancelled: boolean;
}

interface ExportScope {
  /** The root as the view shows it. */
  root: string;
  selectors: Selector[];
  where?: ValueQuery;
  /** For the save dialog's file name: `events-cache-61`. */
  name: string;
}

/** The view's filter for a root it shows: its selectors and its query by value. */
async function viewFilter(tree: CacheTreeProvider, registry: RootRegistry, root: string): Promise<Pick<ExportScope, 'selectors' | 'where'>> {
  const filter = tree.currentFilter;
  const state = registry.get(root);
  if (!filter || !state) return { selectors: [] };
  return { selectors: (await filter.keys?.selectors(state)) ?? [], where: filter.where };
}

/** Entries of one root chosen in the view, as a paths selector. */
function selectionScope(entries: EntryNode[]): ExportScope {
  const root = entries[0].rootNode.state.path;
  if (entries.some((entry) => entry.rootNode.state.path !== root)) throw new CacheInputError('bad-argument', vscode.l10n.t('Select entries of one cache root to export them together.'));
  const name = entries.length === 1 ? path.basename(entries[0].record.name, '.bin') : vscode.l10n.t('{0}-selection', path.basename(root));
  return { root, selectors: [{ kind: 'paths', paths: new Set(entries.map((entry) => entry.record.path)) }], name };
}

/**
 * What to export: the selected entries; a shard, entity or group node, or a root, as the view's filter shows it; from
 * the view's title, a root; or `{ root, files?, where? }` (files relative to the root).
 */
async function scopeOf(arg: unknown, selected: unknown, tree: CacheTreeProvider, registry: RootRegistry): Promise<ExportScope | undefined> {
  const chosen = (Array.isArray(selected) && selected.length > 0 ? selected : [arg]).filter((node): node is EntryNode => node instanceof EntryNode);
  if (chosen.length > 0) return selectionScope(chosen);
  if (arg instanceof EntryListNode || arg instanceof RootNode) {
    const root = (rootOfNode(arg) as RootNode).state.path;
    const filter = await viewFilter(tree, registry, root);
    const scope = arg instanceof EntryListNode ? arg.scope() : [];
    return { root, selectors: [...scope, ...filter.selectors], where: filter.where, name: nodeName(arg, root) };
  }
  if (isArgs(arg)) {
    const root = rootPath(arg);
    const files = arg.files;
    if (files !== undefined && (!Array.isArray(files) || !files.every((f) => typeof f === 'string'))) {
      throw new CacheInputError('bad-argument', vscode.l10n.t('Argument "files" must be a list of paths relative to the root: ["<shard>/<name>.bin", …].'));
    }
    const where = stringArg(arg, 'where');
    return { root, selectors: files ? [{ kind: 'paths', paths: new Set(files as string[]) }] : [], where: where === undefined ? undefined : parseQuery(where), name: path.basename(root) };
  }
  if (arg !== undefined && !(arg instanceof Node)) throw new CacheInputError('bad-argument', vscode.l10n.t('Run Export… on a node of the Batpak Cache view, or pass { root, out }.'));
  const root = await pickRoot(tree.shownRoots().map((node) => node.state.path));
  return root === undefined ? undefined : { root, ...(await viewFilter(tree, registry, root)), name: path.basename(root) };
}

function nodeName(node: Node, root: string): string {
  const suffix = node.id.split('|').slice(2).join('-');
  return suffix ? `${path.basename(root)}-${suffix}` : path.basename(root);
}

/** The file to write: `{ out, force? }`, else the save dialog's choice (which asked before replacing a file). */
async function target(arg: unknown, scope: ExportScope, realRoot: string): Promise<string | undefined> {
  let out = isArgs(arg) ? stringArg(arg, 'out') : undefined;
  let replace = isArgs(arg) && booleanArg(arg, 'force', false);
  if (out === undefined) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(scope.root);
    const picked = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(folder, `${scope.name.replace(/[^\w.-]+/g, '_')}.ndjson`)),
      filters: { [vscode.l10n.t('NDJSON')]: ['ndjson', 'jsonl'] },
      saveLabel: vscode.l10n.t('Export'),
      title: vscode.l10n.t('Export Cache Entries as NDJSON'),
    });
    if (!picked) return undefined;
    out = picked.fsPath;
    replace = true;
  }
  try {
    return await exportTarget(out, realRoot, replace);
  } catch (error) {
    if (!(error instanceof ExportTargetError)) throw error;
    const words: Record<typeof error.reason, string> = {
      'no-directory': vscode.l10n.t('Cannot export to {0}: the directory {1} does not exist.', error.file, path.dirname(error.file)),
      'inside-root': vscode.l10n.t('Cannot export to {0}: it is inside the cache root {1}. Choose a file elsewhere.', error.file, realRoot),
      'not-a-file': vscode.l10n.t('Cannot export to {0}: it exists and is not a regular file.', error.file),
      exists: vscode.l10n.t('Cannot export to {0}: it exists. Pass force: true to replace it, or choose another file.', error.file),
      busy: vscode.l10n.t('Cannot export: {0} exists; another export is running, or left it behind.', error.file),
    };
    throw new CacheInputError('bad-argument', words[error.reason]);
  }
}

async function runExport(arg: unknown, selected: unknown, tree: CacheTreeProvider, registry: RootRegistry, names: ProjectionNames): Promise<ExportResult | undefined> {
  const scope = await scopeOf(arg, selected, tree, registry);
  if (!scope) return undefined;
  const realRoot = await resolveRoot(scope.root);
  const out = await target(arg, scope, realRoot);
  if (!out) return undefined;
  const started = performance.now();
  const title = vscode.l10n.t('Exporting cache entries to {0}', path.basename(out));
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    let shown = 0;
    const lines = exportLines(realRoot, {
      selectors: scope.selectors,
      where: scope.where,
      names: names.merged,
      signal: controller.signal,
      onProgress: (p) => {
        const done = p.dirsTotal === 0 ? 100 : (p.dirsDone / p.dirsTotal) * 100;
        progress.report({ message: vscode.l10n.t('{0} entries', formatCount(p.matched)), increment: done - shown });
        shown = done;
      },
    });
    try {
      return { out, ...(await writeAside(out, lines)), cancelled: false };
    } catch (error) {
      if (controller.signal.aborted) return { out, lines: 0, bytes: 0, cancelled: true };
      throw error;
    }
  });
  if (result.cancelled) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Export cancelled: {0} was not written.', out));
    return { out, entries: 0, bytes: 0, cancelled: true };
  }
  const open = vscode.l10n.t('Open');
  const entries = result.lines === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', formatCount(result.lines));
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Exported {0} ({1}) to {2} in {3}.', entries, formatBytes(result.bytes), out, formatDuration(performance.now() - started)), open)
    .then((answer) => answer === open && vscode.commands.executeCommand('vscode.open', vscode.Uri.file(out)));
  return { out, entries: result.lines, bytes: result.bytes, cancelled: false };
}

/** The entry's file as `{ batpakCacheEntry, path, keyHex, fileHex }` on the clipboard; returns the text. */
async function copyAsFixture(arg: unknown): Promise<string> {
  const fixture = await entryFixture(filePath(arg));
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} as a test fixture ({1} file bytes)', fixture.path, formatCount(fixture.fileHex.length / 2)), 4000);
  return text;
}

export function exportCommands(tree: CacheTreeProvider, registry: RootRegistry, names: ProjectionNames): Record<string, (arg?: unknown, selected?: unknown) => unknown> {
  return {
    'batpakCache.export': (arg, selected) => runExport(arg, selected, tree, registry, names),
    'batpakCache.copyAsFixture': (arg) => copyAsFixture(arg),
  };
}
