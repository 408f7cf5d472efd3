/**
 * Deleting files named one by one (the extension's Delete Entry): every name is checked before anything goes, only
 * batpak's files of shard directories pass, and a young temp file goes only when the caller allows it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDeletion, claimName, deleteFiles } from '../../src/core';
import { age, emptyRoot, mkfifo, writeEntry } from './builders';
import { listFiles } from './helpers';

const GRACE = 15 * 60_000;

describe('deletion: checking named files', () => {
  it('entries, misplaced entries and temp files pass, with their kind and whether a temp file is young', async () => {
    const root = emptyRoot();
    const entry = writeEntry(root, { entity: 'user:1', kindsHash: 1n });
    const misplaced = `62/${path.basename(entry.abs)}`;
    fs.mkdirSync(path.join(root, '62'));
    fs.copyFileSync(entry.abs, path.join(root, misplaced));
    fs.writeFileSync(path.join(root, '75', '.tmpOLDone'), 'x');
    age(path.join(root, '75', '.tmpOLDone'), 2 * GRACE);
    fs.writeFileSync(path.join(root, '75', '.tmpNEWone'), 'x');
    const check = await checkDeletion(root, [entry.rel, misplaced, '75/.tmpOLDone', '75/.tmpNEWone'], { tempGraceMs: GRACE });
    assert.deepEqual(check.refused, []);
    assert.deepEqual(
      check.files.map((f) => [f.path, f.kind, f.young]),
      [
        [entry.rel, 'entry', false],
        [misplaced, 'misplaced', false],
        ['75/.tmpOLDone', 'temp', false],
        ['75/.tmpNEWone', 'temp', true],
      ],
    );
  });

  it('anything else is refused by name, with why: outside a shard, not batpak, a claim, a symlink', async () => {
    const root = emptyRoot();
    const entry = writeEntry(root, { entity: 'user:1', kindsHash: 1n });
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'README.md'), 'notes');
    fs.writeFileSync(path.join(root, 'README.md'), 'notes');
    fs.writeFileSync(path.join(root, '75', 'notes.txt'), 'notes');
    const claimed = claimName('75aa');
    fs.writeFileSync(path.join(root, '75', claimed), 'claimed');
    fs.symlinkSync(entry.abs, path.join(root, '75', '75bb.bin'));
    fs.symlinkSync(path.join(root, '75'), path.join(root, '76'));
    fs.mkdirSync(path.join(root, '75', '75cc.bin'));
    mkfifo(path.join(root, '75', '75dd.bin'));
    const names = ['docs/README.md', 'README.md', '../cache/README.md', '/etc/passwd', '75/notes.txt', `75/${claimed}`, '75/75bb.bin', '76/75aa.bin', '75/75cc.bin', '75/75dd.bin', '75'];
    const check = await checkDeletion(root, names, { tempGraceMs: GRACE });
    assert.deepEqual(check.files, []);
    assert.deepEqual(
      check.refused.map((r) => [r.path, r.reason]),
      [
        ['docs/README.md', 'not-a-shard-directory'],
        ['README.md', 'outside-shard'],
        ['../cache/README.md', 'outside-shard'],
        ['/etc/passwd', 'outside-shard'],
        ['75/notes.txt', 'unrecognized-name'],
        [`75/${claimed}`, 'claim'],
        ['75/75bb.bin', 'symlink'],
        ['76/75aa.bin', 'symlink'],
        ['75/75cc.bin', 'nested-directory'],
        ['75/75dd.bin', 'not-a-regular-file'],
        ['75', 'outside-shard'],
      ],
    );
  });
});

describe('deletion: deleting checked files', () => {
  it('a young temp file is kept unless allowed; an old one and the entries go', async () => {
    const root = emptyRoot();
    const entry = writeEntry(root, { entity: 'user:1', kindsHash: 1n });
    fs.writeFileSync(path.join(root, '75', '.tmpOLDone'), 'x');
    age(path.join(root, '75', '.tmpOLDone'), 2 * GRACE);
    fs.writeFileSync(path.join(root, '75', '.tmpNEWone'), 'x');
    const check = await checkDeletion(root, [entry.rel, '75/.tmpOLDone', '75/.tmpNEWone'], { tempGraceMs: GRACE });
    const kept = await deleteFiles(check.files, { tempGraceMs: GRACE, allowYoungTemp: false });
    assert.deepEqual([kept.deleted, kept.skipped], [2, 1]);
    assert.deepEqual(listFiles(root), ['75/.tmpNEWone']);
    const allowed = await deleteFiles(check.files, { tempGraceMs: GRACE, allowYoungTemp: true });
    assert.deepEqual([allowed.deleted, allowed.skipped], [1, 2]);
    assert.deepEqual(listFiles(root), []);
  });
});
