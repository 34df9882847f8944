// The segment planner and timeline slices: segments tile the output timeline exactly, prefer output
// frames that copy a source keyframe, and each slice reads every source frame its slots need.
import { describe, expect, it } from 'vitest';
import { Q } from '../../src/frames/index.js';
import { keyframeIndices, planSegments } from '../../src/queue/index.js';
import { planTimeline, sliceTimeline } from '../../src/timeline/index.js';

const times = (n: number, fps: number) => Array.from({ length: n }, (_, i) => Q.rat(BigInt(i), BigInt(fps)));

describe('planSegments', () => {
  it('tiles 10 s at 24 → 60 fps into 2 s segments, cutting on copied keyframes near the ideal place', () => {
    const frameTimes = times(240, 24);
    const timeline = planTimeline(frameTimes, Q.rat(10n), Q.rat(60n));
    // Source frame i is copied by output frame 2.5 i when that is whole: keyframe 49 (at 122.5) is never copied.
    const keys = keyframeIndices(frameTimes, [0, 49, 100, 150, 200].map((i) => Q.rat(BigInt(i), 24n)));
    const segments = planSegments(timeline, 2, keys);
    expect(segments.map((s) => [s.from, s.to])).toEqual([
      [0, 120],
      [120, 250],
      [250, 375],
      [375, 500],
      [500, 600],
    ]);
    // 250, 375 and 500 copy keyframes 100, 150 and 200; near 120 no output frame copies a keyframe.
    expect([250, 375, 500].map((k) => timeline.slot(k))).toEqual([100, 150, 200].map((index) => ({ index, t: Q.ZERO })));
  });

  it('keeps a short video whole and never makes an empty segment', () => {
    const timeline = planTimeline(times(30, 30), Q.rat(1n), Q.rat(60n));
    expect(planSegments(timeline, 5)).toEqual([{ index: 0, from: 0, to: 60 }]);
    const tiny = planTimeline(times(3, 30), Q.rat(1n, 10n), Q.rat(30n));
    expect(planSegments(tiny, 0.01).map((s) => s.to - s.from)).toEqual([1, 1, 1]);
  });
});

describe('sliceTimeline', () => {
  it('gives each range the full plan\'s slots, shifted to the source frames it reads', () => {
    const frameTimes = times(48, 24);
    const full = planTimeline(frameTimes, Q.rat(2n), Q.rat(60n));
    let covered = 0;
    for (const [from, to] of [[0, 37], [37, 81], [81, 120]]) {
      const part = sliceTimeline(full, from, to);
      expect(Q.cmp(part.timeline.start, Q.rat(BigInt(from), 60n))).toBe(0);
      for (let k = 0; k < part.timeline.count; k++) {
        const whole = full.slot(from + k);
        const mine = part.timeline.slot(k);
        expect(mine.index + part.sourceFrom).toBe(whole.index);
        expect(Q.cmp(mine.t, whole.t)).toBe(0);
        // The pair across the range's end is read too.
        expect(whole.index + (whole.t.num === 0n ? 1 : 2)).toBeLessThanOrEqual(part.sourceTo);
      }
      covered += part.timeline.count;
    }
    expect(covered).toBe(full.count);
    expect(() => sliceTimeline(full, 10, 10)).toThrow(RangeError);
  });
});
