/** readEntryEndSync: an entry's size and last bytes in one read when it is small, and the regular-file check kept. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NotRegularFileError, readEntryEndSync } from '../../src/core/fileio';
import { mkfifo } from './builders';
import { tempDir } from './helpers';

describe('readEntryEndSync', () => {
  const dir = tempDir();
  const file = (name: string, size: number): string => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, Buffer.from(Array.from({ length: size }, (_, i) => i % 251)));
    return at;
  };

  it('reads a file under 4 KiB whole: its size and last bytes, and no mtime (it was not stat-ed)', () => {
    for (const size of [1, 39, 40, 41, 4095]) {
      const end = readEntryEndSync(file(`small-${size}`, size), 40);
      assert.equal(end.size, size);
      assert.deepEqual(end.bytes, fs.readFileSync(path.join(dir, `small-${size}`)).subarray(Math.max(0, size - 40)));
      assert.equal(end.mtimeMs, undefined);
    }
  });

  it('stats a file of 4 KiB or more, and an empty one, as readFileTailSync does', () => {
    for (const size of [0, 4096, 100_000]) {
      const at = file(`big-${size}`, size);
      const end = readEntryEndSync(at, 40);
      assert.equal(end.size, size);
      assert.deepEqual(end.bytes, fs.readFileSync(at).subarray(Math.max(0, size - 40)));
      assert.equal(end.mtimeMs, fs.statSync(at).mtimeMs);
    }
  });

  it('a directory or a FIFO is not a regular file; a symlink is not followed', () => {
    const sub = path.join(dir, 'sub.bin');
    fs.mkdirSync(sub);
    assert.throws(() => readEntryEndSync(sub, 40), NotRegularFileError);
    const fifo = path.join(dir, 'fifo.bin');
    mkfifo(fifo);
    assert.throws(() => readEntryEndSync(fifo, 40), NotRegularFileError);
    const link = path.join(dir, 'link.bin');
    fs.symlinkSync(file('target', 10), link);
    assert.throws(() => readEntryEndSync(link, 40), (error: NodeJS.ErrnoException) => error.code === 'ELOOP');
  });
});
