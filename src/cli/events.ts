/** An entity's events on the terminal: the table `events` and `show --store` print, and the words for damage. */
import { EntityEvent, EventDamage, formatEventKind, formatMicrosIso, TOMBSTONE } from '../core';
import { Column, safe, table } from './output';

const DAMAGE: Record<EventDamage, string> = {
  vanished: 'its frame is gone (the store was compacted or truncated since it was read)',
  moved: 'another event is where its frame was (the store was compacted since it was read)',
  crc: 'its frame fails its CRC check',
  undecodable: 'its frame passes its CRC check but does not decode',
  unreadable: 'its segment file cannot be read',
  payload: 'its payload is not MessagePack a JSON value can hold',
};

const COLUMNS: Column[] = [
  { header: 'SEQUENCE', align: 'right' },
  { header: 'CLOCK', align: 'right' },
  { header: 'KIND' },
  { header: 'TIME' },
  { header: 'BATCH' },
  { header: 'PAYLOAD', max: 80 },
];

/** The table of `events` (a header line, a row per event). */
export function eventTable(events: readonly EntityEvent[]): string[] {
  return table(
    COLUMNS,
    events.map((e) => [
      String(e.sequence),
      String(e.clock),
      e.kind === TOMBSTONE ? `${formatEventKind(e.kind)} tombstone` : formatEventKind(e.kind),
      e.timestampUs === null ? '-' : (formatMicrosIso(e.timestampUs) ?? String(e.timestampUs)),
      e.batch ? `${e.batch.index + 1}/${e.batch.count}` : '-',
      e.damage ? `damaged: ${DAMAGE[e.damage]}` : safe(e.payload ?? ''),
    ]),
  );
}
