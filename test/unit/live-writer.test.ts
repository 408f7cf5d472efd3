/**
 * Beside a live batpak service: the short variant of `npm run stress` (a writer process rewrites the root at full
 * speed while ~100 scans, listings, purges and repairs run over it), and self-tests proving its checks can fail.
 * `STRESS_SEED` replays a run's choices (the writer's timing still varies). Last, a no-writer case the stress run
 * led to: an age purge never moves an entry it keeps.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { executePurge, Selector } from '../../src/core';
import { formatReport, runStress, StressReport } from '../stress/harness';
import { DAY_US, emptyRoot, JAN_2024_US, v2, writeEntry } from './builders';

const seed = process.env.STRESS_SEED ? Number(process.env.STRESS_SEED) : undefined;

function explain(report: StressReport): string {
  const shown = report.violations.slice(0, 10).map((v) => `  ! ${v.kind} ${v.op}: ${v.detail}`);
  return `\n${formatReport(report)}\n${shown.join('\n')}\n  work directory: ${report.workDir}`;
}

describe('live writer: scans, listings, purges and repairs beside a writer process', function () {
  this.timeout(120_000); // a few seconds normally; the writer shares the machine with everything else

  it('~100 operations: no error, nothing wrongly deleted or lost, every summary count agrees with the disk', async () => {
    const report = await runStress({ ops: 100, seed });
    const figures = formatReport(report).split('\n').filter((line) => /operations beside|written by|wrongly lost|time/.test(line));
    console.log(figures.map((line) => `      ${line.trim().replace(/ {2,}/, ': ')}`).join('\n'));
    assert.deepEqual(report.violations, [], explain(report));
    assert.equal(report.wronglyLost, 0);
    assert.equal(report.ops, 100);
    assert.ok(report.writes > 300 && report.deletedByPurge > 0, `the writer wrote and purges deleted${explain(report)}`);
  });

  describe('the checks fail when something is deleted that should not be', () => {
    it('an age purge that deletes an hour too much is caught as wrong deletions', async () => {
      const widen = (s: Selector): Selector => (s.kind === 'olderThan' ? { kind: 'olderThan', cutoffUs: s.cutoffUs + 3_600_000_000n } : s);
      const report = await runStress({ ops: 12, seed, kinds: ['purge:olderThan'], sabotage: { runAs: widen } });
      fs.rmSync(report.workDir, { recursive: true, force: true });
      assert.ok(report.violations.some((v) => v.kind === 'wrong-deletion' && v.loss), explain(report));
      assert.ok(report.wronglyLost > 0);
    });

    it('an entity purge without the 0x00 (account:1 taking account:10) is caught', async () => {
      // Every operation purges an entity whose name is a prefix of others' ("x:1" of "x:10".."x:19").
      const report = await runStress({
        ops: 10,
        seed,
        kinds: ['purge:entity'],
        entityFilter: (e) => /^[a-z]+:1$/.test(e.toString()),
        sabotage: { runAs: (s) => (s.kind === 'entity' ? { kind: 'prefix', prefix: s.entity } : s) },
      });
      fs.rmSync(report.workDir, { recursive: true, force: true });
      assert.ok(report.violations.some((v) => v.kind === 'wrong-deletion'), explain(report));
    });

    it('a repair that ignores the grace period is caught deleting young temp files', async () => {
      const report = await runStress({ ops: 12, seed, kinds: ['repair'], orphanRate: 0.02, sabotage: { repairGraceMs: 0 } });
      fs.rmSync(report.workDir, { recursive: true, force: true });
      assert.ok(report.violations.some((v) => v.kind === 'young-temp'), explain(report));
    });
  });

  it('an age purge never moves an entry that is not old enough: a batpak get() meanwhile still finds it', async () => {
    const root = emptyRoot();
    const keep = writeEntry(root, { entity: 'user:1', kindsHash: 1n, trailer: v2(JAN_2024_US + DAY_US) });
    const gone = writeEntry(root, { entity: 'user:2', kindsHash: 1n, trailer: v2(JAN_2024_US - DAY_US) });
    const before = fs.statSync(keep.abs, { bigint: true });
    await new Promise((resolve) => setTimeout(resolve, 20)); // a rename or link now would show in the ctime
    const summary = await executePurge(root, { kind: 'olderThan', cutoffUs: JAN_2024_US });
    assert.deepEqual([summary.deleted, summary.skipped, summary.failedCount], [1, 1, 0]);
    assert.ok(!fs.existsSync(gone.abs));
    const after = fs.statSync(keep.abs, { bigint: true });
    assert.deepEqual([after.ino, after.ctimeNs, after.nlink], [before.ino, before.ctimeNs, 1n], 'never renamed away and linked back');
  });
});
