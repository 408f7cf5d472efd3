/** Commands that delete: each builds a selector from a node or an argument object and runs the purge flow. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CacheInputError,
  checkDeletion,
  deleteFiles,
  diagnose,
  EVERY_ENTRY,
  FIXED,
  parseDuration,
  parseEntity,
  parseGroup,
  parsePrefixHex,
  parsePrefixText,
  parseShard,
  looksLikeCacheRoot,
  Refusal,
  RefusalReason,
  RemovalSummary,
  repair,
  resolveRootForChange,
  Selector,
  StoreView,
  toHex,
  NOT_FRESH,
} from '../../core';
import { formatBytes, formatCount } from '../locale';
import * as settings from '../settings';
import { EntityNode, EntryNode, GroupNode, Node, ProblemFileNode, foreignReasons, ShardNode } from '../tree/nodes';
import { describeError } from '../tree/provider';
import { readStoreOffThread } from '../storeReader';
import { runPurge, showSummary } from './removal';
import { booleanArg, isArgs, numberArg, pickRoot, rootPath, stringArg } from './targets';

/** What the destructive commands need from the rest of the extension. */
export interface DestructiveHost {
  /** Called after anything was deleted under `root`, so the view shows it at once. */
  after(root: string): void;
  /** The event store linked to (or found beside) a root, read. */
  storeFor(root: string): Promise<StoreView | undefined>;
  /** The roots the view shows, for commands run from the Command Palette. */
  shownRoots(): Promise<string[]>;
}

/**
 * A root as the view knows it (`shown`: its nodes' paths, the registry's key, what is refreshed) and as it really is
 * (`real`, symlinks resolved: every deletion works inside it).
 */
interface GuardedRoot {
  shown: string;
  real: string;
}

/** The root of a node or argument object, or (from the Command Palette) one the user picks; undefined if dismissed. */
export async function guardedRoot(arg: unknown, host: DestructiveHost): Promise<GuardedRoot | undefined> {
  if (!vscode.workspace.isTrusted) {
    throw new CacheInputError('bad-root', vscode.l10n.t('Deleting is disabled in Restricted Mode: trust this workspace to purge or repair caches.'));
  }
  const picked = arg === undefined ? await pickRoot(await host.shownRoots()) : rootPath(arg);
  if (picked === undefined) return undefined;
  const shown = path.resolve(picked);
  return { shown, real: await resolveRootForChange(shown) };
}

async function purge(arg: unknown, selector: (root: string) => Promise<Selector | undefined> | Selector | undefined, host: DestructiveHost): Promise<RemovalSummary | undefined> {
  const root = await guardedRoot(arg, host);
  if (!root) return undefined;
  const chosen = await selector(root.shown);
  if (!chosen) return undefined;
  const summary = await runPurge({ root: root.real, selector: chosen, confirm: isArgs(arg) ? booleanArg(arg, 'confirm', true) : true });
  if (summary) host.after(root.shown);
  return summary;
}

/** An input box validator: what the parser found wrong, in the extension's words, or undefined when the text parses. */
function messageOf(parse: (text: string) => unknown): (text: string) => string | undefined {
  return (text) => {
    try {
      parse(text);
      return undefined;
    } catch (error) {
      return describeError(error);
    }
  };
}

/** An empty prefix matches every entry: the command API and the input box refuse it, as the CLI does. */
function nonEmpty(prefix: Buffer): Buffer {
  if (prefix.length === 0) throw new CacheInputError('bad-selector', vscode.l10n.t('The prefix is empty, which would match every entry: type a prefix (Purge All Entries… deletes every entry).'));
  return prefix;
}

/** Text, or hex when it starts with 0x. */
function parseTyped(input: string): Buffer {
  return nonEmpty(/^0x/i.test(input.trim()) ? parsePrefixHex(input) : parsePrefixText(input));
}

async function askPrefix(node: Node | undefined): Promise<Selector | undefined> {
  const value = node instanceof ShardNode ? `0x${node.shard}` : node instanceof EntityNode ? `0x${toHex(node.entity)}00` : '';
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Purge by Key Prefix'),
    prompt: vscode.l10n.t('Key prefix as text (account:1 also matches account:10), or hex starting with 0x.'),
    value,
    validateInput: messageOf(parseTyped),
  });
  return input === undefined ? undefined : { kind: 'prefix', prefix: parseTyped(input) };
}

