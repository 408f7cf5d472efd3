/**
 * An entity's events as a read-only JSON document (`batpak-cache-events:`), opened from the Event Store node and by
 * Show Entity Events…. A text document rather than a second webview: VS Code's own editor gives search, folding,
 * copying and JSON colouring, and the text is exactly `batpak-cache events --json`'s objects (integers to the digit).
 */
import * as vscode from 'vscode';
import { CacheInputError, describeKey, eventToJson, listStoreEntities, prettyJsonText, readEntityEvents, StoreView } from '../../core';
import { formatCount } from '../locale';
import { StoreEntityNode } from '../tree/nodes';
import { isArgs, stringArg } from '../commands/targets';

export const EVENTS_SCHEME = 'batpak-cache-events';
/** The newest events a document shows: the CLI reads any number. */
const SHOWN = 1000;
/** Entities offered by the quick pick, the most recently appended to first. */
const PICKED = 10_000;

/** Reads (or finds already read) the store in a directory, off the extension host's thread. */
export type StoreOf = (dir: string) => Promise<StoreView>;

export function entityEventsUri(store: string, entity: Buffer): vscode.Uri {
  const name = describeKey(entity, { layout: 'raw' }).replace(/[\\/]/g, '_') || 'entity';
  return vscode.Uri.from({ scheme: EVENTS_SCHEME, path: `/${name}.events.jsonc`, query: new URLSearchParams({ store, entity: entity.toString('hex') }).toString() });
}

export class EntityEventsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly storeOf: StoreOf) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const params = new URLSearchParams(uri.query);
    const dir = params.get('store') ?? '';
    const entity = Buffer.from(params.get('entity') ?? '', 'hex');
    const name = describeKey(entity, { layout: 'raw' });
    const page = readEntityEvents(await this.storeOf(dir), entity, { newestFirst: true, limit: SHOWN });
    if (!page) return `// ${vscode.l10n.t('The event store {0} has no events for {1}.', dir, name)}\n`;
    const shown = page.total > SHOWN ? vscode.l10n.t('the newest {0} shown', formatCount(SHOWN)) : vscode.l10n.t('all shown');
    const header = [
      vscode.l10n.t('{0} in the event store {1}: {2} events, newest first ({3}).', name, dir, formatCount(page.total), shown),
      vscode.l10n.t('The objects of `batpak-cache events --json`: every integer exact. Read-only.'),
    ];
    return `${header.map((line) => `// ${line}`).join('\n')}\n${prettyJsonText(`[${page.events.map(eventToJson).join(',')}]`)}\n`;
  }
}

/**
 * Show Entity Events…: opens an entity's events. From a tree node, from `{ store, entity }` (the entity as text), or
 * from the Command Palette: a quick pick over the linked store's entities (typing filters).
 */
export async function showEntityEvents(arg: unknown, linkedStores: () => Promise<string[]>, storeOf: StoreOf): Promise<vscode.Uri | undefined> {
  let target: { store: string; entity: Buffer } | undefined;
  if (arg instanceof StoreEntityNode) target = { store: arg.owner.dir, entity: arg.entity };
  else if (isArgs(arg)) target = { store: stringArg(arg, 'store', true), entity: Buffer.from(stringArg(arg, 'entity', true), 'utf8') };
  else target = await pickEntity(await linkedStores(), storeOf);
  if (!target) return undefined;
  const uri = entityEventsUri(target.store, target.entity);
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'jsonc');
  await vscode.window.showTextDocument(document, { preview: true });
  return uri;
}

async function pickEntity(stores: string[], storeOf: StoreOf): Promise<{ store: string; entity: Buffer } | undefined> {
  if (stores.length === 0) throw new CacheInputError('bad-root', vscode.l10n.t('No event store is linked to the cache roots shown: use Link Event Store… on a root first.'));
  const store = stores.length === 1 ? stores[0] : (await vscode.window.showQuickPick(stores, { title: vscode.l10n.t('Choose an Event Store') }));
  if (!store) return undefined;
  const entities = listStoreEntities(await storeOf(store)).slice(0, PICKED);
  const picks = entities.map((e) => {
    const entity = Buffer.from(e.entityHex, 'hex');
    const count = e.eventCount === 1 ? vscode.l10n.t('1 event') : vscode.l10n.t('{0} events', formatCount(e.eventCount));
    return { label: describeKey(entity, { layout: 'raw' }), description: `${count} · ${vscode.l10n.t('last #{0}', e.lastSequence)}`, entity };
  });
  const placeHolder = vscode.l10n.t('Type to filter the entities of {0}, the most recently appended to first', store);
  const picked = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Show Entity Events'), placeHolder, matchOnDescription: true });
  return picked && { store, entity: picked.entity };
}
