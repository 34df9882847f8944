// A run is never larger than its file (issue 19): the plan is checked against the container's duration
// before any model loads, the stages stop a run that goes past the decoder's last frame or the file's
// length, and a repaired or damaged source is decoded so the frames delivered match the plan.
import { Q, type Rational } from '../frames/index.js';
import type { DecodeOptions, MediaInfo, VideoStreamInfo } from '../media/index.js';
import { InputError, InterupError, type Logger } from '../util/index.js';

/** How far a run may go: output frames the file allows, and repeats of the last source frame after the decoder ends. */
export interface FrameLimits {
  /** (container duration + 1 s) × output fps, rounded down: no plan may be larger (issue 19). */
  maxFrames: number;
  /** Output frames that may still repeat the last source frame once the decoder has ended (its duration + 1 s). */
  tailFrames: number;
  /** Seconds the limit is computed from, and which witness said so. */
  seconds: number;
  witness: string;
}

/** The limits for `fps` over `media`: the container's duration, else the stream's own. */
export function frameLimits(media: MediaInfo, video: VideoStreamInfo, fps: Rational): FrameLimits {
  const own = Q.toNumber(video.duration);
  const container = media.duration > 0 ? media.duration : undefined;
  const seconds = container ?? own;
  const out = Q.toNumber(fps);
  const last = video.frameTimes.length > 0 ? Q.toNumber(Q.sub(Q.add(video.start, video.duration), video.frameTimes[video.frameTimes.length - 1])) : 0;
  return {
    maxFrames: Math.floor((seconds + 1) * out),
    tailFrames: Math.ceil((Math.max(0, last) + 1) * out) + 1,
    seconds,
    witness: container === undefined ? 'the video stream' : 'the container',
  };
}

/** Stops a plan larger than the file before any model loads: that is a bug, never a long run. */
export function checkPlanSize(frames: number, fps: Rational, limits: FrameLimits): void {
  if (frames <= limits.maxFrames) return;
  throw new InterupError(
    'PLAN_EXCEEDS_FILE',
    `The plan has ${frames} output frames but ${limits.witness}'s ${limits.seconds.toFixed(3)} s allow at most ${limits.maxFrames} at ${Q.toNumber(fps).toFixed(3)} fps; stopping before any work.`,
    { hint: 'This is a bug in interup; please report it with the input file.' },
  );
}

/** Output frame `k` (0-based) lies past the `maxFrames` the file allows: a bug that stops the run (exit 1), never a long run. */
export function runPastFile(k: number, maxFrames: number): InterupError {
  return new InterupError('RUN_PAST_FILE', `Output frame ${k + 1} is past the ${maxFrames} frames the file's duration allows; stopping the run.`, {
    hint: 'This is a bug in interup; please report it with the input file.',
  });
}

/** The one log line for a repaired timeline (what and why); the report carries the same. */
export function logTimingRepair(logger: Logger, video: VideoStreamInfo): void {
  if (video.timing) logger.warn(`timestamps repaired (${video.timing.kind}): ${video.timing.reason}`);
  if (video.dataErrors) logger.warn('the file has damaged data: frames the decoder loses are filled with the frame before, and report.damagedFrames counts them');
}

/** Decoder options that make the frames delivered match the repaired plan; `damaged()` reads the count afterwards. */
export function sourceDecoding(video: VideoStreamInfo): { options: Pick<DecodeOptions, 'skipFrames' | 'retimeAt' | 'fillAt' | 'onDamaged'>; damaged: () => number | undefined } {
  let damaged: number | undefined;
  const fill = video.dataErrors === true && !video.vfr;
  return {
    options: {
      ...(video.timing?.droppedFrames ? { skipFrames: video.timing.droppedFrames } : {}),
      ...(video.timing?.kind === 'retimed' ? { retimeAt: video.frameRate } : {}),
      ...(fill ? { fillAt: video.frameRate, onDamaged: (n: number) => (damaged = n) } : {}),
    },
    damaged: () => (video.dataErrors ? (damaged ?? 0) : undefined),
  };
}

/** Whether a range of this video can be found by seeking by time: not when its timestamps were replaced. */
export function seeksByTime(video: VideoStreamInfo): boolean {
  return !video.timing || video.timing.kind === 'pts-wrap';
}

/** A range (one queued segment) seeks by the file's own times: refused where the probe had to replace them. */
export function refuseRangeOnRepairedTimes(input: string, video: VideoStreamInfo): void {
  if (seeksByTime(video)) return;
  throw new InputError('RANGE_WITH_REPAIRED_TIMES', `Input ${input}'s timestamps were repaired (${video.timing?.kind ?? 'unknown'}), so a segment cannot seek in it by time.`, {
    hint: `Render it whole (no range or segmentSeconds), or re-time it first: ffmpeg -i ${input} -vf setpts=N/FRAME_RATE/TB -c:a copy fixed.mkv`,
  });
}
