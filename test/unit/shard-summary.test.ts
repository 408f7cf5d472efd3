/**
 * The tree's first level of a root, one read of each directory: summarizeShards' counts against a count per shard
 * from queryEntries, and the problem files of both summaries against the fixture's manifest (its orphaned temp
 * files) plus the two files the test adds, on every real batpak fixture and with filters.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listRoot, queryEntries, Selector, sniffLayout, summarizeEntities, summarizeShards } from '../../src/core';
import { copyFixture, readManifest, scenarios } from './helpers';

const FILTERS: Array<{ name: string; selectors: Selector[] }> = [
  { name: 'no filter', selectors: [] },
  { name: 'a prefix (scoped to one shard)', selectors: [{ kind: 'prefix', prefix: Buffer.from('a') }] },
  { name: 'older than now (reads trailers)', selectors: [{ kind: 'olderThan', cutoffUs: BigInt(Date.now()) * 1000n }] },
];

describe('summarizeShards', () => {
  for (const scenario of scenarios()) {
    it(`${scenario}: the counts of a count per shard, the problems of the manifest`, async () => {
      const root = copyFixture(scenario);
      // A misplaced entry (an `a…` key in shard 75, which the prefix filter's scope leaves out) and a stray file.
      fs.mkdirSync(path.join(root, '75'), { recursive: true });
      fs.writeFileSync(path.join(root, '75', '6100aa.bin'), 'misplaced, and too short');
      fs.writeFileSync(path.join(root, '75', 'notes.txt'), 'not batpak');
      const manifest = readManifest(scenario);
      const orphans = manifest.files.filter((file) => file.kind === 'orphan_tempfile');
      const problemPaths = [...orphans.map((file) => file.path), '75/6100aa.bin', '75/notes.txt'].sort();
      const { dirs } = await listRoot(root);
      // Each shard's entries in batpak's manifest, and the misplaced one the test adds.
      const manifestCounts = new Map<string, number>([['75', 1]]);
      for (const file of manifest.files) {
        if (file.kind === 'cache_entry') manifestCounts.set(file.path.slice(0, 2), (manifestCounts.get(file.path.slice(0, 2)) ?? 0) + 1);
      }
      const layout = await sniffLayout(root, dirs);
      for (const { name, selectors } of FILTERS) {
        const summary = await summarizeShards(root, layout, selectors);
        const expected = await Promise.all(
          dirs.map(async (dir) => ({ dir, entries: (await queryEntries(root, { selectors: [{ kind: 'shard', shard: dir }, ...selectors], offset: 0, limit: 0, layout })).total })),
        );
        assert.deepEqual(summary.shards, expected, name);
        if (selectors.length === 0) assert.deepEqual(summary.shards, dirs.map((dir) => ({ dir, entries: manifestCounts.get(dir) ?? 0 })), 'the manifest');
        assert.deepEqual(summary.problems.map((record) => record.path).sort(), problemPaths, name);
        assert.deepEqual((await summarizeEntities(root, layout, selectors)).problems.map((record) => record.path).sort(), problemPaths, name);
      }
    });
  }
});
