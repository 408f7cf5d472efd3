/** Commands that only read or change the view: roots, opening, copying, grouping, filtering, paging. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CacheInputError,
  decodeValue,
  inspectFile,
  isPartialValue,
  looksLikeStoreDir,
  parseEntity,
  parseExact,
  prettyJson,
  resolveRoot,
  Selector,
  toHex,
  utf8OrUndefined,
  ValueQuery,
  ValueQueryError,
} from '../../core';
import { RootRegistry } from '../roots';
import * as settings from '../settings';
import { CacheTreeProvider, KeyFilter, ViewFilter } from '../tree/provider';
import { LoadMoreNode, RootNode } from '../tree/nodes';
import { tooLargeToCopy } from '../editor/valueSource';
import { notFresh, prefixSelector } from './destructive';
import { filePath, isArgs, parseQuery, pickRoot, queryProblem, rootPath, stringArg } from './targets';

export const ENTRY_EDITOR = 'batpakCache.entryEditor';

export function browseCommands(registry: RootRegistry, tree: CacheTreeProvider): Record<string, (arg?: unknown) => unknown> {
  return {
    'batpakCache.refresh': (arg?: unknown) => {
      if (arg instanceof RootNode) {
        arg.state.invalidate();
        arg.state.invalidateStore();
        tree.refresh(arg);
      } else {
        registry.reset();
        tree.refresh();
      }
    },

    'batpakCache.addRoot': async (arg?: unknown) => {
      let root = isArgs(arg) ? stringArg(arg, 'root', true) : undefined;
      if (root === undefined) {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Add Cache Root'), title: vscode.l10n.t('Choose the directory passed to Store::open_with_native_cache') });
        if (!picked?.[0]) return undefined;
        root = picked[0].fsPath;
      }
      const real = await resolveRoot(root);
      await settings.updateRoots((roots) => (roots.some((item) => settings.rootSettingPath(item) === real) ? roots : [...roots, real]));
      registry.reset();
      return real;
    },

    'batpakCache.linkStore': async (arg?: unknown) => {
      const root = arg === undefined ? await pickRoot((await registry.roots()).map((state) => state.path)) : rootPath(arg);
      if (root === undefined) return undefined;
      let store = isArgs(arg) ? stringArg(arg, 'store', true) : undefined;
      if (store === undefined) {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: false,
          defaultUri: vscode.Uri.file(path.dirname(root)),
          openLabel: vscode.l10n.t('Link Store'),
          title: vscode.l10n.t("Choose the event store's data directory (the one holding NNNNNN.fbat segments) for {0}", path.basename(root)),
        });
        if (!picked?.[0]) return undefined;
        store = picked[0].fsPath;
      }
      const dir = path.resolve(store);
      if (!looksLikeStoreDir(dir)) {
        throw new CacheInputError('bad-argument', vscode.l10n.t('{0} holds no batpak segment files (NNNNNN.fbat): choose the data directory the service passes to Store::open.', dir));
      }
      const real = await resolveRoot(root);
      const linked: settings.RootSetting = { cache: real, store: dir };
      await settings.updateRoots((roots) => {
        const at = roots.findIndex((item) => settings.rootSettingPath(item) === real);
        return at < 0 ? [...roots, linked] : roots.map((item, i) => (i === at ? linked : item));
      });
      registry.reset();
      return dir;
    },

    'batpakCache.removeRoot': async (arg?: unknown) => {
      const root = rootPath(arg);
      if (arg instanceof RootNode && arg.state.root.source === 'discovered') {
        throw new CacheInputError('bad-root', vscode.l10n.t('{0} was found automatically: turn off batpakCache.discovery to hide discovered roots.', root));
      }
      await settings.updateRoots((roots) => roots.filter((item) => settings.rootSettingPath(item) !== path.resolve(root)));
      registry.reset();
    },

    'batpakCache.openEntry': async (arg?: unknown) => {
      const uri = vscode.Uri.file(filePath(arg));
      await vscode.commands.executeCommand('vscode.openWith', uri, ENTRY_EDITOR, { preview: true });
    },

    'batpakCache.copyKey': async (arg?: unknown) => {
      const name = path.basename(filePath(arg));
      const keyHex = name.endsWith('.bin') ? name.slice(0, -4) : name;
      let format = isArgs(arg) ? stringArg(arg, 'format') : undefined;
      if (format === undefined && !isArgs(arg)) {
        const text = utf8OrUndefined(Buffer.from(keyHex, 'hex'));
        const picks = [{ label: vscode.l10n.t('Hex'), description: keyHex, format: 'hex' }, ...(text === undefined ? [] : [{ label: vscode.l10n.t('Text'), description: JSON.stringify(text), format: 'text' }])];
        format = (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Copy Key As') }))?.format;
        if (!format) return undefined;
      }
      const value = format === 'text' ? Buffer.from(keyHex, 'hex').toString('utf8') : keyHex;
      await vscode.env.clipboard.writeText(value);
      return value;
    },

    'batpakCache.copyValue': async (arg?: unknown) => {
      const inspected = await inspectFile(filePath(arg));
      const value = inspected.value;
      if (!value) throw new CacheInputError('bad-argument', vscode.l10n.t('This file has no value: it is shorter than a trailer (corrupt).'));
      // Only the start of a long value is read: copying it would pass for the whole value.
      if (isPartialValue(inspected)) {
        throw new CacheInputError('bad-argument', tooLargeToCopy(inspected.valueLength));
      }
      const decoded = decodeValue(value);
      const text = decoded.format === 'json' ? prettyJson(parseExact(decoded.json as string)) : (decoded.text ?? toHex(value));
      await vscode.env.clipboard.writeText(text);
      return text;
    },

    'batpakCache.revealInOS': (arg?: unknown) => {
      const target = arg instanceof RootNode ? arg.state.path : filePath(arg);
      return vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(target));
    },

    'batpakCache.setGrouping': async (arg?: unknown) => {
      let value = isArgs(arg) ? stringArg(arg, 'grouping', true) : undefined;
      if (value === undefined) {
        const picks = [
          { label: vscode.l10n.t('Shard'), description: '00 … ff', value: 'shard' },
          { label: vscode.l10n.t('Entity'), description: vscode.l10n.t('one node per entity'), value: 'entity' },
          { label: vscode.l10n.t('Projection group'), description: vscode.l10n.t('type hash · schema · kinds hash'), value: 'group' },
        ].map((p) => ({ ...p, picked: p.value === settings.grouping() }));
        value = (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Group Cache Entries By') }))?.value;
        if (!value) return;
      }
      if (value !== 'shard' && value !== 'entity' && value !== 'group') throw new CacheInputError('bad-argument', vscode.l10n.t('Grouping must be shard, entity or group, not "{0}".', value));
      await settings.setGrouping(value);
      tree.refresh();
    },

    'batpakCache.filter': async (arg?: unknown) => {
      const filter = isArgs(arg) ? filterFromArgs(arg) : await askFilter(tree.currentFilter);
      if (filter) tree.setFilter(filter);
      return filter && tree.filterLabel;
    },

    'batpakCache.clearFilter': () => tree.setFilter(undefined),

    'batpakCache.loadMore': async (node?: unknown) => {
      if (node instanceof LoadMoreNode) await tree.loadMore(node.owner);
    },
  };
}

function olderThanFilter(): KeyFilter {
  return { label: vscode.l10n.t('older than {0} s', settings.maxStaleMs() / 1000), selectors: () => [{ kind: 'olderThan', cutoffUs: BigInt(Date.now() - settings.maxStaleMs()) * 1000n }] };
}

/** Entries that are not fresh against their root's store; a root without a store says how to link one. */
function notFreshFilter(): KeyFilter {
  return {
    label: vscode.l10n.t('not fresh against the store'),
    selectors: async (state) => [notFresh(await state.storeView())],
  };
}