export function prefixSelector(arg: unknown): Promise<Selector | undefined> | Selector {
  if (isArgs(arg)) {
    const hex = stringArg(arg, 'prefixHex');
    const text = stringArg(arg, 'prefixText');
    if ((hex === undefined) === (text === undefined)) throw new CacheInputError('bad-selector', vscode.l10n.t('Pass exactly one of prefixHex or prefixText.'));
    return { kind: 'prefix', prefix: nonEmpty(hex !== undefined ? parsePrefixHex(hex) : parsePrefixText(text as string)) };
  }
  return askPrefix(arg instanceof Node ? arg : undefined);
}

function entitySelector(arg: unknown): Selector {
  if (arg instanceof EntityNode) return { kind: 'entity', entity: arg.entity };
  if (arg instanceof EntryNode && arg.record.key.entity) return { kind: 'entity', entity: arg.record.key.entity };
  if (isArgs(arg)) return { kind: 'entity', entity: parseEntity(stringArg(arg, 'entity', true)) };
  throw new CacheInputError('bad-selector', vscode.l10n.t('This entry has a raw key, not an entity: use Delete Entry or Purge by Key Prefix.'));
}

function shardSelector(arg: unknown): Selector {
  if (arg instanceof ShardNode) return { kind: 'shard', shard: arg.shard };
  if (isArgs(arg)) return { kind: 'shard', shard: parseShard(stringArg(arg, 'shard', true)) };
  throw new CacheInputError('bad-selector', vscode.l10n.t('Pick a shard node, or pass { root, shard }.'));
}

function groupSelector(arg: unknown): Selector {
  if (arg instanceof GroupNode) return { kind: 'group', typeHash: arg.typeHash, schemaVersion: arg.schemaVersion, kindsHash: arg.kindsHash };
  if (isArgs(arg)) return parseGroup(stringArg(arg, 'group', true));
  throw new CacheInputError('bad-selector', vscode.l10n.t('Pick a projection group node, or pass { root, group: "TYPEHASH:SCHEMA[:KINDS]" }.'));
}

async function olderThanSelector(arg: unknown): Promise<Selector | undefined> {
  let ms = isArgs(arg) ? numberArg(arg, 'olderThanMs') : undefined;
  if (ms === undefined && !isArgs(arg)) {
    const input = await vscode.window.showInputBox({
      title: vscode.l10n.t('Purge Entries Older Than'),
      prompt: vscode.l10n.t('Age, e.g. 90s, 15m, 2h, 7d. Defaults to batpakCache.maxStaleMs.'),
      value: `${settings.maxStaleMs() / 1000}s`,
      validateInput: messageOf(parseDuration),
    });
    if (input === undefined) return undefined;
    ms = parseDuration(input);
  }
  return { kind: 'olderThan', cutoffUs: BigInt(Math.floor(Date.now() - (ms ?? settings.maxStaleMs()))) * 1000n };
}

/** Every entry not fresh against `store`: what the filter shows and the one-click purge deletes. */
export function notFresh(store: StoreView | undefined): Selector {
  if (!store) throw new CacheInputError('bad-root', vscode.l10n.t('No event store is linked to this root: use Link Event Store… on it to see its stale entries.'));
  return { kind: 'freshness', states: NOT_FRESH, store };
}

/** Every entry that is not fresh against the root's store: `{ root, store? }` names the store directory. */
async function notFreshSelector(arg: unknown, root: string, storeFor: DestructiveHost['storeFor']): Promise<Selector> {
  const dir = isArgs(arg) ? stringArg(arg, 'store') : undefined;
  // Off the host's thread, like every other store read.
  return notFresh(dir !== undefined ? await readStoreOffThread(path.resolve(dir)) : await storeFor(root));
}

/**
 * Deletes the selected entries and temp files (multi-select), or `{ root, files: [relative paths], confirm?,
 * allowYoungTemp? }`. Every file is checked before any is removed, and one refused refuses them all.
 */
