/** Projection group names: reading the map, the most specific key, and the carry-over suggestion. */
import * as assert from 'node:assert/strict';
import { CacheInputError, GroupId, GroupNames, groupKey, parseKey, suggestCarryOver } from '../../src/core';
import { readManifest } from './helpers';

const ACCOUNT = 0x4977371ba184a5e8n;
const ACCOUNT_KINDS = 0xb638b4e6b346b64an;
const COUNTER = 0x162e1d7de073120en;

describe('group names', () => {
  it('reads keys as purge --group takes them (0x optional, any case) and reports members that name nothing', () => {
    const { names, problems } = GroupNames.fromMap({
      '0x4977371BA184A5E8:2': 'AccountBalance',
      '162e1d7de073120e:0:3205a2fdaba94fb6': ' CounterState ',
      'not a group': 'X',
      '1:2:3:4': 'Y',
      '0x1:1': 42,
      '0x2:1': '',
    });
    assert.deepEqual(
      names.entries.map((e) => [groupKey(e), e.name]),
      [
        ['4977371ba184a5e8:2', 'AccountBalance'],
        ['162e1d7de073120e:0:3205a2fdaba94fb6', 'CounterState'],
      ],
    );
    assert.deepEqual(
      problems.map((p) => [p.key, p.problem]),
      [
        ['not a group', 'bad-key'],
        ['1:2:3:4', 'bad-key'],
        ['0x1:1', 'bad-name'],
        ['0x2:1', 'bad-name'],
      ],
    );
    assert.throws(() => GroupNames.fromMap(['AccountBalance']), CacheInputError);
  });

  it('names a group by its kinds hash first, then by type and schema; k1 keys and other schemas only by the latter', () => {
    const { names } = GroupNames.fromMap({ [`${ACCOUNT.toString(16)}:2`]: 'AnyAccount', [`${ACCOUNT.toString(16)}:2:${ACCOUNT_KINDS.toString(16)}`]: 'AccountBalance' });
    assert.equal(names.nameOf({ typeHash: ACCOUNT, schemaVersion: 2n, kindsHash: ACCOUNT_KINDS }), 'AccountBalance');
    assert.equal(names.nameOf({ typeHash: ACCOUNT, schemaVersion: 2n, kindsHash: 1n }), 'AnyAccount');
    assert.equal(names.nameOf({ typeHash: ACCOUNT, schemaVersion: 2n }), 'AnyAccount', 'a k1 key has no kinds hash');
    assert.equal(names.nameOf({ typeHash: ACCOUNT, schemaVersion: 3n, kindsHash: ACCOUNT_KINDS }), undefined);
    assert.equal(names.nameOf({ typeHash: null, schemaVersion: null, kindsHash: null }), undefined, 'raw keys have no group');
  });

  it("names the fixture's account entries from the manifest's projection types", () => {
    const manifest = readManifest('cache-0.6-c940fd5c/basic');
    const types = manifest.projection_types as unknown as Array<{ name: string; type_disc_u64_hex: string; schema_version: number; relevant_kinds_hash_u64_hex: string }>;
    const { names } = GroupNames.fromMap(Object.fromEntries(types.map((t) => [`${t.type_disc_u64_hex}:${t.schema_version}:${t.relevant_kinds_hash_u64_hex}`, t.name])));
    for (const file of manifest.files.filter((f) => f.key?.store_shaped)) {
      const expected = types.find((t) => t.type_disc_u64_hex === file.key?.type_disc_u64_hex)?.name;
      assert.equal(names.nameOf(parseKey(Buffer.from(file.key_hex as string, 'hex'), ['k2'])), expected, file.path);
    }
  });

  describe('carry-over suggestions', () => {
    const named = (map: Record<string, string>) => GroupNames.fromMap(map).names;
    const group = (typeHash: bigint, schemaVersion: bigint, kindsHash?: bigint): GroupId => ({ typeHash, schemaVersion, ...(kindsHash === undefined ? {} : { kindsHash }) });

    it('suggests the one new group with the same schema and kinds hash for a name whose group is gone', () => {
      const names = named({ [`0x${ACCOUNT.toString(16)}:2:${ACCOUNT_KINDS.toString(16)}`]: 'AccountBalance', [`${COUNTER.toString(16)}:0`]: 'CounterState' });
      const current = [group(0xaaaan, 2n, ACCOUNT_KINDS), group(COUNTER, 0n, 7n), group(0xbbbbn, 2n, 9n)];
      assert.deepEqual(suggestCarryOver(names, current), [{ name: 'AccountBalance', from: `0x${ACCOUNT.toString(16)}:2:${ACCOUNT_KINDS.toString(16)}`, to: `000000000000aaaa:2:${ACCOUNT_KINDS.toString(16)}` }]);
    });

    it('suggests nothing when two new groups could be the successor, or two vanished names point at one', () => {
      const names = named({ [`${ACCOUNT.toString(16)}:2:${ACCOUNT_KINDS.toString(16)}`]: 'AccountBalance' });
      assert.deepEqual(suggestCarryOver(names, [group(0xaaaan, 2n, ACCOUNT_KINDS), group(0xbbbbn, 2n, ACCOUNT_KINDS)]), []);
      const two = named({ '0x1:0': 'One', '0x2:0': 'Two' });
      assert.deepEqual(suggestCarryOver(two, [group(0x3n, 0n, 5n)]), []);
    });

    it('carries a name without kinds hash to the type hash of the one new type at that schema (k1 roots too)', () => {
      const names = named({ '0x1:0': 'Legacy' });
      assert.deepEqual(suggestCarryOver(names, [group(0x9n, 0n), group(0x9n, 0n, 4n), group(0x8n, 1n)]), [{ name: 'Legacy', from: '0x1:0', to: '0000000000000009:0' }]);
      assert.deepEqual(suggestCarryOver(names, [group(0x1n, 0n, 4n), group(0x9n, 0n)]), [], 'the named group is still there');
    });
  });
});
