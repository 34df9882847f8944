import { describe, expect, it } from 'vitest';
import { ProgressTracker, type ProgressEvent } from '../../src/util/progress.js';

describe('ProgressTracker', () => {
  it('reports no rate or ETA from the first instant, then the delivered rate and an ETA from it', () => {
    // A stepped clock: 20 frames per second delivered exactly, whatever the machine's load.
    let now = 1_000;
    const events: ProgressEvent[] = [];
    const tracker = new ProgressTracker({ stage: 'interpolate', unit: 'frames', total: 40, listener: (e) => events.push(e), minIntervalMs: 0, now: () => now });
    tracker.add();
    expect(events[0]?.rate).toBe(0);
    expect(events[0]?.etaSeconds).toBeUndefined();
    for (let i = 0; i < 30; i++) {
      now += 50;
      tracker.add();
    }
    const last = events.at(-1) as ProgressEvent;
    // Half-second samples: 11 frames in the first (the one at t=0 counts), then 10 and 10, smoothed
    // 0.7/0.3: 22 → 21.4 → 20.98 frames per second.
    expect(last.elapsedSeconds).toBeCloseTo(1.5, 9);
    expect(last.rate).toBeCloseTo(20.98, 9);
    expect(last.etaSeconds).toBeCloseTo((40 - 31) / 20.98, 9);
  });

  it('always emits the final event even when throttled', () => {
    const events: ProgressEvent[] = [];
    const tracker = new ProgressTracker({ stage: 's', unit: 'x', total: 3, listener: (e) => events.push(e), minIntervalMs: 60_000 });
    tracker.add();
    tracker.add();
    tracker.add();
    expect(events.map((e) => e.done)).toEqual([1, 3]);
  });
});
