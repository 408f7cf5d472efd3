/** Keys: bytes <-> hex <-> path, the k1/k2 store layouts parsed from the end, raw keys, and how keys read. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { acceptedLayouts, describeKey, encodeStoreKey, entityPrefix, entryPath, fromHex, keyToJson, parseKey, possibleLayouts, shardOf, toHex } from '../../src/core';
import { fuzzRuns } from './builders';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
/**
 * Entities are arbitrary bytes, often with 0x00 inside (batpak allows it: keys are parsed from the end), and sometimes
 * with the bytes of a UTF-8 byte-order mark (ef bb bf).
 */
const entity = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.array(fc.constantFrom(0, 0x61, 0x3a, 0xff, 0xef, 0xbb, 0xbf), { maxLength: 12 }).map((bytes) => Uint8Array.from(bytes)),
);

describe('key: store keys round-trip through hex and the file name', () => {
  it('k1: encode -> hex -> parse gives back entity, type hash and schema, for entities containing 0x00', () => {
    fc.assert(
      fc.property(entity, u64, u64, (ent, typeHash, schema) => {
        const keyHex = toHex(encodeStoreKey(ent, typeHash, schema));
        const info = parseKey(fromHex(keyHex) as Buffer, ['k1']);
        assert.equal(info.layout, 'k1');
        assert.deepEqual(info.entity, Buffer.from(ent));
        assert.equal(info.typeHash, typeHash);
        assert.equal(info.schemaVersion, schema);
        assert.equal(info.kindsHash, undefined);
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it('k2: encode -> hex -> parse gives back all four parts, for entities containing 0x00', () => {
    fc.assert(
      fc.property(entity, u64, u64, u64, (ent, typeHash, schema, kinds) => {
        const keyHex = toHex(encodeStoreKey(ent, typeHash, schema, kinds));
        const info = parseKey(fromHex(keyHex) as Buffer, ['k2']);
        assert.deepEqual(
          { layout: info.layout, entity: info.entity, typeHash: info.typeHash, schemaVersion: info.schemaVersion, kindsHash: info.kindsHash },
          { layout: 'k2', entity: Buffer.from(ent), typeHash, schemaVersion: schema, kindsHash: kinds },
        );
        assert.ok(entryPath(keyHex).startsWith(`${shardOf(keyHex)}/${keyHex}`));
        const text = keyToJson(info).entity;
        if (text !== null) assert.deepEqual(Buffer.from(text), Buffer.from(ent), 'the entity text is exactly its bytes');
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it("the format doc's example: user:42, 0x0123456789ABCDEF, schema 0", () => {
    const keyHex = toHex(encodeStoreKey(Buffer.from('user:42'), 0x0123456789abcdefn, 0n));
    assert.equal(keyHex, '757365723a343200efcdab89674523010000000000000000');
    assert.equal(entryPath(keyHex), '75/757365723a343200efcdab89674523010000000000000000.bin');
  });

  it('the empty key is the file 00/.bin', () => {
    assert.equal(shardOf(''), '00');
    assert.equal(entryPath(''), '00/.bin');
    assert.equal(parseKey(Buffer.alloc(0)).layout, 'raw');
  });

  it('an entity prefix is the entity followed by 0x00, so account:1 does not select account:10', () => {
    const prefix = toHex(entityPrefix(Buffer.from('account:1')));
    assert.ok(toHex(encodeStoreKey(Buffer.from('account:1'), 1n, 0n)).startsWith(prefix));
    assert.ok(!toHex(encodeStoreKey(Buffer.from('account:10'), 1n, 0n)).startsWith(prefix));
  });
});

describe('key: raw keys', () => {
  it('a key no longer than the fixed tail is raw', () => {
    assert.equal(parseKey(Buffer.alloc(16)).layout, 'raw', '16 zero bytes: no room for the separator');
    assert.deepEqual(possibleLayouts(Buffer.alloc(17)), ['k1'], '17 zero bytes: empty entity, k1 only');
  });

  it('a key whose byte before the tail is not 0x00 is raw', () => {
    const key = encodeStoreKey(Buffer.from('user:1'), 1n, 0n);
    key[key.length - 17] = 0x2f;
    assert.deepEqual(possibleLayouts(key), []);
    assert.deepEqual(parseKey(key), { layout: 'raw' });
  });

  it('text keys written through NativeCache::put are raw', () => {
    assert.equal(parseKey(Buffer.from('<script>alert(5)</script>')).layout, 'raw');
  });
});

describe('key: which layout a key is read with', () => {
  // A k2 key with a small schema version also parses as k1 (with a wrong entity): the context must decide.
  const k2 = encodeStoreKey(Buffer.from('doc:1'), 0xaan, 3n, 0xbbn);

  it('a k2 key fits both layouts; k1 alone fits only k1', () => {
    assert.deepEqual(possibleLayouts(k2), ['k2', 'k1']);
    assert.deepEqual(possibleLayouts(encodeStoreKey(Buffer.from('doc:1'), 0xaan, 3n)), ['k1']);
  });

  it('parseKey takes the first accepted layout the bytes allow', () => {
    assert.equal(parseKey(k2, ['k2', 'k1']).layout, 'k2');
    assert.equal(parseKey(k2, ['k1', 'k2']).layout, 'k1');
    assert.deepEqual(parseKey(k2, ['k2']).entity, Buffer.from('doc:1'));
    assert.notDeepEqual(parseKey(k2, ['k1']).entity, Buffer.from('doc:1'), 'a naive k1 parse gets the entity wrong');
  });

  it('acceptedLayouts: unknown context allows both; otherwise the root first, then the trailer, without repeats', () => {
    assert.deepEqual(acceptedLayouts(undefined, undefined), ['k1', 'k2']);
    assert.deepEqual(acceptedLayouts('k2', undefined), ['k2']);
    assert.deepEqual(acceptedLayouts(undefined, 'k1'), ['k1']);
    assert.deepEqual(acceptedLayouts('k2', 'k2'), ['k2']);
    assert.deepEqual(acceptedLayouts('k1', 'k2'), ['k1', 'k2']);
  });

  it('a key that fits none of the accepted layouts is raw', () => {
    const k1Only = encodeStoreKey(Buffer.from('x'), 1n, 0n);
    assert.equal(parseKey(k1Only, ['k2']).layout, 'raw');
  });
});

describe('key: JSON and display', () => {
  it('keyToJson of a k2 key: text entity, hex, 0x-prefixed 16-digit hashes, decimal schema', () => {
    const info = parseKey(encodeStoreKey(Buffer.from('user:émile'), 0x0e1273e07d1d2en, 18446744073709551615n, 0xbd60acb658c79e45n), ['k2']);
    assert.deepEqual(keyToJson(info), {
      layout: 'k2',
      entity: 'user:émile',
      entityHex: '757365723ac3a96d696c65',
      typeHash: '0x000e1273e07d1d2e',
      schemaVersion: '18446744073709551615',
      kindsHash: '0xbd60acb658c79e45',
    });
  });

  it('keyToJson of a k1 key has no kinds hash; a raw key has only its layout', () => {
    assert.equal(keyToJson(parseKey(encodeStoreKey(Buffer.from('a'), 1n, 0n), ['k1'])).kindsHash, null);
    assert.deepEqual(keyToJson({ layout: 'raw' }), { layout: 'raw', entity: null, entityHex: null, typeHash: null, schemaVersion: null, kindsHash: null });
  });

  it('an entity that is not UTF-8 has hex but no text', () => {
    const json = keyToJson(parseKey(encodeStoreKey(Buffer.from([0xff, 0xfe]), 1n, 0n), ['k1']));
    assert.equal(json.entity, null);
    assert.equal(json.entityHex, 'fffe');
  });

  it("the entity's text is exactly its bytes: a leading byte-order mark is kept", () => {
    // Were the BOM dropped, "\uFEFFuser:1" would read as user:1, and deleting entity user:1 would miss it.
    const bytes = Buffer.from('\uFEFFuser:1');
    const json = keyToJson(parseKey(encodeStoreKey(bytes, 1n, 0n), ['k1']));
    assert.equal(json.entity, '\uFEFFuser:1');
    assert.deepEqual(Buffer.from(json.entity ?? ''), bytes);
  });

  it('describeKey: printable text as is', () => {
    const key = encodeStoreKey(Buffer.from('订单:7'), 1n, 0n);
    assert.equal(describeKey(key, parseKey(key, ['k1'])), '订单:7');
    assert.equal(describeKey(Buffer.from('raw:abc'), { layout: 'raw' }), 'raw:abc');
  });

  it('describeKey: control characters show as hex with the escaped text beside it', () => {
    const key = encodeStoreKey(Buffer.from('nul\0inside\n'), 1n, 0n);
    assert.equal(describeKey(key, parseKey(key, ['k1'])), '6e756c00696e736964650a ("nul\\u0000inside\\n")');
  });

  it('describeKey: bytes that are not UTF-8 show as hex only', () => {
    assert.equal(describeKey(Buffer.from([0xff, 0xfe, 0xfd]), { layout: 'raw' }), 'fffefd');
  });
});
