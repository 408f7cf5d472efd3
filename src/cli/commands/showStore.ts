/**
 * `show <entry> --store DIR`: the entry's freshness and the entity's events after its watermark, those of the kinds
 * its projection is known to consume (as freshness counts them: a k2 key's kinds hash, a k1 key's kind at the
 * watermark and its group's), and how many more of other kinds.
 */
import * as path from 'node:path';
import {
  consumedKinds,
  EntityEvent,
  entryFreshness,
  eventToJson,
  formatEventKind,
  formatEventKinds,
  Freshness,
  groupId,
  InspectedFile,
  readEntityEvents,
  rootGroupKinds,
} from '../../core';
import { eventTable } from '../events';
import { counted, fields, safe } from '../output';
import { freshnessCell, freshnessJson, loadStore } from '../store';

export interface WatermarkEvents {
  freshness: Freshness | null;
  /** The kinds listed (null: every kind, as nothing tells which the projection consumes). */
  kinds: number[] | null;
  /** Whether the kinds are exactly the projection's (a k2 key's kinds hash), not only the ones known to be consumed. */
  exact: boolean;
  /** The relevant events after the watermark, oldest first; null when the entry has no entity or watermark. */
  events: EntityEvent[] | null;
  /** Events after the watermark of the other kinds. */
  others: number;
  storeDir: string;
}

export async function eventsAfterWatermark(inspected: InspectedFile, file: string, storeDir: string): Promise<WatermarkEvents> {
  const store = loadStore(storeDir);
  const record = inspected.record;
  const none = { freshness: null, kinds: null, exact: false, events: null, others: 0, storeDir };
  if (record.kind !== 'entry' || !record.key.entity || !record.trailer) return none;
  // A k1 entry is judged with its projection group's hints: the kinds at the watermarks of the root's other entries.
  const root = path.dirname(path.dirname(file));
  const groupKinds = record.key.layout === 'k1' ? await rootGroupKinds(root, store) : undefined;
  const freshness = entryFreshness(record, store, groupKinds);
  const known = consumedKinds(record, store, { groupKinds: groupKinds?.get(groupId(record.key)) });
  const kinds = known?.length === 0 ? null : known;
  const after = record.trailer.watermark;
  const page = readEntityEvents(store, record.key.entity, { after, kinds: known ?? undefined });
  const all = readEntityEvents(store, record.key.entity, { after, limit: 0 })?.total ?? 0;
  const exact = freshness?.relevantKinds !== null && freshness?.relevantKinds !== undefined;
  return { freshness, kinds, exact, events: page?.events ?? null, others: all - (page?.total ?? 0), storeDir };
}

/** The fields `show --json` adds, one a line: freshness, the kinds, the events (as `events --json` writes them). */
export function watermarkEventsJson(found: WatermarkEvents): string {
  const events = found.events === null ? 'null' : `[${found.events.map(eventToJson).join(',')}]`;
  const kinds = found.kinds && found.kinds.map(formatEventKind);
  return [
    `"freshness": ${JSON.stringify(freshnessJson(found.freshness))}`,
    `"consumedKinds": ${JSON.stringify(kinds)}`,
    `"eventsAfterWatermark": ${events}`,
    `"otherEventsAfterWatermark": ${found.others}`,
  ].join(',\n  ');
}

export function renderWatermarkEvents(found: WatermarkEvents, entityHex: string | undefined, watermark: bigint | undefined): string[] {
  const title = `Events after the watermark (${safe(found.storeDir)})`;
  if (!found.freshness) return [title, '  none to show: a raw key or an entry without a trailer has no entity and watermark to compare'];
  if (!found.events) return [title, ...fields([['Freshness', freshnessCell(found.freshness)]], '  '), '  the store has no events of this entity'];
  const lines = [
    title,
    ...fields(
      [
        ['Freshness', freshnessCell(found.freshness)],
        ['Kinds', found.kinds ? formatEventKinds(found.kinds) : 'every kind'],
      ],
      '  ',
    ),
    ...(found.events.length > 0 ? eventTable(found.events).map((line) => `  ${line}`) : ['  none of these kinds']),
  ];
  if (found.others > 0) {
    lines.push(
      `  ${counted(found.others, 'more event')} after the watermark, of kinds ${found.exact ? 'it does not consume' : 'this projection may not consume'}: ` +
        `batpak-cache events '${found.storeDir.replace(/'/g, "'\\''")}' --entity-hex ${entityHex} --after ${watermark}`,
    );
  }
  return lines;
}
