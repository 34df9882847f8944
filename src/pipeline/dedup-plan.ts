// Whether and how a run dedups (issue 22): off, a stream filter (minterpolate) or a run that only drops
// frames leave the pipeline as it was; otherwise the plan stage answers its slots from distinct pictures.
// A range decodes a lead-in before its first source frame and a look-ahead after its last (dedupReach),
// so the repeat classifier and the re-timing see what the whole run sees around every slot.
import { Q, type Rational } from '../frames/index.js';
import type { VideoStreamInfo } from '../media/index.js';
import type { TimelineSlice } from '../timeline/index.js';
import type { Logger } from '../util/index.js';
import type { DedupPlan } from './dedup-stage.js';
import { dedupReach } from './dedup-track.js';
import { deinterlacedTimes, type DeinterlacePlan } from './picture-plan.js';
import type { RunSettings } from './run-settings.js';

export interface DedupRun {
  plan: DedupPlan;
  /** For a range: where to decode from and how many frames (lead-in and look-ahead included). */
  decode?: { from?: Rational; maxFrames: number };
  /** Frames the decoder delivers. */
  expectedFrames: number;
}

/** The dedup plan of a pair-engine run, or undefined when it does not dedup (logged when asked for but not applied). */
export function planDedupRun(
  settings: Pick<RunSettings, 'dedup'>,
  video: VideoStreamInfo,
  plan: { dropOnly: boolean; part?: TimelineSlice; deinterlace: DeinterlacePlan; decodedFrames: number },
  logger: Logger,
): DedupRun | undefined {
  const { mode, maxHold } = settings.dedup;
  if (mode === 'off') return undefined;
  if (plan.dropOnly) {
    logger.info(`dedup ${mode}: not applied; the output only keeps or drops source frames`);
    return undefined;
  }
  const { frameTimes, frameRate } = deinterlacedTimes(video, plan.deinterlace);
  const config = { mode, holdFrames: Math.max(1, Math.round(maxHold * Q.toNumber(frameRate))) };
  const part = plan.part;
  if (!part) return { plan: { config, time: (i) => frameTimes[i], offset: 0 }, expectedFrames: plan.decodedFrames };
  const reach = dedupReach(config.holdFrames);
  const first = Math.max(0, part.sourceFrom - reach.lead);
  const end = Math.min(frameTimes.length, part.sourceTo + reach.ahead + 1);
  const from = first === 0 ? undefined : Q.div(Q.add(frameTimes[first - 1], frameTimes[first]), Q.rat(2n));
  return {
    plan: { config, time: (i) => frameTimes[first + i], offset: part.sourceFrom - first },
    decode: { from, maxFrames: end - first },
    expectedFrames: end - first,
  };
}

/** The line a minterpolate run logs when dedup was asked for. */
export function dedupNotForStreamFilter(settings: Pick<RunSettings, 'dedup'>, engine: string, logger: Logger): void {
  if (settings.dedup.mode !== 'off') logger.info(`dedup ${settings.dedup.mode}: not applied; ${engine} filters the whole stream at once and cannot skip repeated frames (choose --prefer onnx, ncnn or blend to dedup)`);
}
