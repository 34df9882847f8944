// A range of the output timeline, as one box of many renders it: output frames [from, to) of the full
// plan, with source indices counted from the first source frame the range reads.
import { Q } from '../frames/index.js';
import type { Timeline } from './plan.js';

export interface TimelineSlice {
  /** The range as a timeline of its own: slot(k) is slot(from + k) of the full plan, indices shifted. */
  timeline: Timeline;
  /** First source frame the range reads (its slots' indices are relative to it). */
  sourceFrom: number;
  /** One past the last source frame it reads: every pair a slot interpolates (or tests for a cut) is inside. */
  sourceTo: number;
}

/** Output frames [from, to) of `full`; the range's start time is exactly that of output frame `from`. */
export function sliceTimeline(full: Timeline, from: number, to: number): TimelineSlice {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > full.count || from >= to) {
    throw new RangeError(`Expected an output range inside 0..${full.count} but received [${from}, ${to})`);
  }
  const first = full.slot(from);
  const sourceFrom = first.index;
  let sourceTo = sourceFrom + 1;
  for (let k = from; k < to; k++) {
    const slot = full.slot(k);
    // A slot between two frames reads both (and scene detection compares exactly that pair).
    sourceTo = Math.max(sourceTo, slot.index + (slot.t.num === 0n ? 1 : 2));
  }
  const step = Q.div(Q.rat(1n), full.fps);
  const count = to - from;
  const timeline: Timeline = {
    fps: full.fps,
    count,
    start: Q.add(full.start, Q.mul(step, Q.rat(BigInt(from)))),
    duration: Q.mul(step, Q.rat(BigInt(count))),
    dropOnly: full.dropOnly,
    slot: (k: number) => {
      if (!Number.isInteger(k) || k < 0 || k >= count) throw new RangeError(`Output frame ${k} is outside 0..${count - 1}`);
      const slot = full.slot(from + k);
      return { index: slot.index - sourceFrom, t: slot.t };
    },
  };
  return { timeline, sourceFrom, sourceTo };
}
