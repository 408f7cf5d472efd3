/** Exact JSON text: reshaping without re-serialising, and the structural comparison (diff, replay checks). */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { compactJsonText, compareJsonNumbers, compareValues, firstDifference, jsonDifferences, jsonPointer, jsonTextOf, parseExact, parseExactJson, prettyJsonText } from '../../src/core';
import { readManifest, scenarios } from './helpers';

describe('exact JSON text', () => {
  it('pretty and compact forms keep every number as written and every key in stored order', () => {
    const text = '{"b":-3.0,"2":[1,{"x":12638153115695167476}],"10":{},"a":"x y \\" z"}';
    assert.equal(prettyJsonText(text), '{\n  "b": -3.0,\n  "2": [\n    1,\n    {\n      "x": 12638153115695167476\n    }\n  ],\n  "10": {},\n  "a": "x y \\" z"\n}');
    assert.equal(compactJsonText(prettyJsonText(text)), text);
  });

  it('the compact text of every JSON value batpak wrote in the fixtures is its stored text', () => {
    for (const scenario of scenarios()) {
      for (const file of readManifest(scenario).files) {
        if (file.value_utf8 === undefined || !file.value_is_json) continue;
        const text = jsonTextOf(Buffer.from(file.value_utf8, 'utf8'));
        assert.equal(text && compactJsonText(text), file.value_utf8, `${scenario} ${file.path}`);
      }
    }
  });

  it('parseExactJson takes exactly the strict JSON lossless-json takes, with integers beyond 2^53 as bigint', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((t) => t.slice(0, -1)), fc.json().map((t) => `${t},`)), (text) => {
        assert.equal(parseExactJson(text) !== undefined, parseExact(text) !== undefined, JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
    assert.deepEqual(parseExactJson('{"__proto__":{"x":1},"n":[12638153115695167476,-3.0,1e2]}'), Object.defineProperty({ n: [12638153115695167476n, -3, 100] }, '__proto__', { value: { x: 1 }, enumerable: true }));
  });

  it('jsonTextOf refuses what is not JSON: empty, not UTF-8, duplicate keys, trailing garbage', () => {
    for (const bytes of ['', '{"a":1,"a":2}', '{"a":1} x', '{a:1}'].map((t) => Buffer.from(t)).concat([Buffer.from([0xff, 0x7b])])) {
      assert.equal(jsonTextOf(bytes), undefined, bytes.toString('hex'));
    }
  });
});

describe('JSON numbers compared by exact value', () => {
  const cases: Array<[string, string, number]> = [
    ['12638153115695167476', '12638153115695167477', -1],
    ['18446744073709551615', '18446744073709551615', 0],
    ['-9223372036854775808', '-9223372036854775807', -1],
    ['1.0', '1', 0],
    ['1e2', '100', 0],
    ['-3.0', '-3', 0],
    ['0.001', '1E-3', 0],
    ['-0', '0.0', 0],
    ['-2', '-10', 1],
    ['9007199254740993', '9007199254740992', 1],
    ['0.30000000000000004', '0.3', 1],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} vs ${b}: ${expected}`, () => {
      assert.equal(compareJsonNumbers(a, b), expected);
      assert.equal(compareJsonNumbers(b, a), -expected || 0);
    });
  }

  it('agrees with BigInt on any two integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), (a, b) => {
        assert.equal(compareJsonNumbers(a.toString(), b.toString()), a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe('structural differences', () => {
  it('lists changed, removed and added paths with the exact text of each side; key order and notation do not count', () => {
    const a = '{"a":1,"b":[1,2,3],"c":{"d":"x","e/f~":1},"n":12638153115695167476,"s":"\\u0041"}';
    const b = '{"s":"A","c":{"d":"y","e/f~":1.0},"a":1.0,"b":[1,2],"n":12638153115695167477,"new":[-3.0]}';
    assert.deepEqual(jsonDifferences(a, b), [
      { path: ['b', 2], a: '3' },
      { path: ['c', 'd'], a: '"x"', b: '"y"' },
      { path: ['n'], a: '12638153115695167476', b: '12638153115695167477' },
      { path: ['new'], b: '[-3.0]' },
    ]);
    assert.deepEqual(firstDifference(a, b), { path: ['b', 2], a: '3' });
    assert.equal(jsonPointer(['c', 'e/f~', 0]), '/c/e~1f~0/0');
    assert.equal(jsonPointer([]), '');
  });

  it('a type change is one difference at its path, and a value never differs from itself', () => {
    assert.deepEqual(jsonDifferences('{"a":[1]}', '{"a":{"0":1}}'), [{ path: ['a'], a: '[1]', b: '{"0":1}' }]);
    assert.deepEqual(jsonDifferences('5', '"5"'), [{ path: [], a: '5', b: '"5"' }]);
    fc.assert(
      fc.property(fc.json(), (text) => {
        assert.equal(firstDifference(text, text), undefined);
        assert.equal(firstDifference(text, prettyJsonText(text)), undefined);
      }),
    );
  });

  it('compareValues: pretty JSON when both are JSON, else text, else hex dumps, and says which', () => {
    const json = compareValues(Buffer.from('{"a":1.0,"b":2}'), Buffer.from('{"b":2,"a":1}'));
    assert.deepEqual([json.as, json.same, json.a], ['json', true, '{\n  "a": 1.0,\n  "b": 2\n}']);
    const text = compareValues(Buffer.from('{"a":1}'), Buffer.from('not json'));
    assert.deepEqual([text.as, text.same, text.b], ['text', false, 'not json']);
    const hex = compareValues(Buffer.from([0xff, 0x00]), Buffer.from([0xff, 0x00]));
    assert.deepEqual([hex.as, hex.same, hex.a], ['hex', true, `00000000  ${'ff 00'.padEnd(47)}  |..|`]);
  });
});