/** `{ where }` and at most one key filter, each as `batpakCache.filter` documents it. */
function filterFromArgs(args: Record<string, unknown>): ViewFilter | undefined {
  const where = stringArg(args, 'where');
  const byKey = ['prefixHex', 'prefixText', 'entity', 'notFresh', 'olderThanMaxStale'].some((name) => args[name] !== undefined);
  return { keys: byKey || where === undefined ? keyFilterFromArgs(args) : undefined, where: where === undefined ? undefined : parseQuery(where) };
}

function keyFilterFromArgs(args: Record<string, unknown>): KeyFilter | undefined {
  if (args.olderThanMaxStale === true) return olderThanFilter();
  if (args.notFresh === true) return notFreshFilter();
  const entity = stringArg(args, 'entity');
  if (entity !== undefined) {
    const bytes = parseEntity(entity);
    return { label: vscode.l10n.t('entity {0}', JSON.stringify(entity)), selectors: () => [{ kind: 'entity', entity: bytes }] };
  }
  return prefixFilter(prefixSelector(args) as Selector);
}

function prefixFilter(selector: Selector): KeyFilter | undefined {
  if (selector.kind !== 'prefix') return undefined;
  const text = utf8OrUndefined(selector.prefix);
  return { label: vscode.l10n.t('prefix {0}', text !== undefined ? JSON.stringify(text) : `0x${toHex(selector.prefix)}`), selectors: () => [selector] };
}

