/** Time slices: synchronous work split over many calls still gives the event loop a turn every SLICE_MS. */
import * as assert from 'node:assert/strict';
import { SLICE_MS, TimeSlice } from '../../src/core/limit';

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
