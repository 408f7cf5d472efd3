/**
 * A big event store beside a cache, read in the real extension host: the read runs in a worker thread, so the host's
 * own thread keeps turning (other extensions, the tree, commands) while tens of thousands of events are decoded.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readStore } from '../../src/core';
import type { RootNode } from '../../src/extension/tree/nodes';
import { fixturesDir } from '../unit/helpers';
import { TestStore } from '../unit/storeWriter';
import { activateExtension, shownRoot, workspaceDir } from './helpers';

/** The longest the host's thread may stall while the store is read: a 10 ms timer must never wait longer. */
const LONGEST_PAUSE_MS = 150;
/** Enough events (one open segment, about 16 MB) that reading them on the host's thread stalls it for 0.5-3 s. */
const EVENTS = 50_000;

/** The longest wait of a 10 ms timer on this thread while `work` runs, in ms. */
async function longestPause(work: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  // A read that blocks the thread ends before the timer can tick again: the gap still open counts too.
  return Math.max(longest, performance.now() - last);
}

describe('the event store is read off the extension host thread', function () {
  this.timeout(120_000);
  let base: string;
  let store: string;
  let node: RootNode;

  before(async () => {
    base = path.join(workspaceDir(), 'bigstore');
    fs.rmSync(base, { recursive: true, force: true });
    const cache = path.join(base, 'orders-cache');
    fs.cpSync(path.join(fixturesDir, 'cache-0.3.0', 'basic', 'cache'), cache, { recursive: true });
    store = path.join(base, 'orders');
    const writer = new TestStore(store, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < EVENTS; i++) writer.append({ entity: `order:${i % 5000}`, kind: 0x1001 + (i % 3) });

    const api = await activateExtension();
    await vscode.commands.executeCommand('batpakCache.refresh');
    node = await shownRoot(api, cache);
    // The first read, started by the tree, ends before anything is measured.
    await node.state.statistics();
    await node.state.freshness();
    assert.equal(node.state.resolvedLink?.dir, store);
  });

  after(async () => {
    fs.rmSync(base, { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it(`keeps the host's thread answering (no pause over ${LONGEST_PAUSE_MS} ms) while the root's freshness is judged`, async () => {
    // The same check around a read on this thread fails: the store is big enough to prove something here.
    const onThread = await longestPause(async () => readStore(store));
    assert.ok(onThread >= 2 * LONGEST_PAUSE_MS, `reading on the host's thread paused it only ${Math.round(onThread)} ms: make the store bigger`);

    // Up to three tries, the best kept: on a machine shared with other jobs (load averages of 15 on 2 CPUs were seen)
    // the OS alone deschedules the thread for 150 to 400 ms, also in a bare Node process with nothing on its thread,
    // while a read on the thread pauses it for seconds every time.
    const tries: Array<{ pause: number; took: number }> = [];
    while (tries.length < 3 && !tries.some((t) => t.pause < LONGEST_PAUSE_MS)) {
      node.state.invalidateStore();
      const started = performance.now();
      const pause = await longestPause(() => node.state.freshness());
      tries.push({ pause: Math.round(pause), took: Math.round(performance.now() - started) });
    }
    const offThread = Math.min(...tries.map((t) => t.pause));
    const took = tries.map((t) => t.took).join(', ');
    console.log(`  store of ${EVENTS} events: on the thread it paused the host ${Math.round(onThread)} ms; off it, the longest pause was ${tries.map((t) => t.pause).join(', ')} ms in ${took} ms`);
    assert.equal(node.state.resolvedStore?.eventCount, EVENTS);
    assert.ok(node.state.resolvedStore?.kinds.has(0x1002), 'the kinds arrive as a Set');
    assert.ok(offThread < LONGEST_PAUSE_MS, `the host's thread paused ${Math.round(offThread)} ms while the store was read (took ${took} ms)`);
  });
});
