// The output plan of a run: the rate, whether frames are only dropped, deinterlacing (which can double the
// frames the plan works from), and every output timestamp. One function, so a queue that splits a video
// into ranges plans exactly the timeline a single run renders.
import { Q, type Rational } from '../frames/index.js';
import type { VideoStreamInfo } from '../media/index.js';
import { parseTargetFps, planTimeline, rateFromFactor, type Timeline } from '../timeline/index.js';
import { deinterlacedTimes, planDeinterlace, planPicture, type DeinterlacePlan, type PicturePlan } from './picture-plan.js';
import type { ProcessOptions } from './types.js';
import { upscaleSettings } from './upscale-stage.js';

export interface OutputPlan {
  fps: Rational;
  /** Target below the source rate (or upscale only): output frames are picked, never interpolated. */
  dropOnly: boolean;
  timeline: Timeline;
  deinterlace: DeinterlacePlan;
  /** Frames the decoder delivers (one per field when deinterlacing to the field rate). */
  decodedFrames: number;
}

/** Plans the output of `options` over the probed video (targetFps/factor/deinterlace as `interup run` reads them). */
export function planOutput(options: Pick<ProcessOptions, 'mode' | 'targetFps' | 'factor' | 'deinterlace'>, video: VideoStreamInfo): OutputPlan {
  const target = options.targetFps === undefined ? undefined : parseTargetFps(options.targetFps);
  const upscaleOnly = options.mode === 'upscale';
  // Upscale only: the source rate, every frame kept as it is (dropOnly never blends).
  const fps = upscaleOnly ? video.frameRate : (target ?? rateFromFactor(video.frameRate, options.factor ?? 2));
  const deinterlace = planDeinterlace(video, options.deinterlace ?? 'auto', upscaleOnly ? undefined : fps);
  // Deinterlacing to one frame per field doubles the source frames the plan works from.
  const frames = deinterlacedTimes(video, deinterlace);
  const dropOnly = upscaleOnly || Q.cmp(fps, frames.frameRate) < 0;
  const timeline = planTimeline(frames.frameTimes, video.duration, fps, { dropOnly });
  return { fps, dropOnly, timeline, deinterlace, decodedFrames: frames.frameTimes.length };
}

/**
 * The picture a run of `options` writes with `encoder` (size fit, pixel format, frame depth): what a run
 * plans once it knows its encoder, for whoever must match it without running it (the queue's join tags
 * the joined video with it; a split job pins its encoder, so every box and the join agree).
 */
export function planOutputPicture(options: Pick<ProcessOptions, 'mode' | 'scale' | 'tile' | 'upscaleModel' | 'pixFmt' | 'sizeFit'>, video: VideoStreamInfo, encoder: string, deinterlace: DeinterlacePlan): PicturePlan {
  return planPicture(video, { encoder, scale: upscaleSettings(options)?.scale ?? 1, pixFmt: options.pixFmt, sizeFit: options.sizeFit, deinterlace });
}
