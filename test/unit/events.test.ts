/**
 * An entity's events read back from the store, checked against what batpak itself recorded: the events the fixtures'
 * AuditTrail and EventArchive projections folded (their cached values hold them), and the event ids batpak indexed
 * in stores-0.3.0. Then what the fixtures lack, in stores written here: damage, a writer appending meanwhile,
 * payloads with every number form, hostile strings, compact batch items, tombstones, paging.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLosslessNumber, parse } from 'lossless-json';
import { EntityEvent, eventsAfter, eventToJson, readEntityEvents, readStore, StoreView, TOMBSTONE } from '../../src/core';
import { readBesideAppender } from './appending';
import { copyFixture, fixturesDir, readManifest, scenarios, tempDir } from './helpers';
import { array, f32, f64, int, nil, str, struct } from './rmp';
import { TestStore } from './storeWriter';

const storesDir = path.join(fixturesDir, 'stores-0.3.0');

/** Every event of the entity, oldest first. */
function allEvents(view: StoreView, entity: Buffer): EntityEvent[] {
  const page = readEntityEvents(view, entity);
  assert.ok(page, `the store has ${entity.toString('utf8')}`);
  return page.events;
}

/** A JSON value with its numbers as their exact text and objects' keys in order, for comparing values exactly. */
function exact(value: unknown): unknown {
  if (isLosslessNumber(value)) return `#${value.value}`;
  if (Array.isArray(value)) return value.map(exact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exact(v)]));
  return value;
}

/** The events batpak folded into a projection at `watermark`: every event up to the one with that sequence. */
function foldedUpTo(events: EntityEvent[], watermark: number): EntityEvent[] {
  const last = events.map((e) => e.sequence).lastIndexOf(watermark);
  assert.ok(last >= 0, `an event carries the watermark ${watermark} as its sequence`);
  return events.slice(0, last + 1);
}

describe('events: what batpak folded into the fixtures projections', function () {
  this.timeout(30_000);
  const views = new Map<string, StoreView>();
  const viewOf = (scenario: string): StoreView => {
    let view = views.get(scenario);
    if (!view) views.set(scenario, (view = readStore(path.join(fixturesDir, scenario, 'store'))));
    return view;
  };
  const tally = { auditTrail: 0, recent: 0, archive: 0, rows: 0 };
  after(() => console.log(`      ${JSON.stringify(tally)}`));

  for (const scenario of scenarios()) {
    const files = readManifest(scenario).files.filter((f) => f.status === 'valid' || f.status === 'stale');

    // AuditTrail keeps the last events it was handed: {seq: the entity's clock, kind, ts_us, payload}. Its projection
    // takes every kind, so the events up to its watermark end with exactly these. (No fixture event is a batch item:
    // one would be a compact array here, compared field by field in order with the named payload.)
    // (c940fd5c's entries for entities its Store rejects were put raw, with a note for a value: they fold nothing.)
    const audits = files.filter((f) => (f.key as { projection_type?: string } | undefined)?.projection_type === 'AuditTrail' && f.value_utf8?.includes('"recent":'));
    if (audits.length > 0) {
      it(`${scenario}: every AuditTrail entry's recent events are the last events up to its watermark, value for value`, () => {
        for (const file of audits) {
          const value = parse(file.value_utf8 as string) as { recent: Array<{ seq: unknown; kind: string; ts_us: unknown; payload: unknown }> };
          const folded = foldedUpTo(allEvents(viewOf(scenario), Buffer.from(String(file.key?.entity_hex), 'hex')), Number(file.watermark));
          const tail = folded.slice(-value.recent.length);
          assert.equal(tail.length, value.recent.length, file.path);
          tail.forEach((event, i) => {
            const recent = value.recent[i];
            const where = `${file.path} event ${event.sequence}`;
            assert.equal(event.damage, null, where);
            assert.deepEqual([event.clock, event.kind, event.timestampUs], [Number(recent.seq), Number.parseInt(recent.kind, 16), Number(recent.ts_us)], where);
            const payload = parse(event.payload as string);
            const expected = Array.isArray(payload) && !Array.isArray(recent.payload) ? Object.values(recent.payload as object) : recent.payload;
            assert.deepEqual(exact(payload), exact(expected), where);
            tally.recent++;
          });
          tally.auditTrail++;
        }
      });
    }

    // EventArchive keeps every event it folded, its payload as serde_json wrote it: floats (5e-324, -0.0, 1e-310,
    // 1.7976931348623157e308), u64::MAX, i64::MIN, hostile strings. The payload text must be the same, number for number.
    const archives = files.filter((f) => (f.key as { projection_type?: string } | undefined)?.projection_type === 'EventArchive' && f.value_utf8?.startsWith('{"rows"'));
    if (archives.length > 0) {
      it(`${scenario}: every EventArchive entry's rows are the events up to its watermark, payload text exact`, () => {
        for (const file of archives) {
          const rows = (parse(file.value_utf8 as string) as { rows: Array<{ n: unknown; kind: string; at_us: unknown; body: unknown }> }).rows;
          const folded = foldedUpTo(allEvents(viewOf(scenario), Buffer.from(String(file.key?.entity_hex), 'hex')), Number(file.watermark));
          assert.equal(folded.length, rows.length, file.path);
          folded.forEach((event, i) => {
            const where = `${file.path} event ${event.sequence}`;
            assert.deepEqual([event.clock, event.kind, event.timestampUs], [Number(rows[i].n), Number.parseInt(rows[i].kind, 16), Number(rows[i].at_us)], where);
            assert.deepEqual(exact(parse(event.payload as string)), exact(rows[i].body), where);
            tally.rows++;
          });
          tally.archive++;
        }
      });
    }
  }
});

