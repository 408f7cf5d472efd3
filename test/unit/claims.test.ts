/**
 * Claim files: an entry a removal renamed to `.batpak-explorer-<hex>-<key>.removing` for its last check, left behind
 * when the removal was cut short (a kill, a crash). Recognised by every listing, and Repair puts each back under its
 * entry name when it can, or deletes it, never replacing a newer write.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claimName, classifyName, collectStats, diagnose, entryPath, FileRecord, MAX_KEY_BYTES, recordToJson, repair, statsToJson, toHex, walk } from '../../src/core';
import { collect, emptyRoot, entryBytes, writeEntry } from './builders';
import { listFiles, repoRoot } from './helpers';

const cli = (...args: string[]): string => {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
};

/** Renames an entry to a claim name, as an interrupted removal leaves it; returns the claim's path relative to the root. */
function claim(root: string, rel: string, name = claimName(path.basename(rel, '.bin'))): string {
  const claimed = `${path.dirname(rel)}/${name}`;
  fs.renameSync(path.join(root, rel), path.join(root, claimed));
  return claimed;
}

const OLD_CLAIM = '.batpak-explorer-0123456789ab.removing';

describe('claims: names', () => {
  it('a claim name carries the entry key, for every key length batpak writes, within 255 bytes', () => {
    for (const key of [Buffer.alloc(0), Buffer.from('user:1'), Buffer.alloc(MAX_KEY_BYTES, 0xff), Buffer.from([0xfb, 0xff, 0xfe])]) {
      const keyHex = toHex(key);
      const name = claimName(keyHex);
      assert.ok(Buffer.byteLength(name) <= 255, `${name.length} bytes`);
      assert.deepEqual(classifyName(entryPath(keyHex).slice(0, 2), name, 'file'), { kind: 'claim', keyHex });
    }
    assert.notEqual(claimName('61'), claimName('61'), 'each claim has its own name');
  });

  it('a claim name without a key (an older version) or with one claimName never makes is a claim of an unknown entry', () => {
    assert.deepEqual(classifyName('61', OLD_CLAIM, 'file'), { kind: 'claim', keyHex: null });
    assert.deepEqual(classifyName('61', '.batpak-explorer-0123456789ab-YQ.removing', 'file'), { kind: 'claim', keyHex: '61' });
    assert.deepEqual(classifyName('61', '.batpak-explorer-0123456789ab-YR.removing', 'file'), { kind: 'claim', keyHex: null }, 'not canonical base64url');
  });

  it('only a regular file in a shard directory is a claim', () => {
    assert.deepEqual(classifyName('61', OLD_CLAIM, 'symlink'), { kind: 'foreign', reason: 'symlink' });
    assert.deepEqual(classifyName('61', OLD_CLAIM, 'other'), { kind: 'foreign', reason: 'not-a-regular-file' });
    assert.deepEqual(classifyName('docs', OLD_CLAIM, 'file'), { kind: 'foreign', reason: 'not-a-shard-directory' });
    for (const name of ['.batpak-explorer-0123456789a.removing', '.batpak-explorer-0123456789ab.removing~', '.batpak-explorer-0123456789ab-a+b.removing']) {
      assert.deepEqual(classifyName('61', name, 'file'), { kind: 'foreign', reason: 'unrecognized-name' }, name);
    }
  });
});

describe('claims: listings', () => {
  it('walk, ls --json and stats name a claim as such, with the entry it was', async () => {
    const root = emptyRoot();
    const kept = writeEntry(root, { entity: 'user:1', kindsHash: 1n });
    const second = writeEntry(root, { entity: 'user:2', kindsHash: 1n });
    const claimed = claim(root, second.rel);
    const unknown = claim(root, writeEntry(root, { entity: 'user:3', kindsHash: 1n }).rel, OLD_CLAIM);
    const records = new Map((await collect(walk(root))).map((r): [string, FileRecord] => [r.path, r]));
    assert.equal(records.get(kept.rel)?.kind, 'entry');
    const json = recordToJson(records.get(claimed) as FileRecord);
    assert.deepEqual({ ...json, ageMs: 0 }, { path: claimed, kind: 'claim', size: second.size, ageMs: 0, entryPath: second.rel });
    assert.equal((records.get(unknown) as FileRecord & { entryPath: unknown }).entryPath, null);
    const stats = statsToJson(await collectStats(root)) as { entries: number; foreign: number; claims: { count: number } };
    assert.deepEqual([stats.entries, stats.claims.count, stats.foreign], [1, 2, 0]);
  });
});

