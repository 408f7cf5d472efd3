/** Query by value: exact 64-bit comparisons, nothing run as code, bad queries named, and the scan that applies it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executePurge, planPurge, scanValues, ValueQuery, ValueQueryError, ValueScanProgress } from '../../src/core';
import { emptyRoot, writeEntry } from './builders';
import { copyFixture } from './helpers';

const matches = (query: string, value: string): boolean => ValueQuery.parse(query).matches(Buffer.from(value));

describe('query by value', () => {
  const account = '{"owner":"Ann","balance_cents":-5,"checksum":12638153115695167476,"recent":[{"kind":"0x2001"},{"kind":"0x2002"}],"mean":21.0}';

  it("the README's examples: a negative balance, a recent event of one kind", () => {
    assert.equal(matches('{"balance_cents": {"$lt": 0}}', account), true);
    assert.equal(matches('{"balance_cents": {"$lt": 0}}', account.replace('-5', '5')), false);
    assert.equal(matches('{"recent.kind": "0x2002"}', account), true);
    assert.equal(matches('{"recent.kind": "0x2003"}', account), false);
    assert.equal(matches('{"recent": {"$elemMatch": {"kind": "0x2002"}}}', account), true);
  });

  it('compares integers beyond 2^53 exactly, in the value and in the query', () => {
    // Both sides of each pair are the same double: only exact comparisons tell them apart.
    assert.equal(matches('{"checksum": 12638153115695167476}', account), true);
    assert.equal(matches('{"checksum": 12638153115695167477}', account), false);
    assert.equal(matches('{"checksum": {"$gt": 12638153115695167475}}', account), true);
    assert.equal(matches('{"checksum": {"$gte": 12638153115695167477}}', account), false);
    assert.equal(matches('{"checksum": {"$in": [1, 12638153115695167476]}}', account), true);
    assert.equal(matches('{"checksum": {"$mod": [10, 6]}}', account), true);
    assert.equal(matches('{"$lt": -9223372036854775807}', '-9223372036854775808'), true);
    assert.equal(matches('{"$eq": 18446744073709551615}', '18446744073709551614'), false);
    assert.equal(matches('{"mean": 21}', account), true, 'numbers by value: 21.0 is 21');
    assert.equal(matches('{"checksum": {"$type": "number"}}', account), true);
  });

  it('values that are not JSON never match, and hostile values are only data', () => {
    for (const value of ['', 'not json', '{"a":1,"a":2}', '['.repeat(100_000) + ']'.repeat(100_000)]) assert.equal(matches('{}', value), false, value.slice(0, 20));
    assert.equal(matches('{"__proto__.x": 1}', '{"__proto__":{"x":1}}'), true);
    assert.equal(matches('{"constructor": {"$exists": true}}', '{}'), false);
    assert.equal(({} as Record<string, unknown>).x, undefined, 'nothing polluted');
  });

  it('refuses $where (it would run code), says where a query stops being JSON, and names what it does not understand', () => {
    const refused = (query: string): ValueQueryError => {
      try {
        ValueQuery.parse(query);
      } catch (error) {
        assert.ok(error instanceof ValueQueryError, String(error));
        return error;
      }
      assert.fail(`${query} was accepted`);
    };
    const detail = (query: string): string => {
      const { query: problem } = refused(query);
      assert.equal(problem.code, 'query-not-understood', query);
      return problem.detail;
    };
    assert.match(detail('{"$where": "this.a > 1"}'), /\$where is not supported/);
    assert.equal(refused('{balance: 1}').position, 1);
    assert.equal(refused('{"a": [1,}').position, 9);
    assert.equal(refused('{"a": 1').position, 7);
    assert.equal(refused('{"a": 1').query.code, 'query-not-json');
    assert.deepEqual(refused('[{"a": 1}]').query, { code: 'query-not-object' });
    assert.match(detail('{"a": {"$near": 1}}'), /Unsupported operation: \$near/);
    assert.match(detail('{"a": {"$lt": [1]}}'), /\$lt takes a number or a string/);
    assert.match(detail('{"a": {"$regex": "("}}'), /Invalid regular expression/);
    assert.equal(refused('{').code, 'bad-selector');
  });
});

describe('scanValues', () => {
  it('reads each entry once with its value, reports progress, and stops when cancelled', async () => {
    const root = copyFixture('cache-0.6-c940fd5c/basic');
    const seen: ValueScanProgress[] = [];
    const where = ValueQuery.parse('{"balance_cents": {"$gt": 200000}}');
    const found = [];
    for await (const content of scanValues(root, { where, onProgress: (p) => seen.push(p) })) found.push(content.record.path);
    assert.equal(found.length, 3);
    const last = seen[seen.length - 1];
    assert.deepEqual([last.dirsDone, last.matched, last.read], [last.dirsTotal, 3, 47]);
    const controller = new AbortController();
    const scan = scanValues(root, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(async () => {
      for await (const content of scan) assert.ok(content);
    }, /aborted/i);
  });
});

describe('purge --where', () => {
  it('plans and deletes the entries whose value matches, and keeps one rewritten since so it no longer matches', async () => {
    const root = emptyRoot();
    const write = (n: number, balance: number) => writeEntry(root, { entity: `acct:${n}`, kindsHash: 5n, value: `{"balance_cents":${balance}}` });
    write(1, -5);
    write(2, 7);
    write(3, -1);
    const where = ValueQuery.parse('{"balance_cents": {"$lt": 0}}');
    const all = { kind: 'prefix', prefix: Buffer.alloc(0) } as const;
    const plan = await planPurge(root, all, { where });
    assert.equal(plan.count, 2);
    write(3, 4);
    const summary = await executePurge(root, all, { where });
    assert.deepEqual([summary.deleted, summary.skipped], [1, 2]);
    assert.deepEqual(fs.readdirSync(path.join(root, '61')).length, 2, 'acct:2 and the rewritten acct:3 are left');
  });
});
