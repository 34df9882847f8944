export { planTimeline, nearerFrame, type Slot, type Timeline } from './plan.js';
export { parseTargetFps, rateFromFactor, MAX_FPS, MIN_FPS } from './fps.js';
export { sliceTimeline, type TimelineSlice } from './slice.js';
export { cadenceTime, describeCadence, type CadencePoint } from './cadence.js';
