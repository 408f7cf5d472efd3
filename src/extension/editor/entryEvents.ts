/**
 * The Events section's host side: the entry's entity's events from the store the entry was judged against, newest
 * first and a page at a time. Only the page's frames are read (readEntityEvents), never the whole store, and each
 * payload (exact JSON text from the core) is served to the webview's JSON tree as the value is, by a ValueSource.
 */
import * as vscode from 'vscode';
import { EntityEvent, EntryRecord, eventsAfter, formatEventKind, formatMicrosIso, readEntityEvents } from '../../core';
import { formatBytes, formatCount } from '../locale';
import type { Answer, EventRow, EventsInfo, JsonRef, Query } from '../../shared/protocol';
import { MAX_PAGE } from '../../shared/protocol';
import { copyJsonOf } from './entryActions';
import type { StoreJudgement } from './freshness';
import { ValueSource } from './valueSource';

/** Payloads kept for their trees: those of the pages loaded last. */
const MAX_PAYLOADS = 2000;
/** A payload's one-line preview is cut here; the tree shows it whole. */
const PREVIEW_CHARS = 160;

type EventsQuery = Extract<Query, { kind: 'events' }>;
type PayloadQuery = Extract<Query, { kind: 'payloadChildren' }>;

export class EntryEvents {
  readonly info: EventsInfo | null;
  private readonly payloads = new Map<number, ValueSource>();
  private nextHandle = 1;

  /** `storeError`: why the linked store could not be read. */
  constructor(
    private readonly record: EntryRecord | undefined,
    private readonly store: StoreJudgement | undefined,
    storeError?: string,
  ) {
    this.info = this.describe(storeError);
  }

  /** Whether `other` shows the same events: the same entry, the same read of the store, the same start. */
  sameAs(other: EntryEvents): boolean {
    return other.record === this.record && other.store?.view === this.store?.view && JSON.stringify(other.info) === JSON.stringify(this.info);
  }

  private get entity(): Buffer | undefined {
    return this.record?.key.layout === 'raw' ? undefined : this.record?.key.entity;
  }

