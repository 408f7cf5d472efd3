/** An entry at a glance (the tree's icons): its status, a warning, or old against max_stale_ms, decided in the core. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntryRecord, entryState, walk } from '../../src/core';
import { collect, emptyRoot, JAN_2024_US, v2, writeEntry } from './builders';

describe('entryState', () => {
  it('ok until max_stale_ms has passed since cached-at, then old; corrupt and damaged-looking entries say so', async () => {
    const root = emptyRoot();
    const fine = writeEntry(root, { entity: 'a:1', kindsHash: 1n, trailer: v2(JAN_2024_US) });
    const implausible = writeEntry(root, { entity: 'a:2', kindsHash: 1n, trailer: v2(1n) });
    fs.writeFileSync(path.join(root, '61', '6162.bin'), 'too short');
    const records = new Map((await collect(walk(root))).map((record) => [record.path, record as EntryRecord]));
    const cachedAtMs = Number(JAN_2024_US / 1000n);
    const at = (rel: string, now: number): string => entryState(records.get(rel) as EntryRecord, 60_000, now);
    assert.equal(at(fine.rel, cachedAtMs + 59_999), 'ok');
    assert.equal(at(fine.rel, cachedAtMs + 60_000), 'old');
    assert.equal(at(implausible.rel, cachedAtMs), 'warning');
    assert.equal(at('61/6162.bin', cachedAtMs), 'corrupt');
  });
});
