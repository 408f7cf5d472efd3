/**
 * Builds what the webview shows for a file: every string is formatted here from the core's facts, so the webview
 * only lays text out. Values that cannot be real (a damaged trailer) are shown raw and flagged, never as dates.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cachedAtMs, describeKey, EntryRecord, FileRecord, FreshnessState, keyToJson, Trailer, trailerWarnings } from '../../core';
import { formatAge, formatBytes, formatCount, formatDate } from '../locale';
import { freshnessPhrase } from '../tree/nodes';
import { actionStates } from './entryActions';
import { EntryDocument, PresentFile } from './entryDocument';
import { fileNotices } from './fileNotices';
import { freshness, StoreJudgement } from './freshness';
import type { Badge, EntryView, Fact, Notice, Section, Tone } from '../../shared/protocol';
import type { ProjectionNames } from '../names/projectionNames';

export interface ViewContext {
  now: number;
  maxStaleMs: number;
  tempGraceMs: number;
  trusted: boolean;
  /** The entry judged against its root's event store, when one is linked. */
  store?: StoreJudgement;
  /** Name the entry's projection group in the header. */
  names: ProjectionNames;
}

function fact(label: string, value: string, options: { mono?: boolean; tone?: Tone; note?: string } = {}): Fact {
  return { label, value, mono: options.mono ?? false, tone: options.tone ?? 'normal', note: options.note ?? null };
}

export function buildEntryView(document: EntryDocument, context: ViewContext): Omit<EntryView, 'events'> {
  const state = document.state;
  const shown = document.lastPresent;
  const base = shown ? presentView(document.path, shown, context) : absentView(document.path);
  const actions = actionStates(document, context);
  if (state.kind === 'missing') {
    const notice: Notice = {
      tone: 'error',
      headline: vscode.l10n.t('Deleted: the file no longer exists.'),
      detail: shown ? vscode.l10n.t('What it held when last read is still shown below.') : vscode.l10n.t('There is nothing to show.'),
    };
    return { ...base, revision: document.revision, badges: [{ text: vscode.l10n.t('deleted'), tone: 'error', tooltip: vscode.l10n.t('The file no longer exists'), jump: false }, ...base.badges], notices: [notice], actions };
  }
  if (state.kind === 'unreadable') {
    return { ...base, revision: document.revision, notices: [{ tone: 'error', headline: vscode.l10n.t('This file cannot be shown.'), detail: state.reason }], actions };
  }
  return { ...base, revision: document.revision, notices: [...fileNotices(state.inspected.record, context.tempGraceMs, state.damage), ...partialValueNotices(document.path, state)], actions };
}

/** A value longer than the core reads is said so, with a way to see the rest. */
function partialValueNotices(file: string, present: PresentFile): Notice[] {
  const value = present.value;
  if (!value?.partial) return [];
  return [
    {
      tone: 'info',
      headline: vscode.l10n.t('Showing the first {0} of a {1} value: it is too large to read whole.', formatBytes(value.bytes.length), formatBytes(value.length)),
      detail: vscode.l10n.t('It is not decoded as JSON or text. To see the rest: xxd -s {0} -l {1} {2} | less', value.bytes.length, value.length - value.bytes.length, JSON.stringify(file)),
    },
  ];
}

type ViewBody = Omit<EntryView, 'revision' | 'notices' | 'actions' | 'events'>;

function absentView(file: string): ViewBody {
  return { title: path.basename(file), subtitle: file, badges: [], sections: [{ title: vscode.l10n.t('File'), facts: [fact(vscode.l10n.t('Path'), file, { mono: true })] }], freshness: null, value: null };
}