interface Truth {
  live_view?: { events: TruthEvent[] };
  batpak_reopen_view: { events: TruthEvent[] };
  receipts: Array<{ event_id: string; via: string }>;
}
interface TruthEvent {
  entity: string;
  event_id: string;
  global_sequence: number;
  kind: number;
}

describe('events: stores-0.3.0, against the index batpak kept', function () {
  this.timeout(30_000);
  for (const name of fs.readdirSync(storesDir).filter((n) => fs.existsSync(path.join(storesDir, n, 'truth.json')))) {
    const truth = JSON.parse(fs.readFileSync(path.join(storesDir, name, 'truth.json'), 'utf8')) as Truth;
    // As the store reader's tests: the live index where the copy has one; s5c's live numbering no file shows.
    const view = name === 's5c_burned_in_active_open' ? 'batpak_reopen_view' : truth.live_view ? 'live_view' : 'batpak_reopen_view';
    const expected = (truth[view] as { events: TruthEvent[] }).events;

    it(`${name}: every entity's events have the sequence, kind and event id of ${view}, read from their frames`, () => {
      const store = readStore(path.join(storesDir, name, 'store'));
      const ours = [...new Set(expected.map((e) => e.entity))].flatMap((entity) => allEvents(store, Buffer.from(entity)));
      assert.ok(ours.every((e) => e.damage === null));
      const key = (sequence: number, kind: number, id: string, entity: string): string => `${entity} ${sequence} ${kind} ${id}`;
      assert.deepEqual(ours.map((e) => key(e.sequence, e.kind, String(e.eventId).replaceAll('-', ''), e.entity)).sort(), expected.map((e) => key(e.global_sequence, e.kind, e.event_id, e.entity)).sort());
    });

    it(`${name}: batch items know their batch (index and count), single appends have none`, () => {
      const store = readStore(path.join(storesDir, name, 'store'));
      const via = new Map(truth.receipts.map((r) => [r.event_id, r.via]));
      const sizes = new Map<string, number>();
      for (const v of via.values()) sizes.set(v, (sizes.get(v) ?? 0) + 1);
      for (const event of [...new Set(expected.map((e) => e.entity))].flatMap((entity) => allEvents(store, Buffer.from(entity)))) {
        const how = via.get(String(event.eventId).replaceAll('-', '')) ?? 'append';
        // Retention compaction (s8) drops the markers: nothing on disk says its items were a batch.
        if (how === 'append' || name === 's8_compact_retention') {
          assert.equal(event.batch, null, `${event.eventId} (${how})`);
          continue;
        }
        const payload = JSON.parse(event.payload as string) as { j: number };
        assert.deepEqual([event.batch?.index, event.batch?.count], [payload.j, sizes.get(how)], `${event.eventId} (${how})`);
      }
    });
  }
});

