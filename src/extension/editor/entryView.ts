/**
 * Builds what the webview shows for a file: every string is formatted here from the core's facts, so the webview
 * only lays text out. Values that cannot be real (a damaged trailer) are shown raw and flagged, never as dates.
 */
import * as path from 'node:path';
import { cachedAtMs, describeKey, EntryRecord, FileRecord, formatAge, formatBytes, formatCount, keyToJson, Trailer, trailerWarnings } from '../../core';
import { actionStates } from './entryActions';
import { EntryDocument, PresentFile } from './entryDocument';
import { fileNotices } from './fileNotices';
import { freshness } from './freshness';
import type { Badge, EntryView, Fact, Notice, Section, Tone } from './protocol';

export interface ViewContext {
  now: number;
  maxStaleMs: number;
  tempGraceMs: number;
  trusted: boolean;
}

function fact(label: string, value: string, options: { mono?: boolean; tone?: Tone; note?: string } = {}): Fact {
  return { label, value, mono: options.mono ?? false, tone: options.tone ?? 'normal', note: options.note ?? null };
}

export function buildEntryView(document: EntryDocument, context: ViewContext): EntryView {
  const state = document.state;
  const shown = document.lastPresent;
  const base = shown ? presentView(document.path, shown, context) : absentView(document.path);
  const actions = actionStates(document, context);
  if (state.kind === 'missing') {
    const notice: Notice = {
      tone: 'error',
      headline: 'Deleted: the file no longer exists.',
      detail: shown ? 'What it held when last read is still shown below.' : 'There is nothing to show.',
    };
    return { ...base, revision: document.revision, badges: [{ text: 'deleted', tone: 'error', tooltip: 'The file no longer exists' }, ...base.badges], notices: [notice], actions };
  }
  if (state.kind === 'unreadable') {
    return { ...base, revision: document.revision, notices: [{ tone: 'error', headline: 'This file cannot be shown.', detail: state.reason }], actions };
  }
  return { ...base, revision: document.revision, notices: fileNotices(state.inspected.record, context.tempGraceMs), actions };
}

type ViewBody = Omit<EntryView, 'revision' | 'notices' | 'actions'>;

function absentView(file: string): ViewBody {
  return { title: path.basename(file), subtitle: file, badges: [], sections: [{ title: 'File', facts: [fact('Path', file, { mono: true })] }], freshness: null, value: null };
}

function presentView(file: string, present: PresentFile, context: ViewContext): ViewBody {
  const record = present.inspected.record;
  const value = present.value?.info() ?? null;
  const fileSection: Section = { title: 'File', facts: fileFacts(file, record, context.now) };
  if (record.kind !== 'entry') {
    const kind = record.kind === 'temp' ? 'Temp file' : 'Not a batpak file';
    return {
      title: record.name,
      subtitle: `${kind} in ${record.dir}/`,
      badges: [{ text: record.kind === 'temp' ? 'temp file' : 'foreign', tone: 'warning', tooltip: kind }],
      sections: [fileSection],
      freshness: null,
      value,
    };
  }
  const key = Buffer.from(record.keyHex, 'hex');
  const trailer = record.trailer;
  return {
    title: describeKey(key, record.key),
    subtitle: record.key.layout === 'raw' ? 'Raw key (NativeCache::put)' : 'Entity',
    badges: entryBadges(record),
    sections: [{ title: 'Key', facts: keyFacts(record) }, ...(trailer ? [{ title: 'Trailer', facts: trailerFacts(trailer, context.now) }] : []), fileSection],
    // batpak never reads a misplaced entry, so no read path applies to it.
    freshness: trailer && record.status === 'ok' ? freshness(record, trailer, context.maxStaleMs, context.now) : null,
    value,
  };
}

function entryBadges(record: EntryRecord): Badge[] {
  const badges: Badge[] = [];
  const layouts = { k1: 'k1 key: batpak 0.3.0 to 0.6.0', k2: 'k2 key: batpak 0.6.x to 0.10.x', raw: 'Raw key, written through NativeCache::put' };
  badges.push({ text: record.key.layout === 'raw' ? 'raw key' : record.key.layout, tone: 'muted', tooltip: layouts[record.key.layout] });
  if (record.trailer) badges.push({ text: `trailer ${record.trailer.format}`, tone: 'muted', tooltip: record.trailer.format === 'v2' ? '40-byte trailer with magic' : '16-byte legacy trailer' });
  if (record.status !== 'ok') badges.push({ text: record.status, tone: 'error', tooltip: record.problem ?? record.status });
  if (record.warnings.some((w) => w === 'cached-at-implausible' || w === 'boot-after-cached-at')) {
    badges.push({ text: 'damaged trailer', tone: 'warning', tooltip: 'The trailer holds values that cannot be real' });
  }
  return badges;
}

