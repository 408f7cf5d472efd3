/**
 * MessagePack payloads as exact JSON text: integers to the last digit, floats as serde_json (ryu) writes them, the
 * types JSON lacks in a stated form, and nothing thrown on any bytes.
 */
import * as assert from 'node:assert/strict';
import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { msgpackToJson } from '../../src/core/store/exactJson';
import { f32Text, f64Text } from '../../src/core/store/floatText';
import { array, bin, f32, f64, int, nil, str, struct } from './rmp';

const json = (bytes: Uint8Array): string | undefined => msgpackToJson(bytes).json;

describe('exact JSON of MessagePack: floats as serde_json writes them', () => {
  it('f64: ryu layout, a float always looks like one', () => {
    const cases: Array<[number, string]> = [
      [-3, '-3.0'],
      [21, '21.0'],
      [0, '0.0'],
      [-0, '-0.0'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e308'],
      [6.02214076e23, '6.02214076e23'],
      [-273.15, '-273.15'],
      [0.1, '0.1'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e16'],
      [1.5e16, '1.5e16'],
      [123456789012345680, '1.2345678901234568e17'],
      [0.0001, '0.0001'],
      [0.00001234, '0.00001234'],
      [1e-6, '1e-6'],
      [1.5e-7, '1.5e-7'],
      [NaN, 'null'],
      [Infinity, 'null'],
    ];
    for (const [value, text] of cases) assert.equal(f64Text(value), text, String(value));
  });

  it('f32: the shortest digits that read back as the same f32, not the f64 it widens to', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'],
      [1 / 3, '0.33333334'],
      [16777216, '16777216.0'],
      [123456789, '123456790.0'],
      [1e13, '1e13'],
      [3.4028234663852886e38, '3.4028235e38'],
      [1.401298464324817e-45, '1e-45'],
      [1e-6, '0.000001'],
      [1e-7, '1e-7'],
    ];
    for (const [value, text] of cases) assert.equal(f32Text(Math.fround(value)), text, String(value));
  });

  it('any f64 and any f32 read back as themselves, and no shorter digits would (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = f64Text(value);
        assert.ok(Object.is(Number(text), value), `${value} -> ${text}`);
        assert.match(text, /[.e]/, 'a float never reads as an integer');
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = f32Text(value);
        assert.ok(Object.is(Math.fround(Number(text)), value), `${value} -> ${text}`);
        const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
        if (digits.length > 1) assert.notEqual(Math.fround(Number(Math.abs(value).toPrecision(digits.length - 1))), Math.abs(value), `${text} is not the shortest`);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('exact JSON of MessagePack: values', () => {
  it('integers exact to the last digit in every encoding', () => {
    for (const value of [0n, 127n, 128n, 255n, 65535n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n, -1n, -32n, -33n, -129n, -(2n ** 31n) - 1n, -(2n ** 63n)]) {
      assert.equal(json(int(value)), value.toString());
    }
  });

  it('a struct (named map), a compact struct (array), bin as hex, maps with integer and other keys, an extension', () => {
    assert.equal(json(struct({ amount: int(2n ** 64n - 1n), ratio: f64(-3), tag: nil, raw: bin(Uint8Array.of(0, 0xab)) })), '{"amount":18446744073709551615,"ratio":-3.0,"tag":null,"raw":"00ab"}');
    assert.equal(json(array(int(-(2n ** 63n)), f32(0.5), str('x'))), '[-9223372036854775808,0.5,"x"]');
    assert.equal(json(Uint8Array.of(0x82, 0x07, 0xa1, 0x61, 0x91, 0x01, 0xc3)), '{"7":"a","[1]":true}');
    assert.equal(json(Uint8Array.of(0xd6, 0xff, 1, 2, 3, 4)), '{"ext":-1,"hex":"01020304"}');
  });

  it('strings carried exactly: a leading BOM, script, HTML, NUL, RTL override, emoji, escapes as serde_json writes them', () => {
    const text = '\ufeff</script><img src=x onerror=alert(1)>\u0000\u202etxt.exe 👨‍👩‍👧 "quote" \\back\n';
    assert.equal(json(str(text)), JSON.stringify(text));
    assert.equal(JSON.parse(json(str(text)) as string), text);
  });

  it('any value @msgpack/msgpack encodes comes back equal through JSON (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = json(encode(value));
        assert.ok(text !== undefined);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('bytes that are not exactly one value are named, never guessed; no bytes make it throw', () => {
    assert.equal(msgpackToJson(Uint8Array.of(0xc1)).problem, 'invalid');
    assert.equal(msgpackToJson(Uint8Array.of(0x92, 0x01)).problem, 'truncated');
    assert.equal(msgpackToJson(Uint8Array.of(0x01, 0x02)).problem, 'trailing');
    assert.equal(msgpackToJson(Uint8Array.of(0xa2, 0xff, 0xfe)).problem, 'not-utf8');
    assert.equal(msgpackToJson(new Uint8Array(0)).problem, 'truncated');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void msgpackToJson(bytes)), { numRuns: 2000 });
  });

  it('nesting 200,000 deep is written without running out of stack', () => {
    const depth = 200_000;
    const bytes = new Uint8Array(depth + 1).fill(0x91);
    bytes[depth] = 0x01;
    assert.equal(json(bytes), `${'['.repeat(depth)}1${']'.repeat(depth)}`);
  });
});
