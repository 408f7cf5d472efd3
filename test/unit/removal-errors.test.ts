/**
 * A deletion the system refuses is reported with what the system said about which path: an immutable file, or a
 * file of another user in a sticky directory, is the file's doing (EPERM), not "the directory is not writable".
 * Root may delete almost anything, so the refusals are made with `chattr +i`, and by running the CLI as `nobody`
 * (unprivileged.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executePurge, Failure, Selector } from '../../src/core';
import { emptyRoot, JAN_2024_US, v2, writeEntry } from './builders';
import { listFiles } from './helpers';
import { unprivilegedCli } from './unprivileged';

const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs a command, or says why it could not: undefined when it ran and exited 0. */
function tried(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.error ? result.error.message : result.status === 0 ? undefined : `${command} ${args.join(' ')}: ${result.stderr.trim()}`;
}

describe('removal errors say what the system said about which path', function () {
  this.timeout(30_000);

  it('an immutable file (chattr +i): EPERM on that file, for a plain and for a checked removal', async function () {
    const root = emptyRoot();
    const locked = writeEntry(root, { entity: 'a', kindsHash: 1n, trailer: v2(JAN_2024_US) });
    const free = writeEntry(root, { entity: 'b', kindsHash: 1n, trailer: v2(JAN_2024_US) });
    const refused = tried('chattr', ['+i', locked.abs]);
    if (refused) {
      console.log(`      skipped: chattr +i is not possible here (${refused}); the sticky-directory test below covers EPERM`);
      this.skip();
    }
    try {
      const purges: Array<[Selector, RegExp]> = [
        [{ kind: 'entity', entity: Buffer.from('a') }, new RegExp(`^EPERM: operation not permitted, unlink '${literal(locked.abs)}'$`)],
        [{ kind: 'olderThan', cutoffUs: JAN_2024_US + 1n }, new RegExp(`^EPERM: operation not permitted, rename '${literal(locked.abs)}' -> '.*\\.removing'$`)],
      ];
      for (const [selector, reason] of purges) {
        const summary = await executePurge(root, selector);
        assert.equal(summary.failedCount, 1);
        const failure = summary.failed[0] as Failure;
        assert.deepEqual([failure.path, failure.code], [locked.rel, 'EPERM']);
        assert.match(failure.reason, reason);
        assert.doesNotMatch(failure.reason, /directory/);
      }
      assert.deepEqual(listFiles(root), [locked.rel], `${free.rel} went, the immutable file stays, nothing claimed is left`);
    } finally {
      tried('chattr', ['-i', locked.abs]);
    }
  });

  it('as a user permissions hold for: EACCES names a file of a directory it cannot write', function () {
    const unprivileged = unprivilegedCli(this);
    const built = emptyRoot();
    const closed = writeEntry(built, { key: Buffer.from([0x61, 0x00]) });
    const root = unprivileged.own(built);
    const abs = path.join(root, closed.rel);
    fs.chmodSync(path.join(root, '61'), 0o555);
    try {
      const result = unprivileged.run(['purge', root, '--all', '--yes', '--json']);
      assert.equal(result.status, 1, result.stderr);
      const { summary } = JSON.parse(result.stdout) as { summary: { failed: Failure[] } };
      assert.deepEqual(summary.failed, [{ path: closed.rel, code: 'EACCES', reason: `EACCES: permission denied, unlink '${abs}'` }]);
      const human = unprivileged.run(['purge', root, '--all', '--yes']);
      assert.match(human.stdout, new RegExp(`Failed to delete 1 file:\\n {2}61/6100\\.bin: EACCES: permission denied, unlink '${literal(abs)}'`));
      assert.deepEqual(listFiles(root), [closed.rel]);
    } finally {
      fs.chmodSync(path.join(root, '61'), 0o755);
    }
  });

  it("as nobody: EPERM names a file of root's in a sticky directory nobody may write", function () {
    const unprivileged = unprivilegedCli(this);
    if (unprivileged.user !== 'nobody') {
      console.log(`      skipped: only root can give a file to another user (running as ${unprivileged.user})`);
      this.skip();
    }
    const built = emptyRoot();
    const sticky = writeEntry(built, { key: Buffer.from([0x62, 0x00]) });
    const root = unprivileged.own(built);
    const abs = path.join(root, sticky.rel);
    // Root's file in root's directory, which everyone may write to but only owners delete from (sticky, like /tmp).
    fs.chownSync(abs, 0, 0);
    fs.chownSync(path.dirname(abs), 0, 0);
    fs.chmodSync(path.dirname(abs), 0o1777);
    const result = unprivileged.run(['purge', root, '--all', '--yes', '--json']);
    assert.equal(result.status, 1, result.stderr);
    const { summary } = JSON.parse(result.stdout) as { summary: { failed: Failure[] } };
    assert.deepEqual(summary.failed, [{ path: sticky.rel, code: 'EPERM', reason: `EPERM: operation not permitted, unlink '${abs}'` }]);
    assert.deepEqual(listFiles(root), [sticky.rel]);
  });
});
