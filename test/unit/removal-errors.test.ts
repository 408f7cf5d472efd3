/**
 * A deletion the system refuses is reported with what the system said about which path: an immutable file, or a
 * file of another user in a sticky directory, is the file's doing (EPERM), not "the directory is not writable".
 * Root may delete almost anything, so the refusals are made with `chattr +i`, and by running the CLI as `nobody`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executePurge, Failure, Selector } from '../../src/core';
import { emptyRoot, JAN_2024_US, runningAsRoot, v2, writeEntry } from './builders';
import { listFiles, repoRoot, tempDir } from './helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
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
      console.log(`      skipped: chattr +i is not possible here (${refused}); the test as nobody below covers EPERM`);
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

  it('run as nobody: EACCES names a file of a directory it cannot write, EPERM a file of root in a sticky directory', function () {
    const why = !runningAsRoot ? 'not running as root' : tried('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']);
    if (why) {
      console.log(`      skipped: cannot run as nobody (${why})`);
      this.skip();
    }
    // Readable by nobody on the way down; the root and its shards belong to root.
    const root = path.join(tempDir('bce-nobody-'), 'cache');
    fs.chmodSync(path.dirname(root), 0o755);
    const closed = writeEntry(root, { key: Buffer.from([0x61, 0x00]) });
    const sticky = writeEntry(root, { key: Buffer.from([0x62, 0x00]) });
    fs.chmodSync(path.join(root, '62'), 0o1777);
    const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cli, 'purge', root, '--all', '--yes', '--json'], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    const { summary } = JSON.parse(result.stdout) as { summary: { failed: Failure[] } };
    const byPath = Object.fromEntries(summary.failed.map((f) => [f.path, f]));
    assert.equal(byPath[closed.rel].code, 'EACCES');
    assert.match(byPath[closed.rel].reason, new RegExp(`^EACCES: permission denied, unlink '${literal(closed.abs)}'$`));
    assert.equal(byPath[sticky.rel].code, 'EPERM');
    assert.match(byPath[sticky.rel].reason, new RegExp(`^EPERM: operation not permitted, unlink '${literal(sticky.abs)}'$`));
    assert.deepEqual(listFiles(root), [closed.rel, sticky.rel]);
    const human = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cli, 'purge', root, '--all', '--yes'], { encoding: 'utf8' });
    assert.match(human.stdout, new RegExp(`Failed to delete 2 files:\\n {2}61/6100\\.bin: EACCES: permission denied, unlink '${literal(closed.abs)}'\\n {2}62/6200\\.bin: EPERM: operation not permitted, unlink '${literal(sticky.abs)}'`));
  });
});