async function deleteEntries(arg: unknown, selected: unknown, host: DestructiveHost): Promise<RemovalSummary | undefined> {
  const guarded = await guardedRoot(arg, host);
  if (!guarded) return undefined;
  await ensureCacheRoot(guarded);
  const { shown, real: root } = guarded;
  const tempGraceMs = settings.tempGraceMs();
  const check = await checkDeletion(root, namedFiles(arg, selected, shown), { tempGraceMs });
  if (check.refused.length > 0) throw new CacheInputError('bad-argument', refusedMessage(check.refused));
  const young = check.files.filter((file) => file.young).map((file) => file.path);
  const allowYoungTemp = isArgs(arg) && booleanArg(arg, 'allowYoungTemp', false);
  if (!isArgs(arg) || booleanArg(arg, 'confirm', true)) {
    if (!(await confirmDeletion(root, check.files.map((file) => file.path), young, tempGraceMs))) return undefined;
  } else if (young.length > 0 && !allowYoungTemp) {
    throw new CacheInputError('bad-argument', youngMessage(young, tempGraceMs));
  }
  // A young temp file goes only when the dialog named it or the caller allowed it; the others are judged again.
  const summary = await deleteFiles(check.files, { tempGraceMs, allowYoungTemp: young.length > 0 || allowYoungTemp });
  showSummary(summary, 'deleted');
  host.after(shown);
  return summary;
}

/**
 * Delete Entry takes paths one by one: only in a root that looks like a cache root or that the settings name, so that
 * an argument object cannot make any folder (a notes folder beside `docs/`) a root.
 */
async function ensureCacheRoot({ shown, real }: GuardedRoot): Promise<void> {
  if (settings.configuredRoots().some((root) => root.path === shown || root.path === real) || (await looksLikeCacheRoot(real))) return;
  throw new CacheInputError(
    'bad-root',
    vscode.l10n.t('{0} does not look like a cache root (shard directories 00 … ff of .bin files) and is not in batpakCache.roots: Delete Entry deletes nothing there.', shown),
  );
}

/** The files to delete: the argument object's, or the selected entry and problem nodes, relative to the root. */
function namedFiles(arg: unknown, selected: unknown, shown: string): string[] {
  if (isArgs(arg)) {
    const list = arg.files ?? (arg.file !== undefined ? [arg.file] : undefined);
    if (!Array.isArray(list) || list.length === 0 || !list.every((f) => typeof f === 'string')) {
      throw new CacheInputError('bad-argument', vscode.l10n.t('Pass { root, files: ["<shard>/<name>.bin", …] } (paths relative to the root).'));
    }
    return list as string[];
  }
  const nodes = (Array.isArray(selected) && selected.length > 0 ? selected : [arg]).filter((n): n is EntryNode | ProblemFileNode => n instanceof EntryNode || n instanceof ProblemFileNode);
  if (nodes.length === 0) throw new CacheInputError('bad-argument', vscode.l10n.t('Select the entries to delete in the Batpak Cache view first.'));
  return nodes.map((n) => path.relative(shown, n.file).split(path.sep).join('/'));
}

/** The first items of a list and how many more, one a line (or joined by `separator`). */
function listed(items: readonly string[], shown = 10, separator = '\n'): string {
  const more = items.length > shown ? [vscode.l10n.t('… and {0} more', formatCount(items.length - shown))] : [];
  return [...items.slice(0, shown), ...more].join(separator);
}

function refusedMessage(refused: readonly Refusal[]): string {
  const why = (reason: RefusalReason): string =>
    reason === 'outside-shard'
      ? vscode.l10n.t('not a file of a shard directory of the root')
      : reason === 'claim'
        ? vscode.l10n.t('left claimed by an interrupted removal: Repair Cache… puts it back')
        : (foreignReasons()[reason] ?? reason);
  const named = listed(refused.map((r) => `${r.path} (${why(r.reason)})`), 5, '; ');
  return vscode.l10n.t('Delete Entry deletes only cache entries and temp files of shard directories, so nothing was deleted: {0}.', named);
}

/** A grace as people say it: "15 min", "30 s". */
function span(ms: number): string {
  return ms >= 60_000 ? vscode.l10n.t('{0} min', formatCount(Math.round(ms / 60_000))) : vscode.l10n.t('{0} s', formatCount(Math.round(ms / 1000)));
}

function youngMessage(young: readonly string[], tempGraceMs: number): string {
  const named = listed(young, 5, ', ');
  return young.length === 1
    ? vscode.l10n.t('{0} is a temp file younger than {1} (batpakCache.tempGraceMs): a write in progress, perhaps, which deleting it makes fail. Pass allowYoungTemp: true to delete it anyway. Nothing was deleted.', named, span(tempGraceMs))
    : vscode.l10n.t('{0} are temp files younger than {1} (batpakCache.tempGraceMs): writes in progress, perhaps, which deleting them makes fail. Pass allowYoungTemp: true to delete them anyway. Nothing was deleted.', named, span(tempGraceMs));
}