  private describe(storeError: string | undefined): EventsInfo | null {
    const entity = this.entity;
    if (!this.record || !entity) return null; // a raw key names no entity
    const watermark = this.record.trailer?.watermark.toString() ?? '';
    const none = (state: EventsInfo['state'], message: string): EventsInfo => ({ state, message, watermark, kinds: [], afterOnly: false });
    if (!this.store) {
      if (storeError) return none('unreadable', vscode.l10n.t('The event store cannot be read: {0}', storeError));
      return none(
        'no-store',
        vscode.l10n.t("No event store is linked to this cache root: link one with `Batpak Cache: Link Event Store…` (or keep it beside the cache) to see this entity's events."),
      );
    }
    const history = this.store.view.entities.get(entity.toString('hex'));
    if (!history) return none('no-entity', vscode.l10n.t('The event store {0} has no events for this entity.', this.store.dir));
    const consumed = this.store.consumedKinds;
    const counts = new Map<number, number>();
    for (const kind of history.kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const kinds = [...counts]
      .sort(([a], [b]) => a - b)
      .map(([kind, count]) => ({ kind, label: formatEventKind(kind), relevant: consumed !== null && (consumed.length === 0 || consumed.includes(kind)), count }));
    const after = this.record.trailer ? eventsAfter(history, this.record.trailer.watermark).length : 0;
    const marked =
      consumed === null
        ? vscode.l10n.t('Which kinds the projection consumes is not known.')
        : this.record.key.layout === 'k2'
          ? vscode.l10n.t('The kinds its key\u2019s kinds hash names are marked; the others are dimmed.')
          : vscode.l10n.t('The kinds freshness knows it consumes (the kind at its watermark, and its group\u2019s) are marked; the others are dimmed.');
    const state = this.store.freshness?.state;
    return {
      state: 'events',
      message: vscode.l10n.t('{0} events in the store {1}, {2} after the watermark. {3}', formatCount(history.sequences.length), this.store.dir, formatCount(after), marked),
      watermark,
      kinds,
      afterOnly: state === 'stale' || state === 'maybe-stale',
    };
  }

  answer(query: EventsQuery | PayloadQuery): Answer {
    if (query.kind === 'payloadChildren') {
      const payload = this.payloads.get(query.handle);
      if (!payload) return { kind: 'error', message: vscode.l10n.t('This payload is no longer held: reopen the entry.') };
      return payload.answer({ kind: 'jsonChildren', node: query.node, offset: query.offset, limit: query.limit });
    }
    const entity = this.entity;
    const trailer = this.record?.trailer;
    if (!this.store || !entity) return { kind: 'error', message: vscode.l10n.t('No event store to read events from.') };
    const history = this.store.view.entities.get(entity.toString('hex'));
    const page = readEntityEvents(this.store.view, entity, {
      after: query.afterOnly && trailer ? trailer.watermark : undefined,
      kinds: query.kinds,
      newestFirst: true,
      offset: query.offset,
      limit: Math.min(query.limit, MAX_PAGE),
    });
    if (!page || !history) return { kind: 'events', offset: query.offset, total: 0, rows: [] };
    const after = new Set(trailer ? eventsAfter(history, trailer.watermark).map((i) => history.sequences[i]) : []);
    const kinds = new Map(this.info?.kinds.map((k) => [k.kind, k.relevant]));
    return { kind: 'events', offset: query.offset, total: page.total, rows: page.events.map((event) => this.row(event, after.has(event.sequence), kinds.get(event.kind) ?? false)) };
  }

  /** Copies a node of a payload the webview was shown, as exact JSON. */
  async copy(handle: number, node: JsonRef): Promise<void> {
    const payload = this.payloads.get(handle);
    if (payload) await copyJsonOf(payload, node.start, node.end);
  }

  private row(event: EntityEvent, after: boolean, relevant: boolean): EventRow {
    const iso = event.timestampUs === null ? null : formatMicrosIso(event.timestampUs);
    const detail = [
      vscode.l10n.t('clock {0}', event.clock),
      iso,
      event.eventId && vscode.l10n.t('event {0}', event.eventId),
      event.batch && vscode.l10n.t('batch {0}, item {1} of {2}', event.batch.id, event.batch.index + 1, event.batch.count),
      event.scope && vscode.l10n.t('scope {0}', event.scope),
      event.payloadSize !== null && formatBytes(event.payloadSize),
    ];
    const kind = formatEventKind(event.kind);
    return {
      sequence: String(event.sequence),
      kind: event.tombstone ? vscode.l10n.t('{0} tombstone', kind) : kind,
      relevant,
      after,
      time: event.timestampUs === null ? '' : new Date(event.timestampUs / 1000).toLocaleString(),
      detail: detail.filter((part): part is string => typeof part === 'string' && part !== '').join(' \u00b7 '),
      damage: event.damage && vscode.l10n.t('Damaged ({0}): the frame is not shown.', event.damage),
      preview: event.tombstone ? vscode.l10n.t('Compaction dropped this event and left its place.') : preview(event.payload),
      payload: event.payload === null ? null : this.hold(event.payload),
    };
  }

  private hold(json: string): { handle: number; root: NonNullable<EventRow['payload']>['root'] } | null {
    const source = new ValueSource(Buffer.from(json, 'utf8'));
    const root = source.info().json;
    if (!root) return null;
    const handle = this.nextHandle++;
    this.payloads.set(handle, source);
    if (this.payloads.size > MAX_PAYLOADS) this.payloads.delete(this.payloads.keys().next().value as number);
    return { handle, root };
  }
}

function preview(payload: string | null): string {
  if (payload === null) return '';
  return payload.length > PREVIEW_CHARS ? `${payload.slice(0, PREVIEW_CHARS)}\u2026` : payload;
}