describe('events: damage, and a store that changed since it was read', () => {
  it('T5: the frame whose CRC was flipped in a sealed segment is returned damaged, the others read', () => {
    const damaged = readStore(path.join(storesDir, 'T5_crc_in_sealed', 'store'));
    const clean = readStore(path.join(storesDir, 's1_two_sessions_closed', 'store'));
    const events = (view: StoreView) => [...view.entities.keys()].flatMap((hex) => allEvents(view, Buffer.from(hex, 'hex')));
    const broken = events(damaged).filter((e) => e.damage !== null);
    assert.deepEqual(broken.map((e) => [e.damage, e.payload, e.eventId]), [['crc', null, null]]);
    const same = events(clean).find((e) => e.sequence === broken[0].sequence && e.entity === broken[0].entity);
    assert.deepEqual([broken[0].kind, broken[0].clock, broken[0].location], [same?.kind, same?.clock, same?.location], 'what the view knows is kept');
    assert.equal(events(damaged).length, events(clean).length);
  });

  it('a segment deleted, rewritten or shortened after the view was read: vanished, moved, crc; never another event', () => {
    const dir = copyFixture('stores-0.3.0/s1_two_sessions_closed', 'store');
    const view = readStore(dir);
    const e1 = allEvents(view, Buffer.from('e1'));
    const segmentOf = (sequence: number): string => String(e1.find((e) => e.sequence === sequence)?.location.segment);
    fs.rmSync(path.join(dir, segmentOf(3)));
    const swapped = path.join(dir, segmentOf(8));
    fs.chmodSync(swapped, 0o644);
    fs.copyFileSync(path.join(dir, segmentOf(16)), swapped); // another segment's frames at the same offsets
    const flipped = path.join(dir, segmentOf(21));
    fs.chmodSync(flipped, 0o644);
    const bytes = fs.readFileSync(flipped);
    const at = (e1.find((e) => e.sequence === 21) as EntityEvent).location.offset;
    bytes[at + 20] ^= 0xff;
    fs.writeFileSync(flipped, bytes);
    fs.truncateSync(path.join(dir, segmentOf(32)), 100);
    const after = new Map(allEvents(view, Buffer.from('e1')).map((e) => [e.sequence, e.damage]));
    assert.deepEqual([3, 8, 21, 32, 37].map((s) => after.get(s)), ['vanished', 'moved', 'crc', 'vanished', null]);
  });

  it('a closed store with a segment gone: its events come from index.ckpt, located there and reported vanished', () => {
    const dir = path.join(tempDir(), 'store');
    const store = new TestStore(dir, 2048);
    for (let i = 0; i < 40; i++) {
      if (i % 10 === 5) store.batch([0, 1, 2, 3].map((j) => ({ entity: `e${j % 2}`, kind: 0x1002, payload: array(int(i), int(j)) })));
      else store.append({ entity: `e${i % 2}`, kind: 0x1001, payload: int(i) });
    }
    store.close();
    const whole = new Map([0, 1].map((e) => [e, allEvents(readStore(dir), Buffer.from(`e${e}`))]));
    fs.rmSync(path.join(dir, '000003.fbat'));
    const view = readStore(dir);
    for (const [e, before] of whole) {
      const after = allEvents(view, Buffer.from(`e${e}`));
      assert.deepEqual(after.map((x) => [x.sequence, x.kind, x.clock]), before.map((x) => [x.sequence, x.kind, x.clock]), 'the checkpoint lists every event');
      after.forEach((x, i) => {
        if (before[i].location.segment === '000003.fbat') assert.equal(x.damage, 'vanished');
        else {
          assert.deepEqual([x.damage, x.payload, x.location], [null, before[i].payload, before[i].location]);
          // A batch whose BEGIN marker was in the segment removed is no longer known, never wrongly.
          assert.ok(x.batch === null || JSON.stringify(x.batch) === JSON.stringify(before[i].batch));
        }
      });
    }
    assert.ok(whole.get(0)?.some((x) => x.location.segment === '000003.fbat') && whole.get(0)?.some((x) => x.batch !== null));
  });

  it('a payload that is not MessagePack is damaged "payload", its frame read', () => {
    const dir = path.join(tempDir(), 'store');
    const store = new TestStore(dir);
    store.append({ entity: 'a', kind: 0x1001, payload: Uint8Array.of(0xc1) });
    store.append({ entity: 'a', kind: 0x1001, payload: Uint8Array.of(0x92, 0x01) });
    const events = allEvents(readStore(dir), Buffer.from('a'));
    assert.deepEqual(events.map((e) => [e.damage, e.payload, e.payloadSize, e.eventId !== null]), [['payload', null, 1, true], ['payload', null, 2, true]]);
  });
});

describe('events: a writer appending while they are read', function () {
  this.timeout(60_000);

  it('events read beside a process appending (batches, rotations) are never damaged and stay in order', async () => {
    let reads = 0;
    let events = 0;
    await readBesideAppender(async (dir) => {
      const until = Date.now() + 2000;
      while (Date.now() < until) {
        await new Promise((resolve) => setImmediate(resolve));
        const view = readStore(dir);
        for (const hex of view.entities.keys()) {
          const read = allEvents(view, Buffer.from(hex, 'hex'));
          assert.deepEqual(read.filter((e) => e.damage !== null), [], 'frames already written never change');
          // In stream order. Not always gapless: a batch that began in a segment sealed since has its first items in no
          // footer until its COMMIT is written (store-format.md §4); until then only the items in the open segment show.
          const clocks = read.map((e) => e.clock);
          assert.ok(clocks.every((clock, i) => i === 0 || clock > clocks[i - 1]), `in stream order: ${clocks.join()}`);
          events += read.length;
        }
        reads++;
      }
    });
    assert.ok(reads > 3 && events > 100, `${reads} reads, ${events} events`);
  });
});

