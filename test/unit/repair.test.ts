/**
 * Repair on a copy of the "everything at once" fixture: what is diagnosed, what a fix removes (corrupt entries, old
 * temp files, misplaced entries) and what it never touches (young temp files, foreign files, symlinks, the outside).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose, repair, RepairDiagnosis } from '../../src/core';
import { age, entryBytes, makeCanary, mkfifo, snapshot } from './builders';
import { copyFixture, listFiles } from './helpers';

const CORRUPT = [
  '61/6163636f756e743a3200e8a584a11b37774902000000000000004ab646b3e6b438b6.bin', // 0 bytes
  '63/636f756e7465723a62657461000e1273e07d1d2e160000000000000000b64fa9abfda20532.bin', // 10 bytes
  'e8/e8aea2e58d953a3700d6b66998eb9e6c3b0700000000000000459ec758b6ac60bd.bin', // 15 bytes
];
const OLD_TEMP = '63/.tmprs6sHW';
const YOUNG_TEMP = '63/.tmpsmOid9';
const HOUR = 3_600_000;

/** A copy of delete_prefix/cache with one old and one young temp file, a misplaced entry and foreign things. */
function damagedRoot(): { root: string; misplaced: string; untouchable: string[]; canary: ReturnType<typeof makeCanary> } {
  const root = copyFixture('cache-0.6-c940fd5c/delete_prefix');
  age(path.join(root, OLD_TEMP), HOUR);
  age(path.join(root, YOUNG_TEMP), 60_000);
  // An entry copied into the wrong shard directory: batpak never reads it there.
  const misplaced = '64/757365723ac3a96d696c6500d16b4658d62df00a0000000000000000459ec758b6ac60bd.bin';
  fs.copyFileSync(path.join(root, '75', path.basename(misplaced)), path.join(root, misplaced));
  const canary = makeCanary();
  fs.writeFileSync(path.join(root, 'README.txt'), 'root file');
  fs.writeFileSync(path.join(root, '63', 'notes.txt'), 'foreign in a shard');
  fs.writeFileSync(path.join(root, '63', '.tmpWRONGlength'), 'not a temp name');
  age(path.join(root, '63', '.tmpWRONGlength'), 10 * HOUR);
  fs.symlinkSync(canary.dir, path.join(root, '99'));
  fs.symlinkSync(path.join(canary.dir, 'canary.txt'), path.join(root, '61', '6199.bin'));
  mkfifo(path.join(root, '61', '6198.bin'));
  const untouchable = ['README.txt', '63/notes.txt', '63/.tmpWRONGlength', '99', '61/6199.bin', '61/6198.bin', YOUNG_TEMP];
  return { root, misplaced, untouchable, canary };
}

function counts(diagnosis: RepairDiagnosis): Record<string, number> {
  return Object.fromEntries(Object.entries(diagnosis.categories).map(([name, report]) => [name, report.count]));
}

describe('repair: diagnose', function () {
  this.timeout(20_000); // copies of real fixtures: slow on a loaded machine, never a speed assertion
  it('finds the 3 corrupt entries, one old and one young temp file, the misplaced entry and the foreign files', async () => {
    const { root, misplaced } = damagedRoot();
    const diagnosis = await diagnose(root);
    assert.deepEqual(counts(diagnosis), { corrupt: 3, staleTemp: 1, youngTemp: 1, misplaced: 1, claim: 0, foreign: 6 });
    assert.deepEqual(diagnosis.categories.corrupt.sample, CORRUPT);
    assert.equal(diagnosis.categories.corrupt.bytes, 0 + 10 + 15);
    assert.deepEqual(diagnosis.categories.staleTemp.sample, [OLD_TEMP]);
    assert.deepEqual(diagnosis.categories.youngTemp.sample, [YOUNG_TEMP]);
    assert.deepEqual(diagnosis.categories.misplaced.sample, [misplaced]);
    assert.deepEqual(diagnosis.issues, []);
  });

  it('the grace period decides which temp files are old', async () => {
    const { root } = damagedRoot();
    assert.deepEqual(counts(await diagnose(root, { tempGraceMs: 0 })).staleTemp, 2);
    assert.deepEqual(counts(await diagnose(root, { tempGraceMs: 2 * HOUR })).staleTemp, 0);
  });

  it('changes nothing', async () => {
    const { root } = damagedRoot();
    const before = snapshot(root);
    await diagnose(root);
    assert.deepEqual(snapshot(root), before);
  });
});

describe('repair: fix', function () {
  this.timeout(20_000); // copies of real fixtures: slow on a loaded machine, never a speed assertion
  it('removes corrupt entries, old temp files and misplaced entries, and nothing else', async () => {
    const { root, misplaced, untouchable, canary } = damagedRoot();
    const before = listFiles(root);
    const summary = await repair(root);
    const removed = before.filter((f) => !listFiles(root).includes(f));
    assert.deepEqual(removed, [...CORRUPT, OLD_TEMP, misplaced].sort());
    assert.deepEqual([summary.deleted, summary.failedCount, summary.skipped, summary.cancelled], [5, 0, 0, false]);
    assert.equal(summary.bytes, 25 + fs.statSync(path.join(root, '75', path.basename(misplaced))).size, 'corrupt + empty temp + misplaced');
    for (const rel of untouchable) assert.ok(fs.lstatSync(path.join(root, rel)), `${rel} is still there`);
    canary.assertUntouched();
    assert.deepEqual(counts(await diagnose(root)), { corrupt: 0, staleTemp: 0, youngTemp: 1, misplaced: 0, claim: 0, foreign: 6 }, 'a second look finds only what repair leaves alone');
  });

  it('keeps a corrupt entry that batpak rewrote after the scan saw it', async () => {
    const { root } = damagedRoot();
    const rewritten = path.join(root, CORRUPT[1]);
    const fresh = entryBytes({ value: '{"count":3}' });
    let done = false;
    const summary = await repair(root, {
      onProgress: () => {
        // Once repair is in 63/ (the old temp there is gone), batpak replaces the corrupt entry further down the list.
        if (!done && !fs.existsSync(path.join(root, OLD_TEMP))) {
          fs.writeFileSync(`${rewritten}.new`, fresh);
          fs.renameSync(`${rewritten}.new`, rewritten);
          done = true;
        }
      },
    });
    assert.ok(done);
    assert.deepEqual(fs.readFileSync(rewritten), fresh);
    assert.deepEqual([summary.deleted, summary.skipped], [4, 1]);
  });

  it('cancelling after any fix returns a summary whose count is exactly what left the disk', async () => {
    // Five fixes; some are the last file of their directory, so the walk is between directories when it stops.
    for (let stopAfter = 1; stopAfter <= 5; stopAfter++) {
      const { root } = damagedRoot();
      const before = listFiles(root).length;
      const controller = new AbortController();
      const onProgress = (progress: { deleted: number }): void => {
        if (progress.deleted === stopAfter) controller.abort();
      };
      const summary = await repair(root, { signal: controller.signal, onProgress });
      assert.equal(summary.cancelled, true, `stopped after ${stopAfter}`);
      assert.equal(summary.deleted, stopAfter);
      assert.equal(before - listFiles(root).length, summary.deleted);
    }
  });
});
