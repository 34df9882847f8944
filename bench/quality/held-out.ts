// The held-out-frame method: keep every `stride`-th frame of a real clip, rebuild the frames in between
// from the kept pairs, and compare them with the true frames that were dropped.

export interface HeldOut {
  /** Index of the dropped frame in the clip. */
  index: number;
  /** Index k of the kept pair (kept[k], kept[k + 1]) that rebuilds it. */
  pair: number;
  /** Its timestep between them, 0 < t < 1. */
  t: number;
}

/** Kept frame indices and the dropped frames that lie between two kept ones (a trailing tail is ignored). */
export function heldOutPlan(frameCount: number, stride: number): { kept: number[]; heldOut: HeldOut[] } {
  if (!Number.isInteger(stride) || stride < 2) throw new RangeError(`Expected an integer stride ≥ 2 but received ${stride}`);
  const kept: number[] = [];
  for (let i = 0; i < frameCount; i += stride) kept.push(i);
  const heldOut: HeldOut[] = [];
  for (let k = 0; k + 1 < kept.length; k++) {
    for (let j = 1; j < stride; j++) heldOut.push({ index: kept[k] + j, pair: k, t: j / stride });
  }
  return { kept, heldOut };
}
