/** A store's entities at a glance (the Event Store node and Show Entity Events…), on a store written here. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lastEventTimeUs, listStoreEntities, readStore } from '../../src/core';
import { tempDir } from './helpers';
import { int, struct } from './rmp';
import { TestStore } from './storeWriter';

describe('store entities', () => {
  it('lists every entity with its event count and last sequence, the most recently appended to first', () => {
    const dir = path.join(tempDir(), 'store');
    const store = new TestStore(dir);
    const before = Date.now();
    for (const entity of ['a', 'b', 'a', 'c', 'a', 'b']) store.append({ entity, kind: 0x2001, payload: struct({ n: int(1) }) });
    const view = readStore(dir);
    assert.deepEqual(listStoreEntities(view), [
      { entityHex: Buffer.from('b').toString('hex'), eventCount: 2, lastSequence: 5 },
      { entityHex: Buffer.from('a').toString('hex'), eventCount: 3, lastSequence: 4 },
      { entityHex: Buffer.from('c').toString('hex'), eventCount: 1, lastSequence: 3 },
    ]);
    const lastUs = lastEventTimeUs(view, Buffer.from('b'));
    assert.ok(lastUs !== null && lastUs >= Math.floor(before / 1000) * 1_000_000 && lastUs <= Date.now() * 1000 + 1000, 'the time of b\u2019s last event');
    assert.equal(lastEventTimeUs(view, Buffer.from('nobody')), null);
  });
});
