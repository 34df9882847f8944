// processVideo: probe → plan → decode → engine → encode → verify → report, for one local file.
import { FramePool, Q, frameBytes, type Rational } from '../frames/index.js';
import { isStreamFilter } from '../engines/ffmpeg/minterpolate.js';
import { selectInterpolator } from '../engines/registry.js';
import { chooseEncoder, decodeFrames, probeMedia, startEncoder, type VideoEncoder } from '../media/index.js';
import { parseTargetFps, planTimeline, rateFromFactor } from '../timeline/index.js';
import { InputError } from '../util/errors.js';
import { ProgressTracker } from '../util/progress.js';
import { prepareOutput } from './output-file.js';
import { runPairStages, runStreamStages, type StageStats } from './stages.js';
import type { ProcessVideo, RunReport } from './types.js';
import { verifyOutput } from './verify.js';
import { blendFactory } from '../engines/blend.js';
import { silentLogger } from '../util/logger.js';
import { chooseOrder, startUpscaleStage, upscaleSettings, type UpscaleStage } from './upscale-stage.js';

/** Default scene-cut threshold (0..1; see frames/scene.ts): handheld footage stays under 0.1, real cuts score 0.45+. */
export const DEFAULT_SCENE_THRESHOLD = 0.25;

/** Rejects option combinations before any work starts. */
function checkOptions(options: Parameters<ProcessVideo>[0]): Rational | undefined {
  if (options.mode === 'upscale' && (options.targetFps !== undefined || options.factor !== undefined)) {
    throw new InputError('FPS_WITH_UPSCALE', '--mode upscale keeps the frame rate; --target-fps and --factor need --mode interp or both.');
  }
  if (options.targetFps !== undefined && options.factor !== undefined) {
    throw new InputError('FPS_CONFLICT', 'Give either --target-fps or --factor, not both.');
  }
  const crf = options.crf;
  if (crf !== undefined && !(Number.isFinite(crf) && crf >= 0 && crf <= 63)) {
    throw new InputError('CRF_INVALID', `--crf must be a number from 0 to 63, not ${crf}.`, { hint: 'Lower is better quality; 18 is visually lossless for x264.' });
  }
  const t = options.sceneThreshold;
  if (t !== undefined && !(Number.isFinite(t) && t > 0 && t <= 1)) {
    throw new InputError('SCENE_THRESHOLD_INVALID', `--scene-threshold must be a number in (0, 1], not ${t}.`);
  }
  return options.targetFps === undefined ? undefined : parseTargetFps(options.targetFps);
}

