/** Finding the event store beside a cache root, in the layouts batpak users choose, and refusing to guess. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectStoreDir } from '../../src/core';
import { fixturesDir, tempDir } from './helpers';

const realStore = path.join(fixturesDir, 'cache-0.3.0', 'basic', 'store');

/** `names` as sibling directories under a fresh parent; those in `stores` get a copy of a real store. */
function layout(names: string[], stores: string[]): string {
  const parent = tempDir('bce-link-');
  for (const name of names) {
    const dir = path.join(parent, name);
    if (stores.includes(name)) fs.cpSync(realStore, dir, { recursive: true });
    else fs.mkdirSync(dir);
  }
  return parent;
}

describe('detectStoreDir', () => {
  it('finds data/ beside cache/', async () => {
    const parent = layout(['cache', 'data', 'logs'], ['data']);
    assert.equal(await detectStoreDir(path.join(parent, 'cache')), path.join(parent, 'data'));
  });

  it('finds events beside events-cache, before a usual name that is also a store', async () => {
    const parent = layout(['events-cache', 'events', 'data'], ['events', 'data']);
    assert.equal(await detectStoreDir(path.join(parent, 'events-cache')), path.join(parent, 'events'));
  });

  it('takes the only sibling that holds segments, whatever its name', async () => {
    const parent = layout(['cache', 'ledger', 'tmp'], ['ledger']);
    assert.equal(await detectStoreDir(path.join(parent, 'cache')), path.join(parent, 'ledger'));
  });

  it('does not guess between two unusual stores, nor take a usual name without segments', async () => {
    const parent = layout(['cache', 'ledger-a', 'ledger-b', 'data'], ['ledger-a', 'ledger-b']);
    assert.equal(await detectStoreDir(path.join(parent, 'cache')), undefined);
  });

  it('finds nothing beside a root with no siblings or a parent it cannot read', async () => {
    assert.equal(await detectStoreDir(path.join(layout(['cache'], []), 'cache')), undefined);
    assert.equal(await detectStoreDir('/nonexistent/parent/cache'), undefined);
  });
});