/** The modal of Delete Entry: what goes, and the young temp files by name, which the button then names too. */
async function confirmDeletion(root: string, files: readonly string[], young: readonly string[], tempGraceMs: number): Promise<boolean> {
  const one = files.length === 1;
  const button =
    young.length > 0 ? vscode.l10n.t('Delete, Young Temp Files Included') : one ? vscode.l10n.t('Delete 1 File') : vscode.l10n.t('Delete {0} Files', formatCount(files.length));
  const warning =
    young.length > 0
      ? vscode.l10n.t('Temp files younger than {0}, which may be writes in progress (deleting them makes those writes fail): {1}', span(tempGraceMs), listed(young, 5, ', '))
      : vscode.l10n.t('batpak replays the events to rebuild a deleted entry on its next read.');
  const answer = await vscode.window.showWarningMessage(
    one ? vscode.l10n.t('Delete {0} from {1}?', path.basename(files[0]), root) : vscode.l10n.t('Delete {0} files from {1}?', formatCount(files.length), root),
    { modal: true, detail: `${listed(files)}\n\n${warning}` },
    button,
  );
  return answer === button;
}

async function runRepair(arg: unknown, host: DestructiveHost): Promise<RemovalSummary | undefined> {
  const guarded = await guardedRoot(arg, host);
  if (!guarded) return undefined;
  const { shown, real: root } = guarded;
  const tempGraceMs = (isArgs(arg) ? numberArg(arg, 'tempGraceMs') : undefined) ?? settings.tempGraceMs();
  const diagnosis = await vscode.window.withProgress({ location: { viewId: 'batpakCache.explorer' }, title: vscode.l10n.t('Diagnosing…') }, () => diagnose(root, { tempGraceMs }));
  const c = diagnosis.categories;
  const fixable = FIXED.reduce((sum, category) => sum + c[category].count, 0);
  const leftAlone = vscode.l10n.t('Left alone: {0} young temp files (possibly writes in progress), {1} foreign files', formatCount(c.youngTemp.count), formatCount(c.foreign.count));
  const lines = [
    vscode.l10n.t("{0} corrupt entries (under 16 bytes; batpak's own read deletes them)", formatCount(c.corrupt.count)),
    vscode.l10n.t('{0} orphaned temp files older than {1} min ({2})', formatCount(c.staleTemp.count), Math.round(tempGraceMs / 60000), formatBytes(c.staleTemp.bytes)),
    vscode.l10n.t('{0} misplaced entries (batpak never reads them)', formatCount(c.misplaced.count)),
    ...(c.claim.count > 0 ? [vscode.l10n.t('{0} entries an interrupted removal left claimed: put back under their name, or deleted where they cannot go back', formatCount(c.claim.count))] : []),
    leftAlone,
  ];
  if (fixable === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to repair in {0}. {1}.', root, leftAlone));
    return undefined;
  }
  if (!isArgs(arg) || booleanArg(arg, 'confirm', true)) {
    const button = fixable === 1 ? vscode.l10n.t('Repair (1 File)') : vscode.l10n.t('Repair ({0} Files)', formatCount(fixable));
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Repair {0}?', root), { modal: true, detail: lines.join('\n') }, button);
    if (answer !== button) return undefined;
  }
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Repairing cache'), cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return repair(root, { tempGraceMs, signal: controller.signal });
  });
  showSummary(summary, 'repaired');
  host.after(shown);
  return summary;
}

export function destructiveCommands(host: DestructiveHost): Record<string, (arg?: unknown, selected?: unknown) => Promise<RemovalSummary | undefined>> {
  return {
    'batpakCache.deleteEntry': (arg, selected) => deleteEntries(arg, selected, host),
    'batpakCache.deletePrefix': (arg) => purge(arg, () => prefixSelector(arg), host),
    'batpakCache.purgeAll': (arg) => purge(arg, () => EVERY_ENTRY, host),
    'batpakCache.deleteEntity': (arg) => purge(arg, () => entitySelector(arg), host),
    'batpakCache.purgeShard': (arg) => purge(arg, () => shardSelector(arg), host),
    'batpakCache.purgeGroup': (arg) => purge(arg, () => groupSelector(arg), host),
    'batpakCache.purgeOlderThan': (arg) => purge(arg, () => olderThanSelector(arg), host),
    'batpakCache.purgeNotFresh': (arg) => purge(arg, (root) => notFreshSelector(arg, root, host.storeFor), host),
    'batpakCache.repair': (arg) => runRepair(arg, host),
  };
}

