// processVideo: probe → plan → decode → engine → encode → verify → report, for one local file. The public
// entry fills defaults (run-settings.ts) over internalProcessVideo, which requires every field; each step
// of a run is a named function below.
import { FramePool, Q, frameBytes, type Rational } from '../frames/index.js';
import { isStreamFilter, type Interpolator, type SelectedInterpolator } from '../engines/index.js';
import { chooseEncoder, decodeFrames, probeMedia, startEncoder, type EncoderChoice, type MediaInfo, type VideoEncoder, type VideoStreamInfo } from '../media/index.js';
import type { Timeline, TimelineSlice } from '../timeline/index.js';
import { InputError, ProgressTracker, withCleanup, type Logger, type ProgressListener } from '../util/index.js';
import { chooseInterpolator } from './choose-interpolator.js';
import { dedupNotForStreamFilter, planDedupRun } from './dedup-plan.js';
import { describeDedup } from './dedup-stage.js';
import { prepareOutput, type OutputFile } from './output-file.js';
import { planRange, rangeDecode, refuseRangeFolder, refuseRangeStreamFilter } from './range.js';
import { resolveOutput } from './output-dir.js';
import { logPicturePlan, type PicturePlan } from './picture-plan.js';
import { planOutput, planOutputPicture } from './plan-output.js';
import { resolveRunSettings, type RunSettings } from './run-settings.js';
import { runPairStages, runStreamStages, type StageStats } from './stages.js';
import type { ProcessContext, ProcessVideo, RunReport } from './types.js';
import { chooseOrder, startUpscaleStage, type SessionContext, type UpscaleOrder, type UpscaleStage } from './upscale-stage.js';
import { verifyOutput, verifyRange, type Verification } from './verify.js';
import { checkPlanSize, frameLimits, logTimingRepair, refuseRangeOnRepairedTimes, sourceDecoding, type FrameLimits } from './timing-guard.js';

export { DEFAULT_SCENE_THRESHOLD } from './run-settings.js';

/** The pipeline's public entry point (see ProcessVideo in types.ts): checks and defaults, then the run. */
export const processVideo: ProcessVideo = async (options, context) => internalProcessVideo(resolveRunSettings(options), context);

/** What the probe found, checked: the source has a video stream with enough frames for the mode. */
interface Source {
  media: MediaInfo;
  video: VideoStreamInfo;
}

/** The output timeline: its rate, whether it only drops/copies frames, and every slot; the picture (size fit, bit depth, deinterlacing). */
interface RunPlan {
  fps: Rational;
  dropOnly: boolean;
  /** The slots this run renders: the whole plan, or its range (options.range). */
  timeline: Timeline;
  /** Set for a range (one segment of a queued job): which source frames it reads. */
  part?: TimelineSlice;
  picture: PicturePlan;
  /** Frames the decoder delivers (one per field when deinterlacing to the field rate). */
  decodedFrames: number;
  /** How far the run may go whatever the plan says (timing-guard.ts). */
  limits: FrameLimits;
}

/** One run with every setting resolved. */
export async function internalProcessVideo(settings: RunSettings, context: SessionContext): Promise<RunReport> {
  const began = performance.now();
  const { logger, signal } = context;
  const source = await probeSource(settings, signal, context.probed);
  const encoderChoice = await chooseEncoder(settings.encoder, settings.crf, logger, { bitDepth: source.video.bitDepth, hdr: source.video.hdr !== undefined, output: settings.output });
  const plan = planRun(settings, source, encoderChoice, logger);
  const output = await prepareRunOutput(settings, plan, logger);
  logger.info('checks', { sceneDetect: settings.scene.enabled, sceneThreshold: settings.scene.enabled ? settings.scene.threshold : undefined });
  const { engine, attempts } = await chooseInterpolator(settings, plan.picture.frameFormat, context);
  let upscaler: UpscaleStage | undefined;
  let encoder: VideoEncoder | undefined;
  return withCleanup(
    async () => {
      if (settings.upscale) upscaler = await (context.startUpscale ?? startUpscaleStage)(settings.upscale, source.video, settings.options, context);
      const order = chooseStageOrder(settings, engine, upscaler, plan, logger);
      const scale = upscaler?.scale ?? 1;
      encoder = startRunEncoder(settings, source, plan, encoderChoice, output, scale, context);
      const stats = await streamFrames({ settings, source, plan, engine, upscaler, upscaleFirst: order === 'upscale-first', encoder, context });
      await encoder.finish();
      const fit = plan.picture.output.fit;
      const verified = plan.part ? await verifyRange(output.temp, plan.timeline, signal, fit) : await verifyOutput(output.temp, source.media, plan.timeline, signal, fit);
      for (const check of verified.checks) logger.info(`check passed: ${check}`);
      if (verified.probe) context.onRangeVerified?.(verified.probe);
      const report = buildReport({ settings, source, plan, output, encoderChoice, engine, attempts, upscaler, order, stats, encoder, verified, wallSeconds: (performance.now() - began) / 1000 });
      await output.commit(report);
      logger.info('done', { output: output.path, frames: verified.framesOut, seconds: report.wallSeconds.toFixed(1), fps: report.averageFps.toFixed(1), checks: verified.checks.length });
      return report;
    },
    (failed) => [
      failed && ['stop the encoder', () => encoder?.kill()],
      failed && ['remove the partial output', () => output.discard()],
      ['dispose the interpolator', () => engine.dispose()],
      ['dispose the upscaler', () => upscaler?.dispose()],
    ],
  );
}