describe('claims: repair finishes them', () => {
  it('puts a claimed entry back under its name, byte for byte, and leaves no claim', async () => {
    const root = emptyRoot();
    const entry = writeEntry(root, { entity: 'user:1', kindsHash: 1n, value: '{"n":42}' });
    const empty = writeEntry(root, { key: Buffer.alloc(0) });
    const bytes = [fs.readFileSync(entry.abs), fs.readFileSync(empty.abs)];
    claim(root, entry.rel);
    claim(root, empty.rel);
    assert.equal((await diagnose(root)).categories.claim.count, 2);
    const summary = await repair(root);
    assert.deepEqual([summary.restored, summary.deleted, summary.failedCount], [2, 0, 0]);
    assert.deepEqual(listFiles(root), [empty.rel, entry.rel]);
    assert.deepEqual([fs.readFileSync(entry.abs), fs.readFileSync(empty.abs)], bytes);
  });

  it('deletes a claim whose name batpak wrote again meanwhile: the newer write stays', async () => {
    const root = emptyRoot();
    const entry = writeEntry(root, { entity: 'user:1', kindsHash: 1n, value: '{"n":1}' });
    claim(root, entry.rel);
    const newer = writeEntry(root, { entity: 'user:1', kindsHash: 1n, value: '{"n":2}' });
    const summary = await repair(root);
    assert.deepEqual([summary.restored, summary.deleted], [0, 1]);
    assert.deepEqual(listFiles(root), [entry.rel]);
    assert.deepEqual(fs.readFileSync(entry.abs), entryBytes({ kindsHash: 1n, value: '{"n":2}' }), `the newer write (${newer.size} bytes) stays`);
  });

  it('deletes a claim that is not a valid entry (under 16 bytes) or does not say which entry it was', async () => {
    const root = emptyRoot();
    const short = writeEntry(root, { entity: 'user:1', kindsHash: 1n });
    fs.writeFileSync(short.abs, 'too short');
    claim(root, short.rel);
    claim(root, writeEntry(root, { entity: 'user:2', kindsHash: 1n }).rel, OLD_CLAIM);
    const summary = await repair(root);
    assert.deepEqual([summary.restored, summary.deleted, summary.failedCount], [0, 2, 0]);
    assert.deepEqual(listFiles(root), []);
  });
});

describe('claims: the command line', () => {
  it('ls, stats and show name a claim and what repair does with it; repair puts it back', () => {
    const root = emptyRoot();
    const entry = writeEntry(root, { entity: 'user:1', kindsHash: 1n });
    const bytes = fs.readFileSync(entry.abs);
    const claimed = claim(root, entry.rel);
    assert.match(cli('ls', root), new RegExp(`^claimed +${bytes.length} B .*\\(interrupted removal\\) +- +${claimed}$`, 'm'));
    assert.match(cli('ls', root), /^1 file: 0 entries, 1 claimed file, /m);
    assert.match(cli('stats', root), /^Claimed +1 file, \d+ B: left by an interrupted removal, invisible to batpak \(repair puts them back\)$/m);
    assert.match(cli('show', path.join(root, claimed)), new RegExp(`Kind +an entry claimed by a removal that was interrupted: batpak cannot see it under this name \\(repair puts it back as ${entry.rel}\\)`));
    assert.match(cli('repair', root, '--dry-run'), /^ {2}put back +entries an interrupted removal left claimed +1 /m);
    assert.match(cli('repair', root, '--yes'), /^Put back 1 entry an interrupted removal had claimed\.$/m);
    assert.deepEqual(fs.readFileSync(entry.abs), bytes);
    assert.deepEqual(listFiles(root), [entry.rel]);
  });
});
