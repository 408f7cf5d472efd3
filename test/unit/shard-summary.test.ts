/**
 * The tree's first level of a root, one read of each directory: summarizeShards' counts per shard and the problem
 * files of both summaries against the fixture's manifest (its entries, their keys and cached-at times, its orphaned
 * temp files) plus the two files the test adds, on every real batpak fixture and with filters.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listRoot, Selector, sniffLayout, summarizeEntities, summarizeShards } from '../../src/core';
import { copyFixture, ManifestFile, readManifest, scenarios } from './helpers';

const NOW_US = BigInt(Date.now()) * 1000n;

/** Each filter, and whether it takes an entry of the manifest (`dir`: its directory; `keyHex`: from its name). */
const FILTERS: Array<{ name: string; selectors: Selector[]; takes: (dir: string, keyHex: string, file: ManifestFile | undefined) => boolean }> = [
  { name: 'no filter', selectors: [], takes: () => true },
  // Scoped to shard 61: the misplaced `a…` entry the test adds in 75 is left out.
  { name: 'a prefix (scoped to one shard)', selectors: [{ kind: 'prefix', prefix: Buffer.from('a') }], takes: (dir, keyHex) => dir === '61' && keyHex.startsWith('61') },
  {
    name: 'older than now (reads trailers)',
    selectors: [{ kind: 'olderThan', cutoffUs: NOW_US }],
    takes: (_dir, _keyHex, file) => file?.cached_at_us !== undefined && file.cached_at_us !== null && BigInt(file.cached_at_us) < NOW_US,
  },
];

describe('summarizeShards', () => {
  for (const scenario of scenarios()) {
    it(`${scenario}: the counts and the problem files of the manifest, with each filter`, async () => {
      const root = copyFixture(scenario);
      // A misplaced entry (an `a…` key in shard 75, which the prefix filter's scope leaves out) and a stray file.
      fs.mkdirSync(path.join(root, '75'), { recursive: true });
      fs.writeFileSync(path.join(root, '75', '6100aa.bin'), 'misplaced, and too short');
      fs.writeFileSync(path.join(root, '75', 'notes.txt'), 'not batpak');
      const manifest = readManifest(scenario);
      const orphans = manifest.files.filter((file) => file.kind === 'orphan_tempfile');
      const problemPaths = [...orphans.map((file) => file.path), '75/6100aa.bin', '75/notes.txt'].sort();
      const { dirs } = await listRoot(root);
      // batpak's entries, and the misplaced one the test adds (too short: no trailer).
      const entries: Array<{ dir: string; keyHex: string; file: ManifestFile | undefined }> = [
        ...manifest.files.filter((file) => file.kind === 'cache_entry').map((file) => ({ dir: file.path.slice(0, 2), keyHex: path.basename(file.path, '.bin'), file })),
        { dir: '75', keyHex: '6100aa', file: undefined },
      ];
      const layout = await sniffLayout(root, dirs);
      for (const { name, selectors, takes } of FILTERS) {
        const summary = await summarizeShards(root, layout, selectors);
        const expected = dirs.map((dir) => ({ dir, entries: entries.filter((entry) => entry.dir === dir && takes(entry.dir, entry.keyHex, entry.file)).length }));
        assert.deepEqual(summary.shards, expected, `${name}: the manifest's entries`);
        assert.deepEqual(summary.problems.map((record) => record.path).sort(), problemPaths, name);
        assert.deepEqual((await summarizeEntities(root, layout, selectors)).problems.map((record) => record.path).sort(), problemPaths, name);
      }
    });
  }
});
