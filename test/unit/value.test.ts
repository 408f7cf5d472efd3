/** Values: any bytes are viewable, JSON keeps every digit, and the hex dump lays out 16 bytes a line. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeValue, hexDumpLines, inspectFile, jsonDamage, parseExact, prettyJson } from '../../src/core';
import { fuzzRuns } from './builders';
import { fixturesDir, readManifest, scenarios } from './helpers';

describe('value: decoding never throws', () => {
  it('arbitrary bytes decode to one of the four formats, consistently', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map((text) => Buffer.from(text))), (bytes) => {
        const decoded = decodeValue(bytes);
        if (bytes.length === 0) assert.equal(decoded.format, 'empty');
        else if (decoded.format === 'binary') assert.equal(decoded.text, null);
        else {
          assert.deepEqual(Buffer.from(decoded.text ?? ''), Buffer.from(bytes), 'the text is exactly the bytes');
          if (decoded.format === 'json') assert.notEqual(parseExact(decoded.json ?? ''), undefined, 'the JSON form parses');
        }
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it('JSON nested thousands of levels deep is shown as text instead of throwing', function () {
    this.timeout(20_000);
    for (const [open, close] of [['[', ']'], ['{"a":', '}']]) {
      for (const depth of [1000, 3000, 10_000, 100_000]) {
        const text = `${open.repeat(depth)}1${close.repeat(depth)}`;
        const decoded = decodeValue(Buffer.from(text));
        assert.ok(decoded.format === 'json' || decoded.format === 'text', `${open} x ${depth}`);
        assert.equal(decoded.text, text);
      }
    }
  });
});

describe('value: formats', () => {
  it('no bytes is empty', () => {
    assert.deepEqual(decodeValue(Buffer.alloc(0)), { format: 'empty', json: null, text: '' });
  });

  it('serde_json output is json and round-trips byte for byte', () => {
    const text = '{"balance":-12,"ids":[1,2],"label":"w3#9 adj","nested":{"ok":true,"none":null}}';
    assert.deepEqual(decodeValue(Buffer.from(text)), { format: 'json', json: text, text });
    assert.deepEqual(decodeValue(Buffer.from('null')), { format: 'json', json: 'null', text: 'null' });
  });

  it('UTF-8 that is not JSON is text (damaged JSON, raw-API strings)', () => {
    for (const text of ['{"a":1', 'hello', '{"a":1}{"b":2}', "{'a':1}", 'NaN']) {
      assert.deepEqual(decodeValue(Buffer.from(text)), { format: 'text', json: null, text }, text);
    }
  });

  it('a leading byte-order mark is kept in the text, and makes the value not JSON (serde_json rejects it too)', () => {
    const decoded = decodeValue(Buffer.from('\uFEFF{}'));
    assert.equal(decoded.text, '\uFEFF{}');
    assert.equal(decoded.format, 'text');
  });

  it('bytes that are not UTF-8 are binary', () => {
    assert.deepEqual(decodeValue(Buffer.from([0xff, 0xfe, 0xfd])), { format: 'binary', json: null, text: null });
    assert.equal(decodeValue(Buffer.from([0x7b, 0x22, 0xc3])).format, 'binary', 'a multi-byte character cut off');
  });
});

describe('value: JSON that is not there (jsonDamage)', () => {
  it("agrees with batpak's manifests: a projection's value is damaged exactly when it is not JSON", async () => {
    const counted = { damaged: 0, fine: 0 };
    for (const scenario of scenarios()) {
      for (const file of readManifest(scenario).files) {
        if (file.kind !== 'cache_entry' || file.value_is_json === undefined) continue;
        const { record, value } = await inspectFile(path.join(fixturesDir, scenario, 'cache', file.path));
        if (record.kind !== 'entry' || !value) continue;
        const projection = record.key.layout !== 'raw';
        const damage = jsonDamage(value, projection);
        // A raw key's value may be anything: only one that starts like JSON is judged.
        if (projection || damage) assert.equal(damage !== undefined, !file.value_is_json, `${scenario}/${file.path}`);
        counted[damage ? 'damaged' : 'fine']++;
      }
    }
    assert.ok(counted.damaged >= 10 && counted.fine >= 100, JSON.stringify(counted));
  });

  it('says at which byte parsing fails', () => {
    assert.deepEqual(jsonDamage(Buffer.from('{"a":"é",}'), false), { offset: 10 }, 'é is two bytes');
    assert.deepEqual(jsonDamage(Buffer.from('  [1,2'), false), { offset: 6 });
    assert.deepEqual(jsonDamage(Buffer.alloc(0), true), { offset: 0 }, "an empty projection's value");
    assert.deepEqual(jsonDamage(Buffer.from([0x7b, 0xff]), false), { offset: null }, 'not UTF-8');
  });

  it("a raw key's text or binary value, and valid JSON, are no damage", () => {
    for (const bytes of ['hello', '', '{"a":[1,2]}', ' null'].map((t) => Buffer.from(t)).concat(Buffer.from([0xff, 0xfe]))) {
      assert.equal(jsonDamage(bytes, false), undefined, bytes.toString('hex'));
    }
    assert.equal(jsonDamage(Buffer.from('{"a":18446744073709551615}'), true), undefined);
    assert.deepEqual(jsonDamage(Buffer.from('hello'), true), { offset: 0 }, "a projection's value is always JSON");
  });
});

describe('value: numbers are exact', () => {
  it('integers beyond 2^53 and out-of-range floats keep their digits', () => {
    const text = '{"a":18446744073709551615,"b":-9223372036854775808,"c":1e400}';
    const decoded = decodeValue(Buffer.from(text));
    assert.equal(decoded.json, text);
    assert.match(prettyJson(parseExact(text)), /"a": 18446744073709551615,\n {2}"b": -9223372036854775808,\n {2}"c": 1e400\n/);
  });

  it('duplicate keys do not crash; the text keeps both', () => {
    for (const text of ['{"a":1,"a":2}', '{"a":1,"a":1}']) {
      const decoded = decodeValue(Buffer.from(text));
      assert.equal(decoded.text, text);
      assert.ok(decoded.format === 'json' || decoded.format === 'text');
    }
  });
});

describe('value: hex dump', () => {
  const bytes = Buffer.from('Hello, batpak!\n\x00\xffAB', 'latin1'); // 19 bytes: a full line and 3 bytes

  it('offset, 16 hex bytes, printable ASCII between bars; the last line is padded', () => {
    assert.deepEqual(hexDumpLines(bytes), [
      '00000000  48 65 6c 6c 6f 2c 20 62 61 74 70 61 6b 21 0a 00  |Hello, batpak!..|',
      '00000010  ff 41 42                                         |.AB|',
    ]);
  });

  it('pages by line: first line and count, clipped at the end', () => {
    const big = Buffer.alloc(100, 0x41);
    const page = hexDumpLines(big, 2, 3);
    assert.equal(page.length, 3);
    assert.ok(page[0].startsWith('00000020  41'));
    assert.deepEqual(hexDumpLines(big, 6, 10), ['00000060  41 41 41 41' + ' '.repeat(38) + '|AAAA|']);
    assert.deepEqual(hexDumpLines(big, 7, 1), []);
    assert.deepEqual(hexDumpLines(Buffer.alloc(0)), []);
  });
});
