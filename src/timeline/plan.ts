// The output schedule: for every output timestamp, the source pair (i, i+1) and the timestep t in [0,1).
// All arithmetic is exact (rationals); t = 0 means "copy source frame i unchanged".
import { Q, type Rational } from '../frames/index.js';

export interface Slot {
  /** Source frame index i: the last source frame at or before this output time. */
  index: number;
  /** Position between frame i and frame i+1, in [0,1). Zero copies frame i. */
  t: Rational;
}

export interface Timeline {
  fps: Rational;
  /** Number of output frames. */
  count: number;
  /** Output time of frame 0 (the source's first frame time). */
  start: Rational;
  /** Seconds the output lasts (count / fps). */
  duration: Rational;
  /** True when the target is below the source rate: output frames are picked, never interpolated. */
  dropOnly: boolean;
  slot(k: number): Slot;
}

/**
 * Plans `round(duration × fps)` output frames at start + k/fps over source frames shown at `frameTimes`
 * (ascending, real timestamps for VFR). Output times past the last source frame repeat it. With
 * `dropOnly` (a target below the source rate) every output frame is the source frame nearest in time:
 * frames are dropped, never blended.
 */
export function planTimeline(frameTimes: readonly Rational[], duration: Rational, fps: Rational, options: { dropOnly?: boolean } = {}): Timeline {
  if (frameTimes.length === 0) throw new RangeError('Cannot plan a timeline without source frames');
  const start = frameTimes[0];
  const count = Math.max(1, Number(Q.round(Q.mul(duration, fps))));
  const step = Q.div(Q.rat(1n), fps);
  const last = frameTimes.length - 1;
  const slot = (k: number): Slot => {
    if (!Number.isInteger(k) || k < 0 || k >= count) throw new RangeError(`Output frame ${k} is outside 0..${count - 1}`);
    const time = Q.add(start, Q.mul(step, Q.rat(BigInt(k))));
    // Binary search: largest i with frameTimes[i] <= time.
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (Q.cmp(frameTimes[mid], time) <= 0) lo = mid;
      else hi = mid - 1;
    }
    if (lo === last) return { index: last, t: Q.ZERO };
    const t = Q.div(Q.sub(time, frameTimes[lo]), Q.sub(frameTimes[lo + 1], frameTimes[lo]));
    return options.dropOnly ? nearerFrame({ index: lo, t }) : { index: lo, t };
  };
  return { fps, count, start, duration: Q.mul(Q.rat(BigInt(count)), step), dropOnly: options.dropOnly === true, slot };
}

/** Across a scene cut nothing is morphed: the nearer source frame is repeated (t < ½ → i, else i+1). */
export function nearerFrame(slot: Slot): Slot {
  return Q.cmp(slot.t, Q.rat(1n, 2n)) < 0 ? { index: slot.index, t: Q.ZERO } : { index: slot.index + 1, t: Q.ZERO };
}
