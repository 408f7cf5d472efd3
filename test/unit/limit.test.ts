/** Time slices: synchronous work split over many calls still gives the event loop a turn every SLICE_MS. */
import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Foreground, SLICE_MS, TimeSlice } from '../../src/core/limit';
import { collectStats } from '../../src/core/stats';
import { emptyRoot, writeEntry } from './builders';

/** Holds the event loop for `ms`, as a run of synchronous file reads does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('TimeSlice', () => {
  it('a slice made by the next call is over when earlier calls used up the slice (no restart per call)', async () => {
    // A scan describes 512 files per call, each call in less than a slice: slices that restarted with each call never
    // ended, and a 100,000-entry scan held the event loop for 500 ms at a time.
    await new TimeSlice().next();
    busy(SLICE_MS + 1);
    assert.equal(new TimeSlice().over, true, 'a new slice counts the time since the event loop last had a turn');
  });

  it('a turn of the event loop starts a new slice for every slice', async () => {
    const first = new TimeSlice();
    const second = new TimeSlice();
    busy(SLICE_MS + 1);
    assert.equal(first.over, true);
    await second.next();
    assert.equal(first.over, false, 'the turn another slice gave counts for this one');
  });
});

describe('Foreground', () => {
  it('a walk given yieldTo reads nothing while foreground work runs, and everything once it ends', async () => {
    const root = emptyRoot();
    for (let i = 0; i < 1200; i++) writeEntry(root, { key: Buffer.from([0x61, i >> 8, i & 0xff]) });
    const foreground = new Foreground();
    let release!: () => void;
    const expanding = foreground.run(() => new Promise<void>((resolve) => (release = resolve)));
    let seen = 0;
    const scan = collectStats(root, { yieldTo: foreground }, () => seen++);
    // Unpaused, 1,200 small entries take a few ms; 200 ms of event-loop turns is ample time for them.
    await sleep(200);
    assert.equal(seen, 0, 'the background walk waits while the foreground work runs');
    release();
    await expanding;
    assert.equal((await scan).entries, 1200);
    assert.equal(seen, 1200);
  });

  it('idle() resolves at once with nothing running, and run() passes on the result and the error', async () => {
    const foreground = new Foreground();
    await foreground.idle();
    assert.equal(await foreground.run(async () => 7), 7);
    await assert.rejects(foreground.run(async () => Promise.reject(new Error('boom'))), /boom/);
    await foreground.idle();
  });
});
