/** *Name Projection Group…*: names the group of a group node, an entry or an entry editor in batpakCache.groupNames. */
import * as vscode from 'vscode';
import { CacheInputError, GroupId, groupKey, inspectFile, KeyInfo, parseGroup } from '../../core';
import { ProjectionNames } from '../names/projectionNames';
import * as settings from '../settings';
import { EntryNode, GroupNode } from '../tree/nodes';
import { filePath, isArgs, stringArg } from './targets';

function groupOfKey(key: KeyInfo): GroupId {
  if (key.layout === 'raw' || key.typeHash === undefined || key.schemaVersion === undefined) {
    throw new CacheInputError('bad-argument', vscode.l10n.t('This entry has a raw key (written through NativeCache::put): it belongs to no projection group.'));
  }
  return { typeHash: key.typeHash, schemaVersion: key.schemaVersion, ...(key.kindsHash === undefined ? {} : { kindsHash: key.kindsHash }) };
}

/** The group a command's argument is about: a group node's, an entry's (node, Uri or `{ file }`), or `{ group }`. */
async function groupOf(arg: unknown): Promise<GroupId> {
  if (arg instanceof GroupNode) return { typeHash: arg.typeHash, schemaVersion: arg.schemaVersion, ...(arg.kindsHash === undefined ? {} : { kindsHash: arg.kindsHash }) };
  if (arg instanceof EntryNode) return groupOfKey(arg.record.key);
  if (isArgs(arg) && arg.group !== undefined) return parseGroup(stringArg(arg, 'group', true));
  const { record } = await inspectFile(filePath(arg));
  if (record.kind !== 'entry') throw new CacheInputError('bad-argument', vscode.l10n.t('{0} is not a cache entry: only entries belong to a projection group.', record.path));
  return groupOfKey(record.key);
}

/**
 * Asks for the name (or takes `name` from the argument object; empty removes it) and writes it: over the member that
 * names the group already, else as the group's canonical key. Returns the key written, undefined when dismissed.
 */
async function nameGroup(arg: unknown, names: ProjectionNames): Promise<string | undefined> {
  const group = await groupOf(arg);
  const key = names.settingsEntryOf(group)?.key ?? groupKey(group);
  let name = isArgs(arg) ? stringArg(arg, 'name') : undefined;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Name Projection Group'),
      prompt: vscode.l10n.t('A name for the projection group {0}, kept in batpakCache.groupNames. Empty removes it.', key),
      value: names.nameOf(group) ?? '',
    });
    if (name === undefined) return undefined;
  }
  await settings.updateGroupNames({ [key]: name.trim() === '' ? undefined : name.trim() });
  return key;
}

export function nameCommands(names: ProjectionNames): Record<string, (arg?: unknown) => unknown> {
  return { 'batpakCache.nameGroup': (arg?: unknown) => nameGroup(arg, names) };
}
