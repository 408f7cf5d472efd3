/**
 * The extension's off-thread store read (a real worker thread running the compiled worker file) against the real
 * batpak stores: the same view as reading on the thread, Maps and Sets included, and the same input errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CacheInputError, readStore } from '../../src/core';
import { readStoreOffThread } from '../../src/extension/storeReader';
import { fixturesDir, tempDir } from './helpers';

const storesDir = path.join(fixturesDir, 'stores-0.3.0');

/** The thrown error, or a failure when there is none. */
function thrown(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  return assert.fail('expected an error');
}

describe('store read off the thread', () => {
  for (const name of fs.readdirSync(storesDir).sort()) {
    it(`${name}: gives the view readStore gives`, async () => {
      const dir = path.join(storesDir, name, 'store');
      const view = await readStoreOffThread(dir);
      assert.ok(view.entities instanceof Map && view.kinds instanceof Set);
      assert.deepEqual(view, readStore(dir));
    });
  }

  it('reads a directory once at a time: asks made while it is read share the one read after it', async () => {
    const dir = path.join(storesDir, 's1_two_sessions_closed', 'store');
    const first = readStoreOffThread(dir);
    const second = readStoreOffThread(dir);
    assert.notEqual(second, first);
    assert.equal(readStoreOffThread(dir), second);
    assert.deepEqual(await second, await first);
    const third = readStoreOffThread(dir);
    assert.notEqual(third, second);
    await third;
  });

  for (const [what, dir] of [
    ['a missing directory', () => path.join(tempDir(), 'gone')],
    ['a directory without segments', () => tempDir()],
  ] as const) {
    it(`rejects ${what} with the reader's CacheInputError, its problem unchanged`, async () => {
      const store = dir();
      const expected = thrown(() => readStore(store)) as CacheInputError;
      await assert.rejects(readStoreOffThread(store), (error) => {
        assert.ok(error instanceof CacheInputError);
        assert.equal(error.code, expected.code);
        assert.equal(error.message, expected.message);
        assert.ok(expected.problem, 'a problem for the surface to word');
        assert.deepEqual(error.problem, expected.problem);
        return true;
      });
    });
  }
});
