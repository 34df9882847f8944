// The report of a checkpointed run: what the segments' runs reported (engine, picture, stats summed over
// them), the joined file's own checks, and what the checkpoints did (how many segments, how many reused).
import { Q } from '../frames/index.js';
import { mapStreams, type EncoderChoice, type MediaInfo, type VideoStreamInfo } from '../media/index.js';
import type { Timeline } from '../timeline/index.js';
import type { Session } from './checkpoint-session.js';
import { mergeDedup } from './dedup-stage.js';
import type { PicturePlan } from './picture-plan.js';
import type { SegmentRange } from './plan-segments.js';
import type { RunSettings } from './run-settings.js';
import type { RunReport } from './types.js';
import type { Verification } from './verify.js';

export interface SegmentDone {
  range: SegmentRange;
  path: string;
  /** True when an earlier (interrupted) run had rendered and verified it. */
  reused: boolean;
  /** What its run reported (read back from its report file when reused). */
  report?: RunReport;
}

export interface CheckpointReportInput {
  settings: RunSettings;
  plan: { media: MediaInfo; video: VideoStreamInfo; timeline: Timeline; picture: PicturePlan; encoder: EncoderChoice; ranges: readonly SegmentRange[] };
  session: Session;
  done: readonly SegmentDone[];
  verified: Verification;
  output: string;
  wallSeconds: number;
}

const dedupOf = (done: readonly SegmentDone[]): Pick<RunReport, 'dedup'> => {
  const dedup = mergeDedup(done.map((d) => d.report?.dedup));
  return dedup ? { dedup } : {};
};
const sum = (done: readonly SegmentDone[], pick: (r: RunReport) => number | undefined): number => done.reduce((total, d) => total + ((d.report && pick(d.report)) ?? 0), 0);

export function checkpointReport(input: CheckpointReportInput): RunReport {
  const { settings, plan, session, done, verified } = input;
  const { video, timeline, picture } = plan;
  const template = done.find((d) => !d.reused)?.report ?? done.find((d) => d.report)?.report;
  const reused = done.filter((d) => d.reused);
  const seconds = (frames: number): number => Q.toNumber(Q.div(Q.rat(BigInt(frames)), timeline.fps));
  const streams = mapStreams(plan.media, input.output);
  const upscaler = session.upscaler();
  const rendered = done.filter((d) => !d.reused).reduce((n, d) => n + d.range.to - d.range.from, 0);
  return {
    ...template,
    input: settings.input,
    output: input.output,
    mode: settings.mode,
    engines: {
      interpolate: settings.mode === 'upscale' ? undefined : session.engine.info.id,
      upscale: upscaler?.upscaler.info.id ?? template?.engines.upscale,
      device: (upscaler?.upscaler ?? session.engine).info.device,
    },
    fpsIn: Q.toString(video.frameRate),
    fpsOut: Q.toString(timeline.fps),
    framesIn: video.frameCount,
    framesOut: verified.framesOut,
    framesPlanned: timeline.count,
    durationIn: Q.toNumber(video.duration),
    durationOut: verified.durationOut,
    audio: verified.audio,
    avOffsetSeconds: verified.avOffsetSeconds,
    sceneCuts: sum(done, (r) => r.sceneCuts),
    width: picture.output.fit.width,
    height: picture.output.fit.height,
    encoder: plan.encoder.name,
    wallSeconds: input.wallSeconds,
    // Frames this run rendered per second of its wall time (reused segments cost it nothing).
    averageFps: rendered / input.wallSeconds,
    checks: [...done.map((d) => `checkpoint ${d.range.index + 1}: ${d.range.to - d.range.from} frames ${d.reused ? 'reused (checked whole, frames and timestamps as planned)' : 'rendered and verified'}`), ...verified.checks],
    engineAttempts: session.attempts,
    engineSeconds: sum(done, (r) => r.engineSeconds),
    encoderBackpressureSeconds: sum(done, (r) => r.encoderBackpressureSeconds),
    interpolatedFrames: sum(done, (r) => r.interpolatedFrames),
    ...dedupOf(done),
    vfrIn: video.vfr,
    ...(upscaler ? { upscaleAttempts: upscaler.attempts, upscaleSeconds: upscaler.seconds() } : {}),
    ...(template?.picture ? { picture: { ...template.picture, color: video.color } } : {}),
    streams: { kept: streams.kept, dropped: streams.dropped },
    checkpoints: {
      segments: done.length,
      seconds: settings.options.checkpointSeconds ?? undefined,
      reused: reused.length,
      keptSeconds: seconds(reused.reduce((n, d) => n + d.range.to - d.range.from, 0)),
      resumedAt: reused.length > 0 ? (done.findIndex((d) => !d.reused) + 1 || undefined) : undefined,
    },
  };
}
