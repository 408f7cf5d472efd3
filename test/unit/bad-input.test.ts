/**
 * Selectors and options that no parser produces (cli.test.ts and selector.test.ts cover what a person can type),
 * handed to the core directly as an extension command or a script might: path tricks in shard and entry selectors,
 * out-of-range numbers, a grace that is not a number. Whatever they say, nothing outside the root is planned,
 * listed or removed, nothing inside it that they do not name is removed, and nothing throws.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildEntry, diagnose, executePurge, listEntries, planPurge, removeFile, removeIfStill, repair, repairFile, Selector, summarizeEntities } from '../../src/core';
import { age, emptyRoot, entryBytes, makeCanary, snapshot, writeEntry } from './builders';

describe('bad input: selectors no parser produces, fed to the core directly', () => {
  let root: string;
  let outside: string;
  let entryName: string;
  beforeEach(() => {
    root = emptyRoot();
    const entry = writeEntry(root, { entity: 'a', kindsHash: 1n });
    writeEntry(root, { key: Buffer.from('b') });
    entryName = path.basename(entry.abs);
    // A sibling of the root holding files with the root's entry names, directly and in a directory named "61".
    outside = path.join(root, '..', 'outside');
    fs.mkdirSync(path.join(outside, '61'), { recursive: true });
    fs.writeFileSync(path.join(outside, entryName), entryBytes({ entity: 'a', kindsHash: 1n }));
    fs.writeFileSync(path.join(outside, '61', entryName), entryBytes({ entity: 'a', kindsHash: 1n }));
  });

  const cases: Array<[string, () => Selector]> = [
    ['shard ".."', () => ({ kind: 'shard', shard: '..' })],
    ['shard "." (the root itself)', () => ({ kind: 'shard', shard: '.' })],
    ['shard "" (the root itself)', () => ({ kind: 'shard', shard: '' })],
    ['shard "../outside"', () => ({ kind: 'shard', shard: '../outside' })],
    ['shard "61/../../outside/61"', () => ({ kind: 'shard', shard: '61/../../outside/61' })],
    ['shard "/"', () => ({ kind: 'shard', shard: '/' })],
    ['shard "61/" with a trailing slash', () => ({ kind: 'shard', shard: '61/' })],
    ['entry "../outside/<entry name>"', () => ({ kind: 'entry', path: `../outside/${entryName}` })],
    ['entry "61/../../outside/61/<entry name>"', () => ({ kind: 'entry', path: `61/../../outside/61/${entryName}` })],
    ['entry "61/./<entry name>"', () => ({ kind: 'entry', path: `61/./${entryName}` })],
    ['entry as an absolute path outside the root', () => ({ kind: 'entry', path: path.join(outside, '61', entryName) })],
    ['entry with a backslash separator', () => ({ kind: 'entry', path: `61\\${entryName}` })],
    ['entry ""', () => ({ kind: 'entry', path: '' })],
    ['entry naming a directory', () => ({ kind: 'entry', path: '61' })],
    ['entry ".."', () => ({ kind: 'entry', path: '..' })],
    ['a 200-byte prefix (no key is longer than 125)', () => ({ kind: 'prefix', prefix: Buffer.alloc(200, 0x61) })],
    ['a 200-byte entity', () => ({ kind: 'entity', entity: Buffer.alloc(200, 0x61) })],
    ['group hashes that are negative', () => ({ kind: 'group', typeHash: -1n, schemaVersion: -1n })],
    ['group hashes beyond 64 bits', () => ({ kind: 'group', typeHash: 2n ** 70n + 0x0123456789abcdefn, schemaVersion: 2n ** 64n })],
    ['olderThan a cutoff far before 1970', () => ({ kind: 'olderThan', cutoffUs: -(2n ** 70n) })],
  ];

  for (const [name, selector] of cases) {
    it(`${name}: plans, lists and removes nothing, and throws nothing`, async () => {
      const before = snapshot(path.join(root, '..'));
      const plan = await planPurge(root, selector());
      assert.deepEqual([plan.count, plan.bytes, plan.sample, plan.unreadable], [0, 0, [], []]);
      const listing = await listEntries(root, { selectors: [selector()], layout: undefined });
      assert.deepEqual([listing.total, await listing.page(0, 10)], [0, []]);
      // Entity counts come from names alone (documented): an age selector narrows nothing there.
      if (selector().kind !== 'olderThan') assert.deepEqual((await summarizeEntities(root, undefined, [selector()])).entities, []);
      const summary = await executePurge(root, selector());
      assert.deepEqual([summary.deleted, summary.failedCount, summary.cancelled], [0, 0, false]);
      assert.deepEqual(snapshot(path.join(root, '..')), before, 'the root and its sibling are as they were');
    });
  }

  it('a grace period that is not a number keeps every temp file', async () => {
    const temp = path.join(root, '61', '.tmpAbCd12');
    fs.writeFileSync(temp, 'half a write');
    age(temp, 86_400_000);
    for (const tempGraceMs of [Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal((await diagnose(root, { tempGraceMs })).categories.staleTemp.count, 0);
      assert.equal((await repair(root, { tempGraceMs })).deleted, 0);
      assert.ok(fs.existsSync(temp), `kept with a grace of ${tempGraceMs}`);
    }
  });
});

describe('bad input: file paths through a symlinked shard directory', () => {
  // An extension command's `{ root, files: ["61/…"] }` or an entry editor's path names a file under the root, but
  // "61" is a symlink to a directory elsewhere: the file it reaches is not the root's, and is never removed.
  let root: string;
  let canary: ReturnType<typeof makeCanary>;
  let through: string;
  beforeEach(() => {
    canary = makeCanary(); // holds files named like entries of "a", "account:1" and the raw key "a"
    root = emptyRoot();
    fs.symlinkSync(canary.dir, path.join(root, '61'));
    through = path.join(root, '61', fs.readdirSync(canary.dir).find((name) => name.endsWith('.bin'))!);
  });

  it('removeFile skips it', async () => {
    assert.deepEqual(await removeFile(through), { result: 'skipped' });
    canary.assertUntouched();
  });

  it('removeIfStill skips it, whatever the check says', async () => {
    assert.deepEqual(await removeIfStill(through, () => true), { result: 'skipped' });
    canary.assertUntouched();
  });

  it('repairFile (the entry editor) skips it, even when it reads as misplaced', async () => {
    const name = path.basename(through);
    const record = buildEntry({ dir: '61', name, keyHex: name.slice(0, -4), misplaced: true, size: 40, mtimeMs: 0, tail: Buffer.alloc(40) }, undefined);
    assert.deepEqual(await repairFile(through, record), { result: 'skipped' });
    canary.assertUntouched();
  });
});