/** Probes the input and refuses one with too few frames for the mode. */
async function probeSource(settings: RunSettings, signal: AbortSignal | undefined, probed?: MediaInfo): Promise<Source> {
  const media = probed ?? (await probeMedia(settings.input, { signal }));
  const video = media.video;
  if (!video) throw new Error('probe returned no video stream');
  if (video.frameCount < (settings.mode === 'upscale' ? 1 : 2)) {
    throw new InputError('INPUT_TOO_SHORT', `Input ${settings.input} has ${video.frameCount} video frame${video.frameCount === 1 ? '' : 's'}; at least two are needed to interpolate.`, {
      hint: 'Give a longer video.',
    });
  }
  return { media, video };
}

/** Plans every output frame (upscale only: the source rate, every frame kept as it is; dropOnly never blends) and the picture. */
function planRun(settings: RunSettings, source: Source, encoderChoice: EncoderChoice, logger: Logger): RunPlan {
  const { video, media } = source;
  // planOutput is also what the queue splits by, so a segment's slots are exactly the whole run's.
  const { fps, dropOnly, timeline: whole, deinterlace, decodedFrames } = planOutput(settings.options, video);
  const picture = planOutputPicture(settings.options, video, encoderChoice.name, deinterlace);
  logPicturePlan(logger, video, picture);
  const range = settings.options.range;
  if (range) refuseRangeOnRepairedTimes(settings.input, video);
  const part = range ? planRange(settings.input, range, whole, deinterlace) : undefined;
  const timeline = part?.timeline ?? whole;
  const limits = frameLimits(media, video, fps);
  logTimingRepair(logger, video);
  checkPlanSize(whole.count, fps, limits);
  logger.info('plan', {
    input: settings.input,
    size: `${video.width}x${video.height}`,
    fpsIn: Q.toString(video.frameRate),
    vfr: video.vfr,
    framesIn: video.frameCount,
    fpsOut: Q.toString(fps),
    pixFmt: `${video.pixFmt} → ${picture.output.pixFmt ?? 'ffmpeg default'}`,
    framesOut: timeline.count,
    audio: media.audio.length,
    subtitles: media.subtitles.length,
    rotation: video.rotation,
    dropOnly,
    ...(part ? { range: `${range?.from}..${(range?.to ?? 0) - 1}` } : {}),
  });
  return { fps, dropOnly, timeline, part, picture, decodedFrames: part ? part.sourceTo - part.sourceFrom : decodedFrames, limits };
}

/** The output path (a folder means `<input name>.<fps>fps[.<scale>x].<ext>` inside it), prepared for a temp-name write. */
async function prepareRunOutput(settings: RunSettings, plan: RunPlan, logger: Logger): Promise<OutputFile> {
  const destination = await resolveOutput(settings.output, settings.input, { fps: settings.mode === 'upscale' ? undefined : plan.fps, scale: settings.upscale?.scale });
  if (destination.dir && plan.part) refuseRangeFolder(settings.output);
  if (destination.dir) logger.info(`output folder ${settings.output}: writing ${destination.path}`);
  return prepareOutput(destination.path, settings.input, logger);
}

/** Whether the engine runs as one ffmpeg filter over the whole stream (minterpolate, when it interpolates). */
function runsAsStreamFilter(engine: Interpolator, plan: RunPlan): boolean {
  return isStreamFilter(engine) && !plan.dropOnly;
}