describe('events: payloads in every form rmp-serde writes (stores written here)', () => {
  it('u64::MAX, i64::MIN, above 2^53, -3.0, 5e-324, -0.0, 21.0, f32 and hostile strings come out exact, byte for byte', () => {
    const dir = path.join(tempDir(), 'store');
    const store = new TestStore(dir);
    const hostile = '</script><img src=x onerror=alert(1)>\u0000\u202etxt.exe <b>"\\';
    store.append({
      entity: 'wallet:1',
      kind: 0xa001,
      payload: struct({ max: int(2n ** 64n - 1n), min: int(-(2n ** 63n)), big: int(2n ** 53n + 1n), neg: f64(-3), tiny: f64(5e-324), zero: f64(-0), whole: f64(21), single: f32(0.1), note: str(hostile), none: nil }),
    });
    const [event] = allEvents(readStore(dir), Buffer.from('wallet:1'));
    assert.equal(
      event.payload,
      `{"max":18446744073709551615,"min":-9223372036854775808,"big":9007199254740993,"neg":-3.0,"tiny":5e-324,"zero":-0.0,"whole":21.0,"single":0.1,"note":${JSON.stringify(hostile)},"none":null}`,
    );
    assert.ok(eventToJson(event).includes(`"payload":${event.payload},"damaged":null}`));
  });

  it('batch items in compact (array) form, each with its index, across a rotation; tombstones marked, not user events', () => {
    const dir = path.join(tempDir(), 'store');
    const store = new TestStore(dir, 1500);
    store.append({ entity: 'order:7', kind: 0x2001, payload: struct({ total: int(5) }) });
    store.batch([0, 1, 2, 3, 4].map((i) => ({ entity: 'order:7', kind: 0x2002, payload: array(int(i), str(`line ${i}`), f64(i / 2)) })));
    store.append({ entity: 'order:7', kind: TOMBSTONE, payload: nil });
    const view = readStore(dir);
    const events = allEvents(view, Buffer.from('order:7'));
    assert.ok(new Set(events.map((e) => e.location.segment)).size > 1, 'the batch crossed a rotation');
    assert.deepEqual(
      events.map((e) => [e.payload, e.batch && [e.batch.index, e.batch.count], e.tombstone]),
      [
        ['{"total":5}', null, false],
        ['[0,"line 0",0.0]', [0, 5], false],
        ['[1,"line 1",0.5]', [1, 5], false],
        ['[2,"line 2",1.0]', [2, 5], false],
        ['[3,"line 3",1.5]', [3, 5], false],
        ['[4,"line 4",2.0]', [4, 5], false],
        ['null', null, true],
      ],
    );
    assert.equal(new Set(events.slice(1, 6).map((e) => e.batch?.id)).size, 1);
  });
});

describe('events: pages, kinds and the watermark', () => {
  const dir = path.join(tempDir(), 'store');
  const store = new TestStore(dir, 64 * 1024);
  for (let i = 0; i < 300; i++) store.append({ entity: i % 3 === 0 ? 'other' : 'busy', kind: 0x1001 + (i % 2), payload: int(i) });
  const view = readStore(dir);
  const busy = Buffer.from('busy');
  const payloads = (query: Parameters<typeof readEntityEvents>[2]) => readEntityEvents(view, busy, query)?.events.map((e) => Number(e.payload));

  it('newest first in pages of any size, with the total; oldest first by default', () => {
    const all = readEntityEvents(view, busy);
    assert.equal(all?.total, 200);
    assert.deepEqual(payloads({ limit: 3 }), [1, 2, 4]);
    assert.deepEqual(payloads({ newestFirst: true, limit: 3 }), [299, 298, 296]);
    assert.deepEqual(payloads({ newestFirst: true, offset: 198, limit: 5 }), [2, 1]);
    assert.equal(readEntityEvents(view, busy, { newestFirst: true, offset: 500, limit: 5 })?.events.length, 0);
  });

  it('after a sequence: the events after its event, as freshness counts them; only some kinds', () => {
    const history = view.entities.get(busy.toString('hex'));
    assert.ok(history);
    const watermark = history.sequences[150];
    const after = readEntityEvents(view, busy, { after: BigInt(watermark) });
    assert.deepEqual(after?.events.map((e) => e.sequence), eventsAfter(history, BigInt(watermark)).map((i) => history.sequences[i]));
    assert.equal(after?.total, 49);
    assert.ok(readEntityEvents(view, busy, { kinds: [0x1002] })?.events.every((e) => e.kind === 0x1002));
    assert.equal(readEntityEvents(view, busy, { kinds: [] })?.total, 200, '[] is every kind, as batpak says');
    assert.equal(readEntityEvents(view, Buffer.from('nobody')), undefined);
  });
});
