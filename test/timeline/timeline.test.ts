import { describe, expect, it } from 'vitest';
import { Q, type Rational } from '../../src/frames/index.js';
import { nearerFrame, parseTargetFps, planTimeline, rateFromFactor } from '../../src/timeline/index.js';
import { InputError } from '../../src/util/errors.js';

const cfrTimes = (n: number, fps: Rational): Rational[] => Array.from({ length: n }, (_, i) => Q.div(Q.rat(i), fps));

describe('target fps parsing', () => {
  it('reads integers, NTSC decimals and exact fractions', () => {
    expect(Q.toString(parseTargetFps('70'))).toBe('70');
    expect(Q.toString(parseTargetFps('59.94'))).toBe('60000/1001');
    expect(Q.toString(parseTargetFps('23.976'))).toBe('24000/1001');
    expect(Q.toString(parseTargetFps('60000/1001'))).toBe('60000/1001');
    expect(Q.toString(parseTargetFps('12.5'))).toBe('25/2');
  });

  it.each(['0', '-5', '5000', 'fast', '1/0', ''])('rejects %j with an InputError naming the flag', (text) => {
    expect(() => parseTargetFps(text)).toThrow(InputError);
    expect(() => parseTargetFps(text)).toThrow(/--target-fps/);
  });

  it('multiplies the source rate for --factor and rejects silly factors', () => {
    expect(Q.toString(rateFromFactor(Q.rat(24000n, 1001n), 2))).toBe('48000/1001');
    expect(() => rateFromFactor(Q.rat(30n), 0)).toThrow(/--factor/);
    expect(() => rateFromFactor(Q.rat(30n), 100)).toThrow(/--factor/);
  });
});

describe('timeline', () => {
  it('doubles 30 fps: even outputs copy (t = 0), odd ones sit exactly half way', () => {
    const fps = Q.rat(30n);
    const tl = planTimeline(cfrTimes(30, fps), Q.rat(1n), Q.rat(60n));
    expect(tl.count).toBe(60);
    for (let k = 0; k < 58; k++) {
      const s = tl.slot(k);
      expect(s.index).toBe(k >> 1);
      expect(Q.toString(s.t)).toBe(k % 2 === 0 ? '0' : '1/2');
    }
    // Past the last source frame the last frame repeats.
    expect(tl.slot(59)).toEqual({ index: 29, t: Q.ZERO });
  });

  it('maps 24000/1001 → 70 exactly: every output time is recovered from (index, t)', () => {
    const src = Q.rat(24000n, 1001n);
    const n = 48;
    const times = cfrTimes(n, src);
    const duration = Q.div(Q.rat(n), src);
    const out = Q.rat(70n);
    const tl = planTimeline(times, duration, out);
    expect(tl.count).toBe(Number(Q.round(Q.mul(duration, out))));
    let copies = 0;
    for (let k = 0; k < tl.count; k++) {
      const { index, t } = tl.slot(k);
      expect(Q.cmp(t, Q.ZERO)).toBeGreaterThanOrEqual(0);
      expect(Q.cmp(t, Q.rat(1n))).toBeLessThan(0);
      if (index < n - 1) {
        const time = Q.add(times[index], Q.mul(t, Q.sub(times[index + 1], times[index])));
        expect(Q.cmp(time, Q.div(Q.rat(k), out))).toBe(0);
      }
      if (t.num === 0n) copies++;
    }
    // 70 and 24000/1001 share a frame time only at 0 within two seconds: exactly one exact copy.
    expect(copies).toBeGreaterThanOrEqual(1);
    expect(Math.abs(Q.toNumber(tl.duration) - Q.toNumber(duration))).toBeLessThanOrEqual(1 / 70);
  });

  it('uses real timestamps for VFR input', () => {
    // Frames at 0, 0.1, 0.3, 0.4: an output at 0.2 sits half way between frames 1 and 2.
    const times = [Q.rat(0n), Q.rat(1n, 10n), Q.rat(3n, 10n), Q.rat(4n, 10n)];
    const tl = planTimeline(times, Q.rat(1n, 2n), Q.rat(10n));
    expect(tl.count).toBe(5);
    expect(tl.slot(2)).toEqual({ index: 1, t: Q.rat(1n, 2n) });
    expect(tl.slot(3)).toEqual({ index: 2, t: Q.ZERO });
  });

  it('drops frames for a lower target: 30 → 24 picks the nearest source frame, never blends', () => {
    const tl = planTimeline(cfrTimes(30, Q.rat(30n)), Q.rat(1n), Q.rat(24n), { dropOnly: true });
    expect(tl.count).toBe(24);
    const picked = Array.from({ length: 24 }, (_, k) => tl.slot(k));
    expect(picked.every((s) => s.t.num === 0n)).toBe(true);
    expect(picked.map((s) => s.index).slice(0, 6)).toEqual([0, 1, 3, 4, 5, 6]);
    expect(new Set(picked.map((s) => s.index)).size).toBe(24);
  });

  it('repeats the nearer frame across a cut', () => {
    expect(nearerFrame({ index: 4, t: Q.rat(1n, 3n) })).toEqual({ index: 4, t: Q.ZERO });
    expect(nearerFrame({ index: 4, t: Q.rat(2n, 3n) })).toEqual({ index: 5, t: Q.ZERO });
  });
});