/** The pipeline's public entry point (see ProcessVideo in types.ts). */
export const processVideo: ProcessVideo = async (options, context) => {
  const began = performance.now();
  const { logger, signal } = context;
  const target = checkOptions(options);
  const upscale = upscaleSettings(options);
  const media = await probeMedia(options.input, { signal });
  const video = media.video;
  if (!video) throw new Error('probe returned no video stream');
  if (video.frameCount < (options.mode === 'upscale' ? 1 : 2)) {
    throw new InputError('INPUT_TOO_SHORT', `Input ${options.input} has ${video.frameCount} video frame${video.frameCount === 1 ? '' : 's'}; at least two are needed to interpolate.`, {
      hint: 'Give a longer video.',
    });
  }
  if (video.bitDepth > 8) logger.warn(`input is ${video.bitDepth}-bit (${video.pixFmt}); frames are processed as 8-bit RGB`);
  // Upscale only: the source rate, every frame kept as it is (dropOnly never blends).
  const fps = options.mode === 'upscale' ? video.frameRate : target ?? rateFromFactor(video.frameRate, options.factor ?? 2);
  const dropOnly = options.mode === 'upscale' || Q.cmp(fps, video.frameRate) < 0;
  const timeline = planTimeline(video.frameTimes, video.duration, fps, { dropOnly });
  logger.info('plan', {
    input: options.input,
    size: `${video.width}x${video.height}`,
    fpsIn: Q.toString(video.frameRate),
    vfr: video.vfr,
    framesIn: video.frameCount,
    fpsOut: Q.toString(fps),
    framesOut: timeline.count,
    audio: media.audio.length,
    subtitles: media.subtitles.length,
    rotation: video.rotation,
    dropOnly,
  });
  const output = await prepareOutput(options.output, options.input, logger);
  const encoderChoice = await chooseEncoder(options.encoder, options.crf, logger);
  const sceneDetect = options.sceneDetect ?? true;
  const sceneThreshold = options.sceneThreshold ?? DEFAULT_SCENE_THRESHOLD;
  logger.info('checks', { sceneDetect, sceneThreshold: sceneDetect ? sceneThreshold : undefined });
  // Upscale only never interpolates (every slot copies a frame): blend stands in and is never called.
  const upscaleOnly = options.mode === 'upscale';
  const { engine, attempts } = await selectInterpolator(
    upscaleOnly ? 'auto' : options.prefer,
    {
      logger: upscaleOnly ? silentLogger : logger,
      device: options.device,
      threads: options.threads,
      modelsDir: options.modelsDir,
      allowFetch: true,
      onProgress: context.onProgress,
      signal,
    },
    upscaleOnly ? [blendFactory] : context.interpolators,
  );
  let encoder: VideoEncoder | undefined;
  let upscaler: UpscaleStage | undefined;
  try {
    if (upscale) upscaler = await startUpscaleStage(upscale, video, options, context);
    const scale = upscaler?.scale ?? 1;
    // --mode both: upscale before or after interpolating, whichever costs less (docs/upscale.md).
    const streamFilter = isStreamFilter(engine) && !dropOnly;
    const order = upscaler && options.mode === 'both' ? chooseOrder(upscaler.upscaler, scale, { id: engine.info.id, streamFilter }) : undefined;
    if (order) logger.info(`mode both: ${order.order}`, { why: order.reason });
    const upscaleFirst = order?.order === 'upscale-first';
    const transform = upscaleFirst ? undefined : upscaler?.transform;
    encoder = startEncoder({
      output: output.temp,
      width: video.width * scale,
      height: video.height * scale,
      fps,
      start: timeline.start,
      codecArgs: encoderChoice.args,
      copyFrom: media,
      logger,
      signal,
    });
    // Started at the first written frame, so ffmpeg's start-up does not drag the first rate and ETA down.
    let progress: ProgressTracker | undefined;
    const tracker = {
      add: (n = 1): void => {
        progress ??= new ProgressTracker({ stage: 'interpolate', unit: 'frames', total: timeline.count, listener: context.onProgress });
        progress.add(n);
      },
    };
    let stats: StageStats;
    if (isStreamFilter(engine) && !dropOnly) {
      const filter = engine.streamFilter(fps, { sceneDetect, sceneThreshold: options.sceneThreshold, width: video.width, height: video.height });
      logger.info(`engine ${engine.info.id} runs as one ffmpeg filter over the whole stream`, { filter });
      const frames = decodeFrames(options.input, { width: video.width, height: video.height, filter, fpsMode: 'cfr', signal });
      const s = await runStreamStages({ frames, timeline, encoder, transform, tracker, signal });
      if (s.padded > 0 || s.dropped > 0) logger.info('filter output fitted to the plan', { padded: s.padded, dropped: s.dropped });
      stats = s;
    } else {
      // Reused frame buffers (decode and engine outputs), unless upscaling first turns them into other sizes.
      const pool = upscaleFirst ? undefined : new FramePool(frameBytes(video.width, video.height));
      const decoded = decodeFrames(options.input, { width: video.width, height: video.height, pool, signal });
      const frames = upscaleFirst && upscaler ? upscaler.upscaleAll(decoded, signal) : decoded;
      stats = await runPairStages({ frames, expectedFrames: video.frameCount, timeline, engine, scene: { enabled: sceneDetect, threshold: sceneThreshold }, encoder, transform, tracker, pool, signal });
      if (pool) logger.debug('frame buffers', { ...pool.stats });
    }
    await encoder.finish();
    const verified = await verifyOutput(output.temp, media, timeline, signal);
    for (const check of verified.checks) logger.info(`check passed: ${check}`);
    const wallSeconds = (performance.now() - began) / 1000;
    const report: RunReport = {
      input: options.input,
      output: output.path,
      mode: options.mode,
      engines: { interpolate: options.mode === 'upscale' ? undefined : engine.info.id, upscale: upscaler?.upscaler.info.id, device: (upscaler ?? { upscaler: engine }).upscaler.info.device },
      fpsIn: Q.toString(video.frameRate),
      fpsOut: Q.toString(fps),
      framesIn: video.frameCount,
      framesOut: verified.framesOut,
      framesPlanned: timeline.count,
      durationIn: Q.toNumber(video.duration),
      durationOut: verified.durationOut,
      audio: verified.audio,
      avOffsetSeconds: verified.avOffsetSeconds,
      sceneCuts: stats.sceneCuts,
      width: video.width * scale,
      height: video.height * scale,
      encoder: encoderChoice.name,
      wallSeconds,
      averageFps: timeline.count / wallSeconds,
      checks: verified.checks,
      engineAttempts: attempts,
      engineSeconds: stats.engineSeconds,
      interpolatedFrames: stats.interpolated,
      vfrIn: video.vfr,
      ...(upscaler ? { upscaleAttempts: upscaler.attempts, upscaleSeconds: upscaler.seconds(), scale, upscaleOrder: order?.order } : {}),
    };
    await output.commit(report);
    logger.info('done', { output: output.path, frames: verified.framesOut, seconds: wallSeconds.toFixed(1), fps: report.averageFps.toFixed(1), checks: verified.checks.length });
    return report;
  } catch (error) {
    await encoder?.kill();
    await output.discard();
    throw error;
  } finally {
    await engine.dispose();
    await upscaler?.dispose();
  }
};
