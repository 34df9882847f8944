// Re-timing distinct pictures onto their cadence (dedup, issue 22): a picture drawn on twos, on threes or
// carried by 24-in-30 pulldown first appears on a delivered frame near, not at, the time it was drawn.
// Fitting a regular grid (least squares, time against the pictures' order) over a few neighbours gives each
// picture its drawn time; a run of pictures that is already regular keeps its times exactly.
import { Q, type Rational } from '../frames/index.js';

/** One point of the fit: a picture's first delivered frame (its index) and that frame's time. */
export interface CadencePoint {
  index: number;
  time: Rational;
}

/**
 * The re-timed time (seconds) of `points[at]` on the regular grid through `points` (neighbours of one
 * segment, in order), clamped to less than half a delivered frame either side of its own frame
 * (`before`/`after`: the times of the delivered frames next to it), so pictures never change order.
 * Undefined when the points are already evenly spaced (or too few to fit): the picture keeps its time.
 */
export function cadenceTime(points: readonly CadencePoint[], at: number, before: Rational | undefined, after: Rational | undefined): number | undefined {
  if (points.length < 3 || evenlySpaced(points)) return undefined;
  const n = points.length;
  const base = Q.toNumber(points[0].time);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let m = 0; m < n; m++) {
    const y = Q.toNumber(points[m].time) - base;
    sx += m;
    sy += y;
    sxx += m * m;
    sxy += m * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / n;
  const own = Q.toNumber(points[at].time);
  let time = base + intercept + slope * at;
  // Strictly inside the half-frames either side: neighbours' clamps never meet.
  if (before !== undefined) time = Math.max(time, own - 0.49 * (own - Q.toNumber(before)));
  if (after !== undefined) time = Math.min(time, own + 0.49 * (Q.toNumber(after) - own));
  return Math.abs(time - own) < 1e-9 ? undefined : time;
}

function evenlySpaced(points: readonly CadencePoint[]): boolean {
  const step = Q.sub(points[1].time, points[0].time);
  for (let m = 2; m < points.length; m++) if (Q.cmp(Q.sub(points[m].time, points[m - 1].time), step) !== 0) return false;
  return true;
}

/** Words for the run lengths (delivered frames per picture) seen: "cadence 2 (on twos)", "24-in-30 pulldown", "mixed". */
export function describeCadence(runs: ReadonlyMap<number, number>): string {
  let pictures = 0;
  for (const count of runs.values()) pictures += count;
  if (pictures === 0) return 'no pictures';
  const share = (length: number): number => (runs.get(length) ?? 0) / pictures;
  if (share(1) > 0.9) return 'no cadence';
  if (share(2) >= 0.8) return 'cadence 2 (on twos)';
  if (share(3) >= 0.8) return 'cadence 3 (on threes)';
  if (share(1) + share(2) >= 0.9 && share(2) >= 0.15 && share(2) <= 0.35) return 'cadence 5:4 (24-in-30 pulldown)';
  if (share(2) + share(3) >= 0.9 && share(2) >= 0.35 && share(3) >= 0.35) return 'cadences 2 and 3 (24-in-60 pulldown, or twos and threes mixed)';
  return 'mixed cadence';
}
