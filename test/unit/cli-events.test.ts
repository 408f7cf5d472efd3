/**
 * `batpak-cache events` and `show --store`, the built CLI run as a child process on batpak's fixtures and on stores
 * written here: what they print, the NDJSON contract to the byte, and what they refuse.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ndjson, run, runOk } from './cliRun';
import { copyFixture, fixturesDir, readManifest, tempDir } from './helpers';
import { TOMBSTONE } from '../../src/core';
import { array, f64, int, nil, str, struct } from './rmp';
import { TestStore } from './storeWriter';

const STALE = 'cache-0.6-c940fd5c/stale';
const store = (scenario: string): string => path.join(fixturesDir, scenario, 'store');

/** The fields of an event object, in their order (the issue's, plus time, tombstone and location). */
const FIELDS = ['sequence', 'clock', 'kind', 'timestampUs', 'time', 'eventId', 'correlationId', 'causationId', 'entity', 'scope', 'payloadSize', 'batch', 'tombstone', 'location', 'payload', 'damaged'];

describe('batpak-cache events', function () {
  this.timeout(60_000);

  it('--json: one object per event in stream order, with the contract fields; the last is the entity\'s last event', () => {
    const manifest = readManifest(STALE);
    const audit = manifest.files.find((f) => (f.key as { projection_type?: string }).projection_type === 'AuditTrail' && f.key?.entity_utf8 === 'account:1');
    const lines = ndjson(runOk(['events', store(STALE), '--entity', 'account:1', '--json']).stdout);
    assert.ok(lines.length > 10);
    for (const line of lines) assert.deepEqual(Object.keys(line), FIELDS);
    assert.deepEqual(lines.map((l) => l.clock), lines.map((_, i) => i));
    assert.equal(lines[lines.length - 1].sequence, audit?.current_watermark, 'the AuditTrail projection (every kind) ends there');
    assert.match(String(lines[0].kind), /^0x[0-9a-f]{4}$/);
    assert.match(String(lines[0].eventId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(lines[0].time, new Date(Number(lines[0].timestampUs) / 1000).toISOString().replace('Z', `${String(Number(lines[0].timestampUs) % 1000).padStart(3, '0')}Z`));
  });

  it('--after, --kinds and --limit select as asked; --entity-hex names an entity with a NUL in it', () => {
    const all = ndjson(runOk(['events', store(STALE), '--entity', 'account:1', '--json']).stdout);
    const after = Number(all[20].sequence);
    const some = ndjson(runOk(['events', store(STALE), '--entity', 'account:1', '--after', String(after), '--kinds', '8194, 0x2003', '--limit', '4', '--json']).stdout);
    const expected = all.filter((e) => Number(e.sequence) > after && ['0x2002', '0x2003'].includes(String(e.kind))).slice(0, 4);
    assert.deepEqual(some, expected);
    const nul = ndjson(runOk(['events', store('cache-0.3.0/basic'), '--entity-hex', '0x6e756c00696e73696465', '--json']).stdout);
    assert.ok(nul.length > 0 && nul.every((e) => e.entity === 'nul\u0000inside'));
  });

  it('the table: sequence, clock, kind, time, batch and the payload; the count below', () => {
    const out = runOk(['events', store(STALE), '--entity', 'account:1', '--limit', '3']).stdout.split('\n');
    assert.match(out[0], /^SEQUENCE +CLOCK +KIND +TIME +BATCH +PAYLOAD$/);
    assert.match(out[1], /^ +\d+ +0 +0x2001 +20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z +- +\{"currency":"EUR","owner":"Owner One"\}$/);
    assert.match(out[4], /^3 events of \d+$/);
  });

  it('payload integers and floats written byte for byte: u64::MAX, i64::MIN, -3.0, 5e-324, -0.0; batch items and tombstones in the table (a store written here)', () => {
    const dir = path.join(tempDir(), 'store');
    const written = new TestStore(dir);
    written.append({ entity: 'n', kind: 0x1001, payload: struct({ max: int(2n ** 64n - 1n), min: int(-(2n ** 63n)), neg: f64(-3), tiny: f64(5e-324), zero: f64(-0), text: str('<b>\u202e') }) });
    written.batch([1, 2, 3].map((i) => ({ entity: 'n', kind: 0x1002, payload: array(int(i)) })));
    written.append({ entity: 'n', kind: TOMBSTONE, payload: nil });
    const out = runOk(['events', dir, '--entity', 'n', '--json']).stdout;
    assert.ok(out.split('\n')[0].endsWith('"payload":{"max":18446744073709551615,"min":-9223372036854775808,"neg":-3.0,"tiny":5e-324,"zero":-0.0,"text":"<b>\u202e"},"damaged":null}'), out);
    const table = runOk(['events', dir, '--entity', 'n']).stdout.split('\n');
    assert.match(table[3], /^ +2 +2 +0x1002 +\S+ +2\/3 +\[2\]$/);
    assert.match(table[5], /^ +4 +4 +0x0ffe tombstone +\S+ +- +null$/);
  });

  it('an entity the store does not have: exit 0, nothing on stdout, a note on stderr', () => {
    const result = run(['events', store(STALE), '--entity', 'nobody']);
    assert.deepEqual([result.status, result.stdout], [0, '']);
    assert.match(result.stderr, /no events of entity "nobody" \(0x6e6f626f6479\)/);
  });

  const bad: Array<[string, (dir: string) => string[], RegExp]> = [
    ['a store that does not exist', (dir) => ['events', path.join(dir, 'nope'), '--entity', 'a'], /store directory .*nope does not exist: pass the store's data directory/],
    ['a directory that is not a store', (dir) => ['events', path.dirname(dir), '--entity', 'a'], /holds no batpak segment files \(NNNNNN\.fbat\): pass the store's data directory/],
    ['no entity', (dir) => ['events', dir], /pass exactly one of --entity TEXT or --entity-hex HEX/],
    ['both entity flags', (dir) => ['events', dir, '--entity', 'a', '--entity-hex', '61'], /pass exactly one of --entity TEXT or --entity-hex HEX/],
    ['an empty entity', (dir) => ['events', dir, '--entity', ''], /The entity is empty: name the entity, e.g. --entity user:42/],
    ['bad --entity-hex', (dir) => ['events', dir, '--entity-hex', '6g'], /--entity-hex "6g" is not whole bytes in hex/],
    ['bad --kinds', (dir) => ['events', dir, '--entity', 'a', '--kinds', '0x2001,0x10000'], /"0x10000" is not an event kind/],
    ['bad --after', (dir) => ['events', dir, '--entity', 'a', '--after', '-1'], /--after <sequence>.*a whole number from 0/],
    ['bad --limit', (dir) => ['events', dir, '--entity', 'a', '--limit', '0'], /--limit <n>.*a whole number from 1/],
  ];
  for (const [name, args, message] of bad) {
    it(`exit 2 for ${name}, nothing on stdout`, () => {
      const result = run(args(copyFixture(STALE, 'store')));
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  it('--help', () => {
    assert.match(runOk(['events', '--help']).stdout, /^Usage: batpak-cache events \[options\] <store-dir>/m);
  });
});

describe('batpak-cache show --store', function () {
  this.timeout(60_000);

  it(`${STALE}: every stale entry lists exactly its events behind, up to the store's current watermark`, () => {
    const manifest = readManifest(STALE);
    const stale = manifest.files.filter((f) => f.status === 'stale');
    assert.ok(stale.length >= 5);
    const root = copyFixture(STALE);
    for (const file of stale) {
      const shown = JSON.parse(runOk(['show', path.join(root, file.path), '--store', store(STALE), '--json']).stdout) as {
        freshness: { state: string; eventsBehind: number };
        eventsAfterWatermark: Array<{ sequence: number }>;
      };
      const sequences = shown.eventsAfterWatermark.map((e) => e.sequence);
      assert.equal(shown.freshness.state, 'stale', file.path);
      assert.equal(sequences.length, shown.freshness.eventsBehind, file.path);
      assert.ok(sequences.every((s) => s > Number(file.watermark)), file.path);
      assert.equal(sequences[sequences.length - 1], file.current_watermark, file.path);
    }
  });

  it('a k1 entry lists the kinds freshness knows it consumes, and says how many others came', () => {
    const scenario = 'cache-0.3.0/stale';
    const file = readManifest(scenario).files.find((f) => f.status === 'stale' && (f.key as { projection_type?: string }).projection_type === 'AccountBalance');
    assert.ok(file);
    const out = runOk(['show', path.join(copyFixture(scenario), file.path), '--store', store(scenario)]).stdout;
    assert.match(out, /Events after the watermark \(.*\)\n +Freshness +stale by 3 events\n +Kinds +0x2002, 0x2003\n +SEQUENCE +CLOCK/);
    assert.equal(out.match(/^ +\d+ +\d+ +0x200[23] /gm)?.length, 3);
    assert.match(out, /1 more event after the watermark, of kinds this projection may not consume: batpak-cache events '.*' --entity-hex 6163636f756e743a31 --after 225\n$/);
  });

  it('a raw key has no events to show', () => {
    const root = copyFixture('cache-0.6-c940fd5c/delete_prefix');
    const out = runOk(['show', path.join(root, 'ff/fffefd.bin'), '--store', store('cache-0.6-c940fd5c/delete_prefix')]).stdout;
    assert.match(out, /none to show: a raw key or an entry without a trailer/);
    assert.ok(fs.existsSync(path.join(root, 'ff/fffefd.bin')));
  });
});
