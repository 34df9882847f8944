// Re-timing distinct pictures onto their cadence (timeline/cadence.ts): a regular run keeps its times
// exactly; pulldown's uneven first appearances land on one regular grid, never past half a frame; the
// run lengths are named for the log.
import { describe, expect, it } from 'vitest';
import { Q } from '../../src/frames/index.js';
import { cadenceTime, describeCadence } from '../../src/timeline/index.js';

const at30 = (frames: number[]): { index: number; time: ReturnType<typeof Q.rat> }[] => frames.map((f) => ({ index: f, time: Q.rat(BigInt(f), 30n) }));

describe('cadenceTime', () => {
  it('keeps the times of evenly spaced pictures (every frame new, or on twos)', () => {
    expect(cadenceTime(at30([0, 1, 2, 3, 4]), 2, Q.rat(1n, 30n), Q.rat(3n, 30n))).toBeUndefined();
    expect(cadenceTime(at30([0, 2, 4, 6, 8]), 2, Q.rat(3n, 30n), Q.rat(5n, 30n))).toBeUndefined();
  });

  it('puts 24-in-30 pulldown pictures on one regular grid, within half a delivered frame of their own', () => {
    const frames = [0, 1, 2, 3, 5, 6, 7, 8, 10];
    const points = at30(frames);
    const times = frames.map((f, m) => cadenceTime(points, m, Q.rat(BigInt(f - 1), 30n), Q.rat(BigInt(f + 1), 30n)) ?? f / 30);
    const steps = times.slice(1).map((t, m) => (t - times[m]) * 30);
    // Least squares over these nine: 1.2333 delivered frames per picture (24/30 would be 1.25).
    for (const step of steps) expect(step).toBeCloseTo(1.2333, 3);
    for (let m = 0; m < frames.length; m++) expect(Math.abs(times[m] * 30 - frames[m])).toBeLessThan(0.49);
  });
});

describe('describeCadence', () => {
  it('names twos, threes, pulldown and mixed run lengths', () => {
    expect(describeCadence(new Map([[2, 58], [1, 2]]))).toBe('cadence 2 (on twos)');
    expect(describeCadence(new Map([[3, 40]]))).toBe('cadence 3 (on threes)');
    expect(describeCadence(new Map([[1, 54], [2, 18]]))).toBe('cadence 5:4 (24-in-30 pulldown)');
    expect(describeCadence(new Map([[1, 10], [2, 10], [3, 10]]))).toBe('mixed cadence');
    expect(describeCadence(new Map([[1, 100]]))).toBe('no cadence');
  });
});
