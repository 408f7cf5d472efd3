/**
 * A purge cut short at random points (SIGKILL; two Ctrl-Cs 2 ms apart), then `repair`: the root always ends as the
 * purge left it or finished it, never in between. Every entry is either there with its original bytes or deleted as
 * the selector asked, no claim file is left, and the young entries the selector spares are never lost. Two Ctrl-Cs
 * leave no claim even before the repair: the batch in hand is settled before the CLI quits.
 * `KILL_TEST_ENTRIES=20000 KILL_TEST_RUNS=10` for a longer run.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeTrailer, entryPath, repair, toHex } from '../../src/core';
import { v2 } from './builders';
import { listFiles, repoRoot, tempDir } from './helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const ENTRIES = Number(process.env.KILL_TEST_ENTRIES ?? 3000);
const RUNS = Number(process.env.KILL_TEST_RUNS ?? 2);
const MS = 1000n;

interface Root {
  root: string;
  /** Every entry's bytes, and whether the purge (older than 30 min) spares it. */
  entries: Map<string, { bytes: Buffer; young: boolean }>;
}

/** Entries in shards 61 to 64, one in five cached just now (the others two hours ago). */
function makeTemplate(): Root {
  const root = path.join(tempDir('bce-kill-'), 'template');
  const now = BigInt(Date.now());
  const entries = new Map<string, { bytes: Buffer; young: boolean }>();
  for (let i = 0; i < ENTRIES; i++) {
    const young = i % 5 === 0;
    const keyHex = toHex(Buffer.from([0x61 + (i % 4), i >> 16, (i >> 8) & 0xff, i & 0xff]));
    const bytes = Buffer.concat([Buffer.from(`{"n":${i}}`), encodeTrailer(v2((young ? now : now - 7_200_000n) * MS))]);
    const rel = entryPath(keyHex);
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), bytes);
    entries.set(rel, { bytes, young });
  }
  return { root, entries };
}

let template: Root;

/**
 * A fresh root of the template's entries, hard-linked (quicker than writing them on a loaded machine): a purge and a
 * repair only rename, link and unlink names, never write a file, so the template's bytes stay as they are.
 */
function makeRoot(): Root {
  const root = path.join(tempDir('bce-kill-'), 'cache');
  for (const rel of template.entries.keys()) {
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.linkSync(path.join(template.root, rel), path.join(root, rel));
  }
  return { root, entries: template.entries };
}

const claims = (root: string): string[] => listFiles(root).filter((file) => file.endsWith('.removing'));

/** Starts `purge --older-than 30m --yes`, waits until it is deleting, then interrupts it `how` at a random point. */
async function interruptedPurge(root: string, how: 'SIGKILL' | 'SIGINT twice'): Promise<{ status: number | null; stdout: string }> {
  const child = spawn(process.execPath, [cli, 'purge', root, '--older-than', '30m', '--yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const first = path.join(root, '61');
  const total = fs.readdirSync(first).length;
  let exited = false;
  void closed.then(() => (exited = true));
  const claimSeen = (): boolean => fs.readdirSync(first).some((name) => name.endsWith('.removing'));
  if (how === 'SIGKILL') {
    // Deleting has started once the first shard changes (a claim appears, or an entry is gone).
    while (!exited && !claimSeen() && fs.readdirSync(first).length === total) await sleep(1);
    await sleep(Math.random() * 60);
    child.kill('SIGKILL');
  } else {
    // While files are claimed: what two quick Ctrl-Cs used to leave behind.
    while (!exited && !claimSeen()) await sleep(1);
    await sleep(Math.random() * 5);
    child.kill('SIGINT');
    await sleep(2);
    child.kill('SIGINT');
  }
  return { status: await closed, stdout };
}

/**
 * Repairs the root (in-process, to keep the test quick: the CLI's repair makes the same call, as claims.test.ts shows)
 * and checks it is consistent; returns how many claims were put back.
 */
async function repairAndCheck({ root, entries }: Root): Promise<number> {
  const summary = await repair(root);
  assert.equal(summary.deleted, 0, 'every claim was a valid entry whose name was free: none is deleted');
  assert.deepEqual(summary.failed, []);
  assert.deepEqual(claims(root), [], 'no claim file is left after repair');
  for (const file of listFiles(root)) assert.ok(entries.has(file), `${file} is one of the entries`);
  for (const [rel, { bytes, young }] of entries) {
    const now = fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel)) : undefined;
    if (young) assert.ok(now, `the young entry ${rel} is never lost`);
    if (now) assert.deepEqual(now, bytes, `${rel} holds its original bytes`);
  }
  return summary.restored;
}

describe('a purge interrupted at random points, then repair', function () {
  this.timeout(120_000);

  before(() => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run node esbuild.mjs first`);
    template = makeTemplate();
  });

  it(`SIGKILL mid-purge of ${ENTRIES} entries: repair puts back what was claimed, and the root is consistent`, async () => {
    let runs = 0;
    let claimed = 0;
    // At random points; until a kill has caught claims in flight (the case repair must finish), within bounds.
    while (runs < RUNS || (claimed === 0 && runs < RUNS * 5)) {
      const made = makeRoot();
      const { status } = await interruptedPurge(made.root, 'SIGKILL');
      assert.equal(status, null, 'killed');
      const left = claims(made.root).length;
      assert.equal(await repairAndCheck(made), left, 'each claim left by the kill is put back');
      claimed += left;
      runs++;
    }
    console.log(`      ${runs} kills; ${claimed} claims left by them, all put back by repair`);
    assert.ok(claimed > 0, `some kill caught claims in flight (${runs} runs)`);
  });

  it(`two Ctrl-Cs 2 ms apart mid-purge of ${ENTRIES} entries: the batch in hand is settled, no claim is left, exit 130`, async () => {
    let stopped = 0;
    for (let run = 0; run < RUNS; run++) {
      const made = makeRoot();
      const { status, stdout } = await interruptedPurge(made.root, 'SIGINT twice');
      if (status === 130) stopped++;
      assert.deepEqual(claims(made.root), [], 'settled before quitting: nothing is left claimed');
      // A purge that ended before the second Ctrl-C exits 0; one stopped by it says so.
      if (status !== 0) {
        assert.equal(status, 130, stdout);
        assert.match(stdout, /Cancelled: the files not reached yet were left as they were\./);
      }
      assert.equal(await repairAndCheck(made), 0);
    }
    console.log(`      ${RUNS} purges interrupted twice, ${stopped} of them stopped by the second Ctrl-C; none left a claim`);
  });
});
