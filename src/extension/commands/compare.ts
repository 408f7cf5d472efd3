/**
 * Comparing values in VS Code's own diff editor: *Compare Entries* on two selected entries, *Compare with…* an entry
 * of the same entity, projection group or root, and *Compare with Previous Version* against the values an entry
 * editor saw before the service rewrote the entry. The core decides how two values compare (pretty JSON with exact
 * numbers and keys in stored order, else text, else hex); this opens the result and names both sides in the title.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CacheInputError,
  cachedAtMs,
  compareValues,
  ComparedAs,
  describeKey,
  EntryRecord,
  inspectFile,
  isPartialValue,
  LayoutHint,
  listEntries,
  Selector,
  sniffLayout,
} from '../../core';
import { formatAge, formatBytes } from '../locale';
import { ComparisonDocuments } from '../compare/comparisonDocuments';
import { VersionHistory } from '../compare/versionHistory';
import { ProjectionNames } from '../names/projectionNames';
import { EntryNode } from '../tree/nodes';
import { filePath, isArgs, numberArg, stringArg } from './targets';

/** What a comparison opened, for the tests and other extensions: the two documents and how the values compared. */
export interface ComparisonResult {
  left: string;
  right: string;
  as: ComparedAs;
  same: boolean;
  title: string;
}

export interface CompareHost {
  documents: ComparisonDocuments;
  history: VersionHistory;
  names: ProjectionNames;
  /** The key layout of a root the view shows (undefined when it does not show it). */
  layoutOf(root: string): Promise<LayoutHint> | undefined;
}

/** Candidates Compare with… lists per section: enough to find one by typing, few enough to read quickly. */
const PICK_LIMIT = 500;

/** One side of a comparison: the value, and how the title and the tab name it. */
interface Side {
  bytes: Buffer;
  record: EntryRecord & { trailer: NonNullable<EntryRecord['trailer']> };
  /** `account:1 · AccountBalance` */
  name: string;
}

function entryName(record: EntryRecord, names: ProjectionNames): string {
  const key = describeKey(Buffer.from(record.keyHex, 'hex'), record.key) || vscode.l10n.t('(empty key)');
  const projection = names.labelOf(record.key);
  return projection === undefined ? key : `${key} · ${projection}`;
}

/** `wm 41, 2 min ago`: the trailer's facts for a title. */
function trailerFacts(record: Side['record'], now: number): string {
  const ms = cachedAtMs(record.trailer);
  return vscode.l10n.t('wm {0}, {1}', record.trailer.watermark.toString(), ms === undefined ? vscode.l10n.t('cached-at implausible') : formatAge(now - ms));
}

/** An entry's whole value, read now; a file that is no entry, has no value or is too large to read whole is refused. */
async function readSide(file: string, names: ProjectionNames): Promise<Side> {
  const inspected = await inspectFile(file);
  const { record, value } = inspected;
  if (record.kind !== 'entry') throw new CacheInputError('bad-argument', vscode.l10n.t('{0} is not a cache entry: only entries hold a value to compare.', file));
  if (!value || !record.trailer) throw new CacheInputError('bad-argument', vscode.l10n.t('{0} holds no value: it is shorter than a trailer (corrupt).', file));
  if (isPartialValue(inspected)) {
    throw new CacheInputError('bad-argument', vscode.l10n.t('The value of {0} is {1}, too large to compare: compare it with batpak-cache diff.', file, formatBytes(inspected.valueLength)));
  }
  return { bytes: value, record: record as Side['record'], name: entryName(record, names) };
}

async function openDiff(host: CompareHost, left: { bytes: Buffer; name: string }, right: { bytes: Buffer; name: string }, title: string): Promise<ComparisonResult> {
  const compared = compareValues(left.bytes, right.bytes);
  const extension = compared.as === 'json' ? 'json' : 'txt';
  const a = host.documents.add(`${left.name}.${extension}`, compared.a);
  const b = host.documents.add(`${right.name}.${extension}`, compared.b);
  const notes = [
    compared.same && vscode.l10n.t('the same value'),
    compared.as === 'text' && vscode.l10n.t('compared as text: not both JSON'),
    compared.as === 'hex' && vscode.l10n.t('compared as hex: not both text'),
  ].filter((note): note is string => typeof note === 'string');
  const fullTitle = notes.length > 0 ? `${title} (${notes.join('; ')})` : title;
  await vscode.commands.executeCommand('vscode.diff', a, b, fullTitle, { preview: false });
  return { left: a.toString(), right: b.toString(), as: compared.as, same: compared.same, title: fullTitle };
}

async function compareFiles(host: CompareHost, fileA: string, fileB: string): Promise<ComparisonResult> {
  const [a, b] = await Promise.all([readSide(fileA, host.names), readSide(fileB, host.names)]);
  const now = Date.now();
  return openDiff(host, a, b, `${a.name} (${trailerFacts(a.record, now)}) ↔ ${b.name} (${trailerFacts(b.record, now)})`);
}

