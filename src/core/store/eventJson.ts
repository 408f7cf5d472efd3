/**
 * The JSON form of an entity's event: one line of `batpak-cache events --json`, and what a replayer is sent. Written
 * field by field so the payload, already exact JSON text, goes in as it is (integers to the last digit).
 */
import { formatEventKind, formatMicrosIso } from '../human';
import { EntityEvent } from './events';

export function eventToJson(event: EntityEvent): string {
  const fields: Array<[string, unknown]> = [
    ['sequence', event.sequence],
    ['clock', event.clock],
    ['kind', formatEventKind(event.kind)],
    ['timestampUs', event.timestampUs],
    ['time', event.timestampUs === null ? null : formatMicrosIso(event.timestampUs)],
    ['eventId', event.eventId],
    ['correlationId', event.correlationId],
    ['causationId', event.causationId],
    ['entity', event.entity],
    ['scope', event.scope],
    ['payloadSize', event.payloadSize],
    ['batch', event.batch],
    ['tombstone', event.tombstone],
    ['location', event.location],
  ];
  const head = fields.map(([name, value]) => `"${name}":${JSON.stringify(value)}`).join(',');
  return `{${head},"payload":${event.payload ?? 'null'},"damaged":${JSON.stringify(event.damage)}}`;
}