/** --mode both: upscale before or after interpolating, whichever costs less (docs/upscale.md). */
function chooseStageOrder(settings: RunSettings, engine: Interpolator, upscaler: UpscaleStage | undefined, plan: RunPlan, logger: Logger): UpscaleOrder | undefined {
  if (!upscaler || settings.mode !== 'both') return undefined;
  const order = chooseOrder(upscaler.upscaler, upscaler.scale, { id: engine.info.id, streamFilter: runsAsStreamFilter(engine, plan) });
  logger.info(`mode both: ${order.order}`, { why: order.reason });
  return order.order;
}

/** Starts ffmpeg writing the temp output at the run's size and rate, copying audio and subtitles. */
function startRunEncoder(settings: RunSettings, source: Source, plan: RunPlan, choice: EncoderChoice, output: OutputFile, scale: number, context: ProcessContext): VideoEncoder {
  return startEncoder({
    output: output.temp,
    width: source.video.width * scale,
    height: source.video.height * scale,
    fps: plan.fps,
    start: plan.timeline.start,
    codecArgs: choice.args,
    // A range is video only: the join attaches the source's audio, subtitles and metadata once.
    copyFrom: plan.part ? undefined : source.media,
    frameFormat: plan.picture.frameFormat,
    outputFormat: plan.picture.output,
    color: source.video.color,
    hdr: source.video.hdr,
    logger: context.logger,
    signal: context.signal,
  });
}

/** Counts written frames; the tracker starts at the first one, so ffmpeg's start-up does not drag the first rate and ETA down. */
function frameProgress(total: number, listener: ProgressListener | undefined): { add(n?: number): void } {
  let progress: ProgressTracker | undefined;
  return {
    add: (n = 1): void => {
      progress ??= new ProgressTracker({ stage: 'interpolate', unit: 'frames', total, listener });
      progress.add(n);
    },
  };
}

interface StreamInput {
  settings: RunSettings;
  source: Source;
  plan: RunPlan;
  engine: Interpolator;
  upscaler: UpscaleStage | undefined;
  upscaleFirst: boolean;
  encoder: VideoEncoder;
  context: ProcessContext;
}

/** Decode → engine (→ upscale) → encode, concurrently: as one ffmpeg filter, or pair by pair. */
async function streamFrames(input: StreamInput): Promise<StageStats> {
  return runsAsStreamFilter(input.engine, input.plan) ? streamThroughFilter(input) : streamPairs(input);
}

/** Whole-stream engines: ffmpeg decodes and interpolates; the plan pads or trims what it returns. */
async function streamThroughFilter({ settings, source, plan, engine, upscaler, encoder, context }: StreamInput): Promise<StageStats> {
  if (!isStreamFilter(engine)) throw new Error('internal: not a stream filter');
  if (plan.part) refuseRangeStreamFilter(engine.info.id);
  const { width, height } = source.video;
  const filter = engine.streamFilter(plan.fps, { sceneDetect: settings.scene.enabled, sceneThreshold: settings.scene.given, width, height });
  context.logger.info(`engine ${engine.info.id} runs as one ffmpeg filter over the whole stream`, { filter });
  dedupNotForStreamFilter(settings, engine.info.id, context.logger);
  const repaired = sourceDecoding(source.video).options;
  const frames = decodeFrames(settings.input, {
    width,
    height,
    filter: [plan.picture.deinterlace.filter, filter].filter(Boolean).join(','),
    skipFrames: repaired.skipFrames,
    retimeAt: repaired.retimeAt,
    fpsMode: 'cfr',
    pixelFormat: plan.picture.frameFormat,
    signal: context.signal,
  });
  const tracker = frameProgress(plan.timeline.count, context.onProgress);
  const stats = await runStreamStages({ frames, timeline: plan.timeline, encoder, transform: upscaler?.transform, tracker, limits: plan.limits, tap: context.frameTap, signal: context.signal });
  if (stats.padded > 0 || stats.dropped > 0) context.logger.info('filter output fitted to the plan', { padded: stats.padded, dropped: stats.dropped });
  return stats;
}