/** Asks for a filter by value (kept with the current filter by key) or by key (kept with the current filter by value). */
async function askFilter(current: ViewFilter | undefined): Promise<ViewFilter | undefined> {
  const kind = (
    await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Key prefix…'), description: vscode.l10n.t('text, or hex starting with 0x'), value: 'prefix' },
        { label: vscode.l10n.t('Entity…'), description: vscode.l10n.t('exactly one entity'), value: 'entity' },
        { label: vscode.l10n.t('Not fresh'), description: vscode.l10n.t('stale, maybe stale, ahead of or unknown to the event store'), value: 'notFresh' },
        { label: vscode.l10n.t('Older than max stale'), description: vscode.l10n.t('cached more than {0} s ago', settings.maxStaleMs() / 1000), value: 'old' },
        { label: vscode.l10n.t('Value…'), description: vscode.l10n.t('what the value holds, e.g. {0}', '{"balance_cents": {"$lt": 0}}'), value: 'value' },
      ],
      { title: vscode.l10n.t('Filter Cache Entries') },
    )
  )?.value;
  if (kind === 'value') {
    const where = await askQuery(current);
    return where && { keys: current?.keys, where };
  }
  const keys = await askKeyFilter(kind);
  return keys && { keys, where: current?.where };
}

async function askKeyFilter(kind: string | undefined): Promise<KeyFilter | undefined> {
  if (kind === 'old') return olderThanFilter();
  if (kind === 'notFresh') return notFreshFilter();
  if (kind === 'entity') {
    const entity = await vscode.window.showInputBox({ title: vscode.l10n.t('Filter by Entity'), prompt: vscode.l10n.t('The entity, e.g. user:42'), validateInput: (t) => (t ? undefined : vscode.l10n.t('Name the entity.')) });
    return entity ? keyFilterFromArgs({ entity }) : undefined;
  }
  if (kind === 'prefix') {
    const selector = await prefixSelector(undefined);
    return selector && prefixFilter(selector);
  }
  return undefined;
}

async function askQuery(current: ViewFilter | undefined): Promise<ValueQuery | undefined> {
  const source = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter by Value'),
    prompt: current?.keys
      ? vscode.l10n.t('A MongoDB-style query on the decoded value ($lt, $in, $exists, $elemMatch…; dotted paths; exact 64-bit integers), among the entries of the filter {0}', current.keys.label)
      : vscode.l10n.t('A MongoDB-style query on the decoded value ($lt, $in, $exists, $elemMatch…; dotted paths; exact 64-bit integers)'),
    value: current?.where?.source ?? '',
    placeHolder: '{"balance_cents": {"$lt": 0}}',
    validateInput: (text) => {
      if (text.trim() === '') return undefined;
      try {
        ValueQuery.parse(text);
        return undefined;
      } catch (error) {
        return error instanceof ValueQueryError ? queryProblem(error, text) : String(error);
      }
    },
  });
  return source?.trim() ? ValueQuery.parse(source) : undefined;
}