function presentView(file: string, present: PresentFile, context: ViewContext): ViewBody {
  const record = present.inspected.record;
  const value = present.value?.info() ?? null;
  const fileSection: Section = { title: vscode.l10n.t('File'), facts: fileFacts(file, record, context.now) };
  if (record.kind !== 'entry') {
    const [kind, subtitle, badge] = {
      temp: [vscode.l10n.t('Temp file'), vscode.l10n.t('Temp file in {0}/', record.dir), vscode.l10n.t('temp file')],
      claim: [vscode.l10n.t('Claimed by an interrupted removal'), vscode.l10n.t('Claimed entry in {0}/', record.dir), vscode.l10n.t('claimed')],
      foreign: [vscode.l10n.t('Not a batpak file'), vscode.l10n.t('Not a batpak file in {0}/', record.dir), vscode.l10n.t('foreign')],
    }[record.kind];
    return {
      title: record.name,
      subtitle,
      badges: [{ text: badge, tone: 'warning', tooltip: kind, jump: false }],
      sections: [fileSection],
      freshness: null,
      value,
    };
  }
  const key = Buffer.from(record.keyHex, 'hex');
  const trailer = record.trailer;
  return {
    title: describeKey(key, record.key),
    subtitle: record.key.layout === 'raw' ? vscode.l10n.t('Raw key (NativeCache::put)') : projectionSubtitle(record, context.names),
    badges: [...entryBadges(record), ...storeBadges(context.store)],
    sections: [{ title: vscode.l10n.t('Key'), facts: keyFacts(record) }, ...(trailer ? [{ title: vscode.l10n.t('Trailer'), facts: trailerFacts(trailer, context.now) }] : []), fileSection],
    // batpak never reads a misplaced entry, so no read path applies to it.
    freshness: trailer && record.status === 'ok' ? freshness(record, trailer, context.maxStaleMs, context.now, context.store, present.damage !== undefined) : null,
    value,
  };
}

/** "Entity · AccountBalance", or the short group when nothing names it: which of the entity's projections this is. */
function projectionSubtitle(record: EntryRecord, names: ProjectionNames): string {
  const name = names.nameOf(record.key);
  return name === undefined ? vscode.l10n.t('Entity · projection {0}', names.labelOf(record.key) ?? '') : vscode.l10n.t('Entity · {0}', name);
}

function entryBadges(record: EntryRecord): Badge[] {
  const badges: Badge[] = [];
  const layouts = {
    k1: vscode.l10n.t('k1 key: batpak 0.3.0 to 0.6.0'),
    k2: vscode.l10n.t('k2 key: batpak 0.6.x to 0.10.x'),
    raw: vscode.l10n.t('Raw key, written through NativeCache::put'),
  };
  badges.push({ text: record.key.layout === 'raw' ? vscode.l10n.t('raw key') : record.key.layout, tone: 'muted', tooltip: layouts[record.key.layout], jump: false });
  if (record.trailer) {
    const v2 = record.trailer.format === 'v2';
    badges.push({ text: vscode.l10n.t('trailer {0}', record.trailer.format), tone: 'muted', tooltip: v2 ? vscode.l10n.t('40-byte trailer with magic') : vscode.l10n.t('16-byte legacy trailer'), jump: false });
  }
  if (record.status !== 'ok') badges.push({ text: record.status, tone: 'error', tooltip: record.problem ?? record.status, jump: false });
  if (record.warnings.some((w) => w === 'cached-at-implausible' || w === 'boot-after-cached-at')) {
    badges.push({ text: vscode.l10n.t('damaged trailer'), tone: 'warning', tooltip: vscode.l10n.t('The trailer holds values that cannot be real'), jump: false });
  }
  return badges;
}

const FRESHNESS_TONES: Record<FreshnessState, Tone> = { fresh: 'ok', stale: 'warning', 'maybe-stale': 'warning', ahead: 'error', 'unknown-entity': 'error' };

/** "stale by 3 events" at a glance, as the tree says it; the freshness block says which kinds and why. */
function storeBadges(store: StoreJudgement | undefined): Badge[] {
  const judged = store?.freshness;
  if (!judged) return [];
  const tooltip = vscode.l10n.t('Against the event store {0}', store.dir);
  // A stale entry's badge jumps to the events it has not folded.
  const jump = judged.state === 'stale' || judged.state === 'maybe-stale';
  return [{ text: freshnessPhrase(judged), tone: FRESHNESS_TONES[judged.state], tooltip: jump ? vscode.l10n.t('{0} · click to see them in Events', tooltip) : tooltip, jump }];
}