/** Pair engines: every output slot is a source frame or one engine call on the pair around it. */
async function streamPairs({ settings, source, plan, engine, upscaler, upscaleFirst, encoder, context }: StreamInput): Promise<StageStats> {
  const { width, height } = source.video;
  // Reused frame buffers (decode and engine outputs), unless upscaling first turns them into other sizes.
  const format = plan.picture.frameFormat;
  const pool = upscaleFirst ? undefined : new FramePool(frameBytes(width, height, format));
  const dedup = planDedupRun(settings, source.video, { ...plan, deinterlace: plan.picture.deinterlace }, context.logger);
  const range = plan.part ? (dedup?.decode ?? rangeDecode(source.video.frameTimes, plan.part)) : {};
  const repaired = sourceDecoding(source.video);
  const decoded = decodeFrames(settings.input, { width, height, pool, filter: plan.picture.deinterlace.filter, pixelFormat: format, signal: context.signal, ...(plan.part ? range : repaired.options) });
  const frames = upscaleFirst && upscaler ? upscaler.upscaleAll(decoded, context.signal) : decoded;
  const stats = await runPairStages({
    frames,
    expectedFrames: dedup?.expectedFrames ?? plan.decodedFrames,
    timeline: plan.timeline,
    engine,
    scene: settings.scene,
    encoder,
    transform: upscaleFirst ? undefined : upscaler?.transform,
    tracker: frameProgress(plan.timeline.count, context.onProgress),
    limits: plan.part ? undefined : plan.limits,
    tap: context.frameTap,
    pool,
    signal: context.signal,
    dedup: dedup?.plan,
  });
  if (stats.dedup) context.logger.info(`dedup ${settings.dedup.mode}: ${describeDedup(stats.dedup)}`, { ...stats.dedup });
  if (pool) context.logger.debug('frame buffers', { ...pool.stats });
  return { ...stats, damagedFrames: repaired.damaged() };
}

interface ReportInput {
  settings: RunSettings;
  source: Source;
  plan: RunPlan;
  output: OutputFile;
  encoderChoice: EncoderChoice;
  engine: Interpolator;
  attempts: SelectedInterpolator['attempts'];
  upscaler: UpscaleStage | undefined;
  order: UpscaleOrder | undefined;
  stats: StageStats;
  encoder: VideoEncoder;
  verified: Verification;
  wallSeconds: number;
}

/** What `<output>.report.json` says about the run. */
function buildReport(r: ReportInput): RunReport {
  const { video } = r.source;
  const { picture } = r.plan;
  const scale = r.upscaler?.scale ?? 1;
  return {
    input: r.settings.input,
    output: r.output.path,
    mode: r.settings.mode,
    engines: {
      interpolate: r.settings.mode === 'upscale' ? undefined : r.engine.info.id,
      upscale: r.upscaler?.upscaler.info.id,
      device: (r.upscaler?.upscaler ?? r.engine).info.device,
    },
    fpsIn: Q.toString(video.frameRate),
    fpsOut: Q.toString(r.plan.fps),
    framesIn: video.frameCount,
    framesOut: r.verified.framesOut,
    framesPlanned: r.plan.timeline.count,
    durationIn: Q.toNumber(video.duration),
    durationOut: r.verified.durationOut,
    audio: r.verified.audio,
    avOffsetSeconds: r.verified.avOffsetSeconds,
    sceneCuts: r.stats.sceneCuts,
    width: picture.output.fit.width,
    height: picture.output.fit.height,
    encoder: r.encoderChoice.name,
    picture: {
      pixFmtIn: video.pixFmt,
      pixFmtOut: picture.output.pixFmt,
      bitDepthIn: video.bitDepth,
      bitDepthOut: picture.output.bitDepth,
      frames: picture.frameFormat,
      sizeFit: picture.output.fit,
      color: video.color,
      hdr: r.encoder.hdr,
      deinterlace: picture.deinterlace,
      notes: picture.output.notes,
    },
    streams: { kept: r.encoder.streams.kept, dropped: r.encoder.streams.dropped },
    wallSeconds: r.wallSeconds,
    averageFps: r.plan.timeline.count / r.wallSeconds,
    checks: r.verified.checks,
    engineAttempts: r.attempts,
    ...(r.engine.fallbacks?.length ? { engineFallbacks: [...r.engine.fallbacks] } : {}),
    engineSeconds: r.stats.engineSeconds,
    encoderBackpressureSeconds: r.stats.encoderBackpressureSeconds,
    interpolatedFrames: r.stats.interpolated,
    vfrIn: video.vfr,
    ...(video.timing ? { timestamps: video.timing } : {}),
    ...(r.stats.damagedFrames === undefined ? {} : { damagedFrames: r.stats.damagedFrames }),
    ...(r.stats.dedup && r.settings.dedup.mode !== 'off' ? { dedup: { mode: r.settings.dedup.mode, ...r.stats.dedup, summary: describeDedup(r.stats.dedup) } } : {}),
    ...(r.upscaler ? { upscaleAttempts: r.upscaler.attempts, upscaleSeconds: r.upscaler.seconds(), scale, upscaleOrder: r.order } : {}),
    ...(r.upscaler?.upscaler.fallbacks?.length ? { upscaleFallbacks: [...r.upscaler.upscaler.fallbacks] } : {}),
  };
}
