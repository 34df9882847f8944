// What the run does to the picture, decided before anything starts: frame depth (16-bit frames for sources
// deeper than 8 bits), deinterlacing (bwdif; one frame per field when the output rate reaches the field
// rate, so real motion replaces interpolated motion), and the encoder's pixel format and size (see
// media/output-format.ts). Everything decided here is logged and lands in the report.
import { Q, type PixelFormat, type Rational } from '../frames/index.js';
import { planOutputFormat, type OutputFormat, type VideoStreamInfo } from '../media/index.js';
import type { Deinterlace } from '../settings/index.js';
import type { Logger } from '../util/index.js';

export interface DeinterlacePlan {
  applied: boolean;
  /** The ffmpeg filter run before the frames reach the engines. */
  filter?: string;
  /** One output frame per field (the frame rate doubles) instead of one per frame. */
  fieldRate: boolean;
  reason: string;
}

export interface PicturePlan {
  frameFormat: PixelFormat;
  deinterlace: DeinterlacePlan;
  output: OutputFormat;
}

const INTERLACED = new Set(['tt', 'bb', 'tb', 'bt']);

/** Whether and how to deinterlace; `fieldRate` when the output rate reaches the field rate (2 × frame rate). */
export function planDeinterlace(video: VideoStreamInfo, when: Deinterlace, outputFps: Rational | undefined): DeinterlacePlan {
  const interlaced = INTERLACED.has(video.fieldOrder);
  if (when === 'off') return { applied: false, fieldRate: false, reason: interlaced ? `--deinterlace off (the stream says field order ${video.fieldOrder})` : '--deinterlace off' };
  if (when === 'auto' && !interlaced) return { applied: false, fieldRate: false, reason: `the stream says ${video.fieldOrder === 'unknown' ? 'nothing about fields (taken as progressive)' : 'progressive'}` };
  const fieldRate = outputFps !== undefined && Q.cmp(outputFps, Q.mul(video.frameRate, Q.rat(2n))) >= 0;
  // bwdif: motion-adaptive, the better of ffmpeg's two (yadif is its ancestor); parity from the stream.
  const filter = `bwdif=mode=${fieldRate ? 'send_field' : 'send_frame'}:parity=auto:deint=all`;
  const why = when === 'on' ? '--deinterlace on' : `the stream is interlaced (field order ${video.fieldOrder})`;
  return { applied: true, filter, fieldRate, reason: `${why}; ${fieldRate ? 'one frame per field: the output rate reaches the field rate' : 'one frame per frame'}` };
}

/**
 * The source's frame times after deinterlacing: unchanged, or two per frame (the second half a frame
 * later) when every field becomes a frame.
 */
export function deinterlacedTimes(video: VideoStreamInfo, plan: DeinterlacePlan): { frameTimes: Rational[]; frameRate: Rational } {
  if (!plan.fieldRate) return { frameTimes: video.frameTimes, frameRate: video.frameRate };
  // The second field half way to the next frame (containers with millisecond ticks jitter the frame steps).
  const last = Q.div(Q.rat(1n), Q.mul(video.frameRate, Q.rat(2n)));
  const times = video.frameTimes;
  const frameTimes = times.flatMap((t, i) => [t, Q.add(t, i + 1 < times.length ? Q.div(Q.sub(times[i + 1], t), Q.rat(2n)) : last)]);
  return { frameTimes, frameRate: Q.mul(video.frameRate, Q.rat(2n)) };
}

/** The whole picture plan for a source, an encoder, the requested options and the deinterlacing planned with the timeline (planOutput). */
export function planPicture(
  video: VideoStreamInfo,
  options: { encoder: string; scale: number; pixFmt?: string; sizeFit?: 'pad' | 'crop'; deinterlace: DeinterlacePlan },
): PicturePlan {
  const output = planOutputFormat({
    encoder: options.encoder,
    width: video.width * options.scale,
    height: video.height * options.scale,
    sourcePixFmt: video.pixFmt,
    sourceBitDepth: video.bitDepth,
    pixFmt: options.pixFmt,
    fit: options.sizeFit,
  });
  return {
    frameFormat: video.bitDepth > 8 ? 'rgb48le' : 'rgb24',
    deinterlace: options.deinterlace,
    output,
  };
}

/** Says what will happen to the picture, and why, before the run starts. */
export function logPicturePlan(logger: Logger, video: VideoStreamInfo, plan: PicturePlan): void {
  const { output, deinterlace } = plan;
  logger.info('picture', {
    pixFmt: `${video.pixFmt} (${video.bitDepth}-bit) → ${output.pixFmt ?? "the encoder's default"} (${output.bitDepth}-bit)`,
    frames: plan.frameFormat,
    color: video.color,
    hdr: video.hdr ? 'HDR10 metadata present' : undefined,
    deinterlace: deinterlace.applied ? `${deinterlace.filter} (${deinterlace.reason})` : `no (${deinterlace.reason})`,
  });
  const fit = output.fit;
  if (fit.mode !== 'exact') {
    logger.warn(`output size ${fit.width}x${fit.height}: ${fit.mode === 'pad' ? `padded by repeating the edge (${fit.right} column(s), ${fit.bottom} row(s))` : `cropped (${fit.right} column(s), ${fit.bottom} row(s) removed)`} because ${fit.reason}`);
  }
  for (const note of output.notes) logger.warn(note);
}
