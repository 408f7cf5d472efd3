/** `batpak-cache events <store-dir>`: one entity's events from the store, decoded, in stream order. */
import { Command, InvalidArgumentError } from 'commander';
import { CacheInputError, eventToJson, readEntityEvents } from '../../core';
import { eventTable } from '../events';
import { formatCount } from '../locale';
import { counted, safe, write, writeLines } from '../output';
import { once } from '../selection';
import { loadStoreArgument } from '../store';

interface EventsFlags {
  entity?: string;
  entityHex?: string;
  after?: bigint;
  kinds?: number[];
  limit?: number;
  json?: boolean;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description("one entity's events from an event store, decoded (payloads as exact JSON), oldest first")
    .argument('<store-dir>', "the event store's data directory (NNNNNN.fbat segments)")
    .option('--entity <text>', 'the entity, as text', once('--entity'))
    .option('--entity-hex <hex>', "the entity's bytes in hex (0x and spaces allowed)", once('--entity-hex'))
    .option('--after <sequence>', 'only the events after this global sequence (an entry\'s watermark)', parseAfter)
    .option('--kinds <list>', 'only these event kinds, comma-separated: 0x2001,0x2002', parseKinds)
    .option('--limit <n>', 'at most N events (the first N)', parseLimit)
    .option('--json', 'print NDJSON: one object per event (see docs/cli.md)')
    .action(async (dir: string, flags: EventsFlags) => {
      const entity = entityOf(flags);
      const store = loadStoreArgument(dir);
      const page = readEntityEvents(store, entity, { after: flags.after, kinds: flags.kinds, limit: flags.limit });
      if (!page) {
        process.stderr.write(`events: the store has no events of entity ${safe(JSON.stringify(entity.toString('utf8')))} (0x${entity.toString('hex')})\n`);
        return;
      }
      if (flags.json) {
        for (const event of page.events) await write(eventToJson(event) + '\n');
        return;
      }
      const shown = page.events.length < page.total ? `${counted(page.events.length, 'event')} of ${formatCount(page.total)}` : counted(page.total, 'event');
      await writeLines([...(page.events.length > 0 ? eventTable(page.events) : []), `${shown}`]);
    });
}

function entityOf(flags: EventsFlags): Buffer {
  if ((flags.entity === undefined) === (flags.entityHex === undefined)) {
    throw new CacheInputError('bad-argument', 'events needs the entity: pass exactly one of --entity TEXT or --entity-hex HEX.');
  }
  if (flags.entity !== undefined) {
    if (flags.entity === '') throw new CacheInputError('bad-argument', { code: 'entity-empty' });
    return Buffer.from(flags.entity, 'utf8');
  }
  const hex = (flags.entityHex as string).trim().replace(/^0x/i, '').replace(/\s+/g, '');
  if (hex === '' || !/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    throw new CacheInputError('bad-argument', `--entity-hex "${safe(flags.entityHex as string)}" is not whole bytes in hex (two digits 0-9, a-f each), e.g. 757365723a3432.`);
  }
  return Buffer.from(hex, 'hex');
}

function parseAfter(text: string, previous: bigint | undefined): bigint {
  if (previous !== undefined) throw new InvalidArgumentError('--after is given twice: pass it once.');
  if (!/^\d{1,20}$/.test(text.trim()) || BigInt(text.trim()) > 0xffffffffffffffffn) throw new InvalidArgumentError('it must be a global sequence: a whole number from 0 (a u64).');
  return BigInt(text.trim());
}

function parseKinds(text: string, previous: number[] | undefined): number[] {
  if (previous !== undefined) throw new InvalidArgumentError('--kinds is given twice: list every kind in one, comma-separated.');
  return text.split(',').map((part) => {
    const kind = part.trim();
    const value = /^0x[0-9a-f]{1,4}$/i.test(kind) ? Number.parseInt(kind.slice(2), 16) : /^\d{1,5}$/.test(kind) ? Number(kind) : NaN;
    if (!(value <= 0xffff)) throw new InvalidArgumentError(`"${kind}" is not an event kind: kinds are u16, e.g. 0x2001 (hex with 0x) or 8193.`);
    return value;
  });
}

function parseLimit(text: string, previous: number | undefined): number {
  if (previous !== undefined) throw new InvalidArgumentError('--limit is given twice: pass it once.');
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('it must be a whole number from 1.');
  return value;
}
