// Splits one video's output timeline into segments of about N seconds. Each boundary is an output frame
// that copies a source keyframe when one is near the ideal place (decoding a segment then starts right
// at its first frame), else the ideal frame itself: any output frame is a valid boundary, since a
// segment reads every source frame its own slots need.
import { Q, type Rational } from '../frames/index.js';
import type { Timeline } from '../timeline/index.js';

export interface SegmentRange {
  index: number;
  /** Output frames [from, to). */
  from: number;
  to: number;
}

/** Source frame indices of the keyframe times (each matched to the frame shown at that time). */
export function keyframeIndices(frameTimes: readonly Rational[], keyTimes: readonly Rational[]): Set<number> {
  const found = new Set<number>();
  let i = 0;
  for (const time of keyTimes) {
    while (i + 1 < frameTimes.length && Q.cmp(frameTimes[i + 1], time) <= 0) i++;
    found.add(i);
  }
  return found;
}

/** Plans the segments; a video shorter than 1.5 segments stays one. */
export function planSegments(timeline: Timeline, segmentSeconds: number, keyframes: ReadonlySet<number> = new Set()): SegmentRange[] {
  if (!(segmentSeconds > 0)) throw new RangeError(`Expected a positive segment length but received ${segmentSeconds}`);
  const per = Math.max(1, Math.round(segmentSeconds * Q.toNumber(timeline.fps)));
  const n = Math.max(1, Math.round(timeline.count / per));
  const bounds = [0];
  // Look up to a quarter segment either side of the ideal boundary for a copied keyframe.
  const reach = Math.floor(per / 4);
  for (let j = 1; j < n; j++) {
    const ideal = Math.round((j * timeline.count) / n);
    let best = ideal;
    for (let d = 0; d <= reach; d++) {
      const hit = [ideal - d, ideal + d].find((k) => k > bounds[bounds.length - 1] && k < timeline.count && isKeyframeCopy(timeline, k, keyframes));
      if (hit !== undefined) {
        best = hit;
        break;
      }
    }
    if (best > bounds[bounds.length - 1] && best < timeline.count) bounds.push(best);
  }
  bounds.push(timeline.count);
  return bounds.slice(0, -1).map((from, index) => ({ index, from, to: bounds[index + 1] }));
}

function isKeyframeCopy(timeline: Timeline, k: number, keyframes: ReadonlySet<number>): boolean {
  const slot = timeline.slot(k);
  return slot.t.num === 0n && keyframes.has(slot.index);
}