/** The two entries selected in the view, or `{ files: [a, b] }` (absolute paths). */
function twoFiles(arg: unknown, selected: unknown): [string, string] {
  if (isArgs(arg)) {
    const files = arg.files;
    if (!Array.isArray(files) || files.length !== 2 || !files.every((f) => typeof f === 'string')) {
      throw new CacheInputError('bad-argument', vscode.l10n.t('Pass { files: [a, b] }: the absolute paths of the two entry files to compare.'));
    }
    return [files[0] as string, files[1] as string];
  }
  const entries = (Array.isArray(selected) && selected.length > 0 ? selected : [arg]).filter((node): node is EntryNode => node instanceof EntryNode);
  if (entries.length !== 2) {
    throw new CacheInputError('bad-argument', vscode.l10n.t('Select exactly two entries to compare (Ctrl+click or Cmd+click in the view): {0} selected.', entries.length));
  }
  return [entries[0].file, entries[1].file];
}

interface Candidate extends vscode.QuickPickItem {
  file?: string;
}

/** The entries Compare with… offers for `file`: its entity's other projections and its group's other entities, or (a raw key) its root's. */
async function candidates(host: CompareHost, file: string, record: EntryRecord): Promise<Candidate[]> {
  const root = path.dirname(path.dirname(file));
  const layout = await (host.layoutOf(root) ?? sniffLayout(root, [record.dir]));
  const { key } = record;
  const sections: Array<[string, Selector[]]> =
    key.entity && key.typeHash !== undefined && key.schemaVersion !== undefined
      ? [
          [vscode.l10n.t('Same entity'), [{ kind: 'entity', entity: key.entity }]],
          [vscode.l10n.t('Same projection group'), [{ kind: 'group', typeHash: key.typeHash, schemaVersion: key.schemaVersion, kindsHash: key.kindsHash }]],
        ]
      : [[vscode.l10n.t('Same cache root'), []]];
  const now = Date.now();
  const offered = new Set([record.path]);
  const items: Candidate[] = [];
  for (const [label, selectors] of sections) {
    const records = await (await listEntries(root, { selectors, layout })).page(0, PICK_LIMIT);
    const section = records.filter((r) => r.trailer && !offered.has(r.path));
    if (section.length === 0) continue;
    items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    for (const r of section) {
      offered.add(r.path);
      const projection = host.names.labelOf(r.key);
      const facts = trailerFacts(r as Side['record'], now);
      items.push({ label: describeKey(Buffer.from(r.keyHex, 'hex'), r.key) || vscode.l10n.t('(empty key)'), description: projection ? `${projection} · ${facts}` : facts, file: path.join(root, r.path) });
    }
  }
  return items;
}

/** `{ file, with }`, or an entry (node, editor, Uri) and a quick pick of the entries to compare it with. */
async function compareWith(host: CompareHost, arg: unknown): Promise<ComparisonResult | undefined> {
  const file = filePath(arg);
  let other = isArgs(arg) ? stringArg(arg, 'with') : undefined;
  if (other === undefined) {
    const { record } = await inspectFile(file);
    if (record.kind !== 'entry') throw new CacheInputError('bad-argument', vscode.l10n.t('{0} is not a cache entry: only entries hold a value to compare.', file));
    const items = await candidates(host, file, record);
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No other entry to compare {0} with.', entryName(record, host.names)));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare {0} with…', entryName(record, host.names)), matchOnDescription: true });
    if (!picked?.file) return undefined;
    other = picked.file;
  }
  return compareFiles(host, file, other);
}

/** The current value against one the history kept: `{ file, version }` (0 = the newest) or a quick pick. */
async function compareWithPrevious(host: CompareHost, arg: unknown): Promise<ComparisonResult | undefined> {
  const file = filePath(arg);
  const current = await readSide(file, host.names);
  const versions = host.history.previous(file, current.bytes);
  if (versions.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No earlier value of {0} was seen. While an entry is open in the entry editor, the values it held before the service rewrote it are kept for this comparison.', current.name),
    );
    return undefined;
  }
  const now = Date.now();
  const watermarks = (at: number): string => vscode.l10n.t('wm {0} → {1}', versions[at].watermark?.toString() ?? '?', current.record.trailer.watermark.toString());
  const when = (at: number): string => {
    const { replacedAt, seenAt } = versions[at];
    return replacedAt === undefined ? vscode.l10n.t('last seen {0}', formatAge(now - seenAt)) : vscode.l10n.t('replaced {0}', formatAge(now - replacedAt));
  };
  let index = isArgs(arg) ? (numberArg(arg, 'version') ?? 0) : undefined;
  if (index === undefined) {
    const items = versions.map((version, at) => ({ label: watermarks(at), description: when(at), detail: formatBytes(version.bytes.length), at }));
    index = (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare {0} with an Earlier Value', current.name) }))?.at;
    if (index === undefined) return undefined;
  }
  const version = versions[Math.floor(index)];
  if (!version) throw new CacheInputError('bad-argument', vscode.l10n.t('Argument "version" must be below {0}: the number of earlier values kept.', versions.length));
  const title = vscode.l10n.t('{0}: {1}, {2}', current.name, watermarks(Math.floor(index)), when(Math.floor(index)));
  return openDiff(host, { bytes: version.bytes, name: current.name }, current, title);
}

export function compareCommands(host: CompareHost): Record<string, (arg?: unknown, selected?: unknown) => unknown> {
  return {
    'batpakCache.compareEntries': async (arg, selected) => {
      const [a, b] = twoFiles(arg, selected);
      return compareFiles(host, a, b);
    },
    'batpakCache.compareWith': (arg) => compareWith(host, arg),
    'batpakCache.compareWithPrevious': (arg) => compareWithPrevious(host, arg),
  };
}
