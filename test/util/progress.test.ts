import { describe, expect, it } from 'vitest';
import { ProgressTracker, type ProgressEvent } from '../../src/util/progress.js';

describe('ProgressTracker', () => {
  it('reports no rate or ETA from the first instant, then a rate close to the real one and an ETA', async () => {
    const events: ProgressEvent[] = [];
    const tracker = new ProgressTracker({ stage: 'interpolate', unit: 'frames', total: 40, listener: (e) => events.push(e), minIntervalMs: 0 });
    tracker.add();
    expect(events[0]?.rate).toBe(0);
    expect(events[0]?.etaSeconds).toBeUndefined();
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 50));
      tracker.add();
    }
    const last = events.at(-1) as ProgressEvent;
    // 20 frames per second were delivered (timers only ever run late, so the rate can only be lower).
    expect(last.rate).toBeGreaterThan(5);
    expect(last.rate).toBeLessThan(25);
    expect(last.etaSeconds).toBeCloseTo((40 - 31) / last.rate, 5);
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
