// The output plan of a run: the rate, whether frames are only dropped, and every output timestamp. One
// function, so a queue that splits a video into ranges plans exactly the timeline a single run renders.
import { Q, type Rational } from '../frames/index.js';
import type { VideoStreamInfo } from '../media/index.js';
import { parseTargetFps, planTimeline, rateFromFactor, type Timeline } from '../timeline/index.js';
import type { ProcessOptions } from './types.js';

export interface OutputPlan {
  fps: Rational;
  /** Target below the source rate (or upscale only): output frames are picked, never interpolated. */
  dropOnly: boolean;
  timeline: Timeline;
}

/** Plans the output of `options` over the probed video (targetFps/factor as `interup run` reads them). */
export function planOutput(options: Pick<ProcessOptions, 'mode' | 'targetFps' | 'factor'>, video: VideoStreamInfo): OutputPlan {
  const target = options.targetFps === undefined ? undefined : parseTargetFps(options.targetFps);
  // Upscale only: the source rate, every frame kept as it is (dropOnly never blends).
  const fps = options.mode === 'upscale' ? video.frameRate : (target ?? rateFromFactor(video.frameRate, options.factor ?? 2));
  const dropOnly = options.mode === 'upscale' || Q.cmp(fps, video.frameRate) < 0;
  return { fps, dropOnly, timeline: planTimeline(video.frameTimes, video.duration, fps, { dropOnly }) };
}