function keyFacts(record: EntryRecord): Fact[] {
  const json = keyToJson(record.key);
  const keyHex = fact('Key (hex)', record.keyHex === '' ? '(empty key)' : record.keyHex, { mono: true, note: `${formatCount(record.keyHex.length / 2)} bytes` });
  if (record.key.layout === 'raw' || !record.key.entity) {
    return [fact('Layout', 'raw', { note: 'Not a Store::project key: written through NativeCache::put' }), keyHex];
  }
  const entity = describeKey(record.key.entity, record.key);
  const facts = [
    fact('Entity', entity, { mono: entity !== json.entity }),
    fact('Layout', record.key.layout, {
      note: record.key.layout === 'k2' ? 'entity, 0x00, type hash, schema version, kinds hash (batpak 0.6.x to 0.10.x)' : 'entity, 0x00, type hash, schema version (batpak 0.3.0 to 0.6.0)',
    }),
    fact('Type hash', json.typeHash ?? '', { mono: true, note: 'Hash of the Rust TypeId: opaque, changes with the compiler' }),
    fact('Schema version', json.schemaVersion ?? '', { mono: true }),
  ];
  if (json.kindsHash) facts.push(fact('Kinds hash', json.kindsHash, { mono: true, note: "Hash of the projection's relevant event kinds" }));
  facts.push(keyHex);
  return facts;
}

function trailerFacts(trailer: Trailer, now: number): Fact[] {
  const facts = [
    fact('Format', trailer.format, { note: trailer.format === 'v2' ? '40 bytes ending in the magic (batpak 0.6.x to 0.10.x)' : '16 bytes (batpak 0.3.0 to 0.6.0)' }),
    fact('Watermark', trailer.watermark.toString(), { mono: true, note: "Global sequence number of the entity's last relevant event when cached" }),
    cachedAtFact(trailer, now),
  ];
  if (trailer.format === 'v2') {
    const mono = trailer.cachedAtMonoNs ?? 0n;
    facts.push(fact('Monotonic clock', mono === 0n ? 'none (0)' : `${mono} ns`, { mono: true, note: 'Reading of the writing process\u2019s monotonic clock at caching time' }));
    facts.push(bootFact(trailer));
  }
  return facts;
}

function cachedAtFact(trailer: Trailer, now: number): Fact {
  const ms = cachedAtMs(trailer);
  if (ms === undefined) {
    return fact('Cached at', `${trailer.cachedAtUs} \u00b5s since 1970`, { mono: true, tone: 'warning', note: 'Implausible: no real write happened then, so the trailer is probably damaged' });
  }
  const date = new Date(ms);
  return fact('Cached at', date.toLocaleString(), { note: `${date.toISOString()} \u00b7 ${formatAge(now - ms)}` });
}

function bootFact(trailer: Trailer): Fact {
  const bootNs = trailer.processBootNs ?? 0n;
  if (bootNs === 0n) return fact('Process boot', 'none (0)', { mono: true });
  // A boot time is only as believable as the rest of the trailer.
  if (trailerWarnings(trailer).length > 0) {
    const afterCachedAt = trailerWarnings(trailer).includes('boot-after-cached-at');
    return fact('Process boot', `${bootNs} ns since 1970`, { mono: true, tone: 'warning', note: afterCachedAt ? 'After cached_at, which cannot be real' : 'Not trusted: the trailer is damaged' });
  }
  const boot = new Date(Number(bootNs / 1_000_000n));
  return fact('Process boot', boot.toLocaleString(), { note: `${boot.toISOString()} \u00b7 when the writing process started` });
}

function fileFacts(file: string, record: FileRecord, now: number): Fact[] {
  const facts = [fact('Path', file, { mono: true }), fact('Size', formatBytes(record.size), { note: `${formatCount(record.size)} bytes` })];
  if (record.kind === 'entry' && record.valueLength !== null) facts.push(fact('Value', formatBytes(record.valueLength), { note: `${formatCount(record.valueLength)} bytes before the trailer` }));
  facts.push(fact('Modified', new Date(record.mtimeMs).toLocaleString(), { note: formatAge(now - record.mtimeMs) }));
  return facts;
}