function keyFacts(record: EntryRecord): Fact[] {
  const json = keyToJson(record.key);
  const keyHex = fact(vscode.l10n.t('Key (hex)'), record.keyHex === '' ? vscode.l10n.t('(empty key)') : record.keyHex, {
    mono: true,
    note: vscode.l10n.t('{0} bytes', formatCount(record.keyHex.length / 2)),
  });
  if (record.key.layout === 'raw' || !record.key.entity) {
    return [fact(vscode.l10n.t('Layout'), 'raw', { note: vscode.l10n.t('Not a Store::project key: written through NativeCache::put') }), keyHex];
  }
  const entity = describeKey(record.key.entity, record.key);
  const facts = [
    fact(vscode.l10n.t('Entity'), entity, { mono: entity !== json.entity }),
    fact(vscode.l10n.t('Layout'), record.key.layout, {
      note:
        record.key.layout === 'k2'
          ? vscode.l10n.t('entity, 0x00, type hash, schema version, kinds hash (batpak 0.6.x to 0.10.x)')
          : vscode.l10n.t('entity, 0x00, type hash, schema version (batpak 0.3.0 to 0.6.0)'),
    }),
    fact(vscode.l10n.t('Type hash'), json.typeHash ?? '', { mono: true, note: vscode.l10n.t('Hash of the Rust TypeId: opaque, changes with the compiler') }),
    fact(vscode.l10n.t('Schema version'), json.schemaVersion ?? '', { mono: true }),
  ];
  if (json.kindsHash) facts.push(fact(vscode.l10n.t('Kinds hash'), json.kindsHash, { mono: true, note: vscode.l10n.t("Hash of the projection's relevant event kinds") }));
  facts.push(keyHex);
  return facts;
}

function trailerFacts(trailer: Trailer, now: number): Fact[] {
  const facts = [
    fact(vscode.l10n.t('Format'), trailer.format, {
      note: trailer.format === 'v2' ? vscode.l10n.t('40 bytes ending in the magic (batpak 0.6.x to 0.10.x)') : vscode.l10n.t('16 bytes (batpak 0.3.0 to 0.6.0)'),
    }),
    fact(vscode.l10n.t('Watermark'), trailer.watermark.toString(), { mono: true, note: vscode.l10n.t("Global sequence number of the entity's last relevant event when cached") }),
    cachedAtFact(trailer, now),
  ];
  if (trailer.format === 'v2') {
    const mono = trailer.cachedAtMonoNs ?? 0n;
    facts.push(
      fact(vscode.l10n.t('Monotonic clock'), mono === 0n ? vscode.l10n.t('none (0)') : `${mono} ns`, {
        mono: true,
        note: vscode.l10n.t('Reading of the writing process\u2019s monotonic clock at caching time'),
      }),
    );
    facts.push(bootFact(trailer));
  }
  return facts;
}

function cachedAtFact(trailer: Trailer, now: number): Fact {
  const ms = cachedAtMs(trailer);
  if (ms === undefined) {
    return fact(vscode.l10n.t('Cached at'), vscode.l10n.t('{0} \u00b5s since 1970', String(trailer.cachedAtUs)), {
      mono: true,
      tone: 'warning',
      note: vscode.l10n.t('Implausible: no real write happened then, so the trailer is probably damaged'),
    });
  }
  const date = new Date(ms);
  return fact(vscode.l10n.t('Cached at'), formatDate(date), { note: `${date.toISOString()} \u00b7 ${formatAge(now - ms)}` });
}

function bootFact(trailer: Trailer): Fact {
  const bootNs = trailer.processBootNs ?? 0n;
  if (bootNs === 0n) return fact(vscode.l10n.t('Process boot'), vscode.l10n.t('none (0)'), { mono: true });
  // A boot time is only as believable as the rest of the trailer.
  if (trailerWarnings(trailer).length > 0) {
    const afterCachedAt = trailerWarnings(trailer).includes('boot-after-cached-at');
    return fact(vscode.l10n.t('Process boot'), vscode.l10n.t('{0} ns since 1970', String(bootNs)), {
      mono: true,
      tone: 'warning',
      note: afterCachedAt ? vscode.l10n.t('After cached_at, which cannot be real') : vscode.l10n.t('Not trusted: the trailer is damaged'),
    });
  }
  const boot = new Date(Number(bootNs / 1_000_000n));
  return fact(vscode.l10n.t('Process boot'), formatDate(boot), { note: vscode.l10n.t('{0} \u00b7 when the writing process started', boot.toISOString()) });
}

function fileFacts(file: string, record: FileRecord, now: number): Fact[] {
  const facts = [fact(vscode.l10n.t('Path'), file, { mono: true }), fact(vscode.l10n.t('Size'), formatBytes(record.size), { note: vscode.l10n.t('{0} bytes', formatCount(record.size)) })];
  if (record.kind === 'entry' && record.valueLength !== null) {
    facts.push(fact(vscode.l10n.t('Value'), formatBytes(record.valueLength), { note: vscode.l10n.t('{0} bytes before the trailer', formatCount(record.valueLength)) }));
  }
  const modified = record.mtimeMs;
  if (modified !== undefined) facts.push(fact(vscode.l10n.t('Modified'), formatDate(new Date(modified)), { note: formatAge(now - modified) }));
  return facts;
}
