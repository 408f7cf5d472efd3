/** What a name inside a root is: an entry, a temp file of batpak's, or someone else's file. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyName, entryKeyHex, isShardName, listNames, NameClass } from '../../src/core';
import { emptyRoot, mkfifo } from './builders';

const entry = (keyHex: string, misplaced = false): NameClass => ({ kind: 'entry', keyHex, misplaced });
const foreign = (reason: string): NameClass => ({ kind: 'foreign', reason } as NameClass);

describe('names: entries', () => {
  it('lowercase even-length hex + .bin in its own shard is an entry', () => {
    assert.deepEqual(classifyName('61', '6100ff.bin', 'file'), entry('6100ff'));
    assert.deepEqual(classifyName('00', '.bin', 'file'), entry(''), 'the empty key');
    assert.deepEqual(classifyName('00', '00.bin', 'file'), entry('00'));
  });

  it('an entry in another shard directory is misplaced (batpak never reads it)', () => {
    assert.deepEqual(classifyName('62', '6100ff.bin', 'file'), entry('6100ff', true));
    assert.deepEqual(classifyName('61', '.bin', 'file'), entry('', true), 'the empty key outside 00/');
  });

  it('uppercase hex, odd-length hex, other extensions and suffixes are not entries', () => {
    for (const name of ['61FF.bin', '6.bin', '610.bin', '61.BIN', '61.bin.tmp', '61.bin~', ' 61.bin', '61.json', 'zz.bin', '61', '61.bin\n']) {
      assert.equal(entryKeyHex(name), undefined, name);
      assert.deepEqual(classifyName('61', name, 'file'), foreign('unrecognized-name'), name);
    }
  });
});

describe('names: temp files', () => {
  it('.tmp + exactly six ASCII letters or digits is a temp file', () => {
    for (const name of ['.tmpFNHM6c', '.tmprs6sHW', '.tmp000000', '.tmpZZZZZZ']) assert.deepEqual(classifyName('63', name, 'file'), { kind: 'temp' }, name);
  });

  it('.tmp with the wrong length or other characters is foreign', () => {
    for (const name of ['.tmpABCDE', '.tmpABCDEFG', '.tmp', '.TMPabcdef', 'tmpabcdef', '.tmpabc-ef', '.tmpabcdé', '.tmpabcdef\n']) {
      assert.deepEqual(classifyName('63', name, 'file'), foreign('unrecognized-name'), JSON.stringify(name));
    }
  });
});

describe('names: things that are not regular files', () => {
  it('a symlink is foreign whatever its name (never followed)', () => {
    for (const name of ['6100.bin', '.tmpABCDEF', 'notes']) assert.deepEqual(classifyName('61', name, 'symlink'), foreign('symlink'), name);
  });

  it('a directory inside a shard is a nested directory, even when named like an entry', () => {
    assert.deepEqual(classifyName('61', '6100.bin', 'directory'), foreign('nested-directory'));
  });

  it("a FIFO, socket or device ('other') named like an entry or temp file is not a regular file", () => {
    assert.deepEqual(classifyName('61', '6100.bin', 'other'), foreign('not-a-regular-file'));
    assert.deepEqual(classifyName('61', '.tmpABCDEF', 'other'), foreign('not-a-regular-file'));
    assert.deepEqual(classifyName('61', 'socket', 'other'), foreign('unrecognized-name'));
  });
});

describe('names: directories that are not shards', () => {
  it('shard directories are exactly two lowercase hex digits', () => {
    for (const dir of ['00', '7f', 'ff']) assert.ok(isShardName(dir), dir);
    for (const dir of ['FF', 'Ff', '0', '000', 'g0', '.git', '']) assert.ok(!isShardName(dir), dir);
  });

  it('files in a non-shard directory are foreign, even entry-named ones', () => {
    for (const dir of ['FF', 'backup', '6', '.git']) {
      assert.deepEqual(classifyName(dir, 'ff00.bin', 'file'), foreign('not-a-shard-directory'), dir);
      assert.deepEqual(classifyName(dir, '.tmpABCDEF', 'file'), foreign('not-a-shard-directory'), dir);
    }
  });
});

describe('names: classification of real directory entries', () => {
  it('listNames reads the types from the directory itself: file, directory, symlink, FIFO', async () => {
    const root = emptyRoot();
    const shard = path.join(root, '61');
    fs.mkdirSync(shard);
    fs.writeFileSync(path.join(shard, '61aa.bin'), Buffer.alloc(20));
    fs.writeFileSync(path.join(shard, '.tmpABC123'), '');
    fs.mkdirSync(path.join(shard, '61bb.bin'));
    fs.symlinkSync(path.join(shard, '61aa.bin'), path.join(shard, '61cc.bin'));
    mkfifo(path.join(shard, '61dd.bin'));
    fs.writeFileSync(path.join(shard, '62ee.bin'), Buffer.alloc(20));
    const classes = Object.fromEntries((await listNames(root, '61')).map((item) => [item.name, item.class]));
    assert.deepEqual(classes, {
      '.tmpABC123': { kind: 'temp' },
      '61aa.bin': entry('61aa'),
      '61bb.bin': foreign('nested-directory'),
      '61cc.bin': foreign('symlink'),
      '61dd.bin': foreign('not-a-regular-file'),
      '62ee.bin': entry('62ee', true),
    });
  });
});
