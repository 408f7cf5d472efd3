/**
 * Parsing what a person typed into a selector: accepted forms, and for everything else a problem that says what is
 * wrong, with the facts each surface words (words.test.ts has the CLI's and the extension's words for them).
 */
import * as assert from 'node:assert/strict';
import { CacheInputError, InputProblem, parseDuration, parseEntity, parseGroup, parsePrefixHex, parsePrefixText, parseShard } from '../../src/core';

/** Asserts a CacheInputError with the given code and problem. */
function rejects(fn: () => unknown, code: string, problem: InputProblem): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CacheInputError, String(error));
    assert.equal(error.code, code);
    assert.deepEqual(error.problem, problem);
    return true;
  });
}

describe('selector: hex prefixes', () => {
  it('accepts lower and upper case, a 0x prefix and spaces', () => {
    assert.deepEqual(parsePrefixHex('6163'), Buffer.from('ac'));
    assert.deepEqual(parsePrefixHex('0xDEADbeef'), Buffer.from('deadbeef', 'hex'));
    assert.deepEqual(parsePrefixHex(' 0X61 63 '), Buffer.from('ac'));
    assert.deepEqual(parsePrefixHex(''), Buffer.alloc(0), 'the empty prefix: every entry');
  });

  it('an odd number of digits names the count', () => {
    rejects(() => parsePrefixHex('616'), 'bad-selector', { code: 'prefix-odd-digits', input: '616', digits: 3 });
  });

  it('characters other than hex digits are named as such', () => {
    rejects(() => parsePrefixHex('account:1'), 'bad-selector', { code: 'prefix-not-hex', input: 'account:1' });
    rejects(() => parsePrefixHex('0x0g'), 'bad-selector', { code: 'prefix-not-hex', input: '0x0g' });
  });

  it('more than 125 bytes can match nothing and is refused', () => {
    assert.equal(parsePrefixHex('ab'.repeat(125)).length, 125);
    rejects(() => parsePrefixHex('ab'.repeat(126)), 'bad-selector', { code: 'key-too-long', what: 'prefix', bytes: 126, max: 125 });
    rejects(() => parsePrefixText('x'.repeat(126)), 'bad-selector', { code: 'key-too-long', what: 'prefix', bytes: 126, max: 125 });
  });

  it('a long input is clipped in the problem', () => {
    rejects(() => parsePrefixHex('z'.repeat(500)), 'bad-selector', { code: 'prefix-not-hex', input: `${'z'.repeat(40)}…` });
  });
});

describe('selector: entities and shards', () => {
  it('an entity is its UTF-8 bytes; empty is refused with an example', () => {
    assert.deepEqual(parseEntity('订单:7'), Buffer.from('订单:7'));
    rejects(() => parseEntity(''), 'bad-selector', { code: 'entity-empty' });
    rejects(() => parseEntity('é'.repeat(63)), 'bad-selector', { code: 'key-too-long', what: 'entity', bytes: 126, max: 125 });
  });

  it('a shard is two hex digits, any case, trimmed', () => {
    assert.equal(parseShard('AB'), 'ab');
    assert.equal(parseShard(' 0f '), '0f');
    for (const bad of ['', 'a', '123', 'g0', '0x1']) rejects(() => parseShard(bad), 'bad-selector', { code: 'shard-not-hex', input: bad });
  });
});

describe('selector: groups', () => {
  it('TYPEHASH:SCHEMA and TYPEHASH:SCHEMA:KINDSHASH, hashes with or without 0x', () => {
    assert.deepEqual(parseGroup('0x7ead8a246153a00b:0'), { kind: 'group', typeHash: 0x7ead8a246153a00bn, schemaVersion: 0n });
    assert.deepEqual(parseGroup(' 4977371BA184A5E8:2:b638b4e6b346b64a '), {
      kind: 'group',
      typeHash: 0x4977371ba184a5e8n,
      schemaVersion: 2n,
      kindsHash: 0xb638b4e6b346b64an,
    });
    assert.equal(parseGroup('1:18446744073709551615').schemaVersion, 2n ** 64n - 1n);
  });

  it('the wrong number of parts shows the expected form', () => {
    for (const bad of ['0x7ead8a246153a00b', 'a:1:b:c', '']) rejects(() => parseGroup(bad), 'bad-selector', { code: 'group-form', input: bad });
  });

  it('a bad hash or schema names the part', () => {
    rejects(() => parseGroup('xyz:0'), 'bad-selector', { code: 'hash-not-hex', what: 'type-hash', input: 'xyz' });
    rejects(() => parseGroup('12345678901234567:0'), 'bad-selector', { code: 'hash-not-hex', what: 'type-hash', input: '12345678901234567' });
    rejects(() => parseGroup('ab:0:'), 'bad-selector', { code: 'hash-not-hex', what: 'kinds-hash', input: '' });
    rejects(() => parseGroup('ab:0x1'), 'bad-selector', { code: 'schema-not-u64', input: '0x1' });
    rejects(() => parseGroup('ab:18446744073709551616'), 'bad-selector', { code: 'schema-not-u64', input: '18446744073709551616' });
    rejects(() => parseGroup('ab:-1'), 'bad-selector', { code: 'schema-not-u64', input: '-1' });
  });
});

describe('selector: durations', () => {
  it('every unit, decimals, spaces', () => {
    const cases: Array<[string, number]> = [
      ['250ms', 250],
      ['90s', 90_000],
      ['15m', 900_000],
      ['15min', 900_000],
      ['2h', 7_200_000],
      ['1.5h', 5_400_000],
      ['7d', 604_800_000],
      ['2w', 1_209_600_000],
      [' 3 d ', 259_200_000],
      ['0s', 0],
    ];
    for (const [input, ms] of cases) assert.equal(parseDuration(input), ms, input);
  });

  it('garbage, negatives and unknown units are refused with an example', () => {
    for (const bad of ['', 'soon', '-5s', '5 years', '1e3', '5x', 'h', '1.h', '5s ago']) {
      rejects(() => parseDuration(bad), 'bad-argument', { code: 'duration-not-understood', input: bad });
    }
  });

  it('a bare number is refused (it was milliseconds: 15 meant as minutes deleted writes in progress)', () => {
    for (const bare of ['15', ' 500 ', '0', '1.5']) {
      rejects(() => parseDuration(bare), 'bad-argument', { code: 'duration-no-unit', input: bare.trim() });
    }
  });

  it('more than a century is refused', () => {
    assert.equal(parseDuration('36500d'), 36_500 * 86_400_000);
    rejects(() => parseDuration('36501d'), 'bad-argument', { code: 'duration-too-long', input: '36501d' });
    rejects(() => parseDuration(`${'9'.repeat(400)}ms`), 'bad-argument', { code: 'duration-too-long', input: `${'9'.repeat(40)}…` });
  });
});
