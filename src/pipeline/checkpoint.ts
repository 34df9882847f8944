// processVideo with checkpoints: a run whose output spans at least three checkpoints (--checkpoint-seconds,
// default 60 s of output) walks its plan in ranges, as the queue's segments do (plan-segments.ts, range.ts),
// renders each range with one engine session to its own verified file in a work folder beside the output
// (checkpoint-store.ts), and joins them as the queue's join does (join-rendered.ts) once the last one is
// verified. A killed run loses at most the segment it was rendering: the same command again reuses every
// segment file that still checks out (checkpoint-check.ts) and renders the rest. What cannot be cut —
// deinterlacing, a whole-stream filter (minterpolate) — runs in one piece, with a log line saying so.
import { readdir, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Q } from '../frames/index.js';
import { chooseEncoder, keyframeTimes, probeMedia, type EncoderChoice, type MediaInfo, type VideoStreamInfo } from '../media/index.js';
import type { Timeline } from '../timeline/index.js';
import type { Logger } from '../util/index.js';
import { checkSegment, readSegmentReport, recordSegment } from './checkpoint-check.js';
import { filtersWholeStream, formatSeconds, startSession, wholeProgress, type Session } from './checkpoint-session.js';
import { claimWorkFolder, identifyInput, segmentPath, writeManifest, type CheckpointManifest, type FrameSettings, type WorkFolder } from './checkpoint-store.js';
import { checkpointReport, type SegmentDone } from './checkpoint-report.js';
import { joinRendered } from './join-rendered.js';
import { prepareOutput } from './output-file.js';
import { resolveOutput } from './output-dir.js';
import type { PicturePlan } from './picture-plan.js';
import { keyframeIndices, planSegments, type SegmentRange } from './plan-segments.js';
import { planOutput, planOutputPicture } from './plan-output.js';
import { internalProcessVideo } from './process-video.js';
import { seeksByTime } from './timing-guard.js';
import { resolveRunSettings, type RunSettings } from './run-settings.js';
import type { ProcessContext, ProcessVideo, RunReport } from './types.js';

/** Output seconds per checkpoint when --checkpoint-seconds is not given. */
export const DEFAULT_CHECKPOINT_SECONDS = 60;
/** Fewer segments than this are not worth a work folder and a join: the run renders in one piece. */
const MIN_SEGMENTS = 3;
/** Segment files probed at once when resuming (each check is two short ffprobe runs). */
const CHECKS_AT_ONCE = 4;

/** The pipeline's public entry (see ProcessVideo in types.ts): checkpointed when the output is long enough. */
export const processVideo: ProcessVideo = async (options, context) => {
  const settings = resolveRunSettings(options);
  if (options.range) return internalProcessVideo(settings, context);
  return processCheckpointed(settings, context);
};

/** Everything the segments and the join are planned from. */
interface CheckpointPlan {
  media: MediaInfo;
  video: VideoStreamInfo;
  timeline: Timeline;
  picture: PicturePlan;
  encoder: EncoderChoice;
  output: string;
  ranges: SegmentRange[];
}

async function processCheckpointed(settings: RunSettings, context: ProcessContext): Promise<RunReport> {
  const { plan, media } = await planCheckpoints(settings, context);
  // In one piece: the run reuses the probe (a long file's packets take a while to read).
  if (!plan) return internalProcessVideo(settings, { ...context, probed: media });
  const session = await startSession(settings, plan.picture.frameFormat, context);
  try {
    if (filtersWholeStream(session.engine, plan.timeline.dropOnly)) {
      context.logger.info(`not checkpointed: engine ${session.engine.info.id} filters the whole stream at once, so the output is rendered in one piece`);
      return await internalProcessVideo(settings, session.context(context));
    }
    return await renderCheckpointed(settings, plan, session, context);
  } finally {
    await session.dispose();
  }
}

/** The segments of this run, or no plan when it renders in one piece (short, deinterlaced, minterpolate). */
async function planCheckpoints(settings: RunSettings, context: ProcessContext): Promise<{ plan?: CheckpointPlan; media: MediaInfo }> {
  const { logger, signal } = context;
  const seconds = settings.options.checkpointSeconds ?? DEFAULT_CHECKPOINT_SECONDS;
  const media = await probeMedia(settings.input, { signal });
  const video = media.video;
  // A source the run refuses (no video, one frame) gets the run's own message.
  if (!video || video.frameCount < 2) return { media };
  const { timeline, deinterlace } = planOutput(settings.options, video);
  if (timeline.count < (MIN_SEGMENTS - 0.5) * seconds * Q.toNumber(timeline.fps)) return { media };
  if (deinterlace.applied) {
    logger.info('not checkpointed: the video is deinterlaced, which cannot be cut into segments; rendering it in one piece', { why: deinterlace.reason });
    return { media };
  }
  if (!seeksByTime(video)) {
    logger.info(`not checkpointed: the input's timestamps were repaired (${video.timing?.kind ?? ''}), so a segment cannot seek in it by time; rendering it in one piece`);
    return { media };
  }
  if (settings.prefer === 'ffmpeg' && settings.mode !== 'upscale') {
    logger.info('not checkpointed: --prefer ffmpeg (minterpolate) filters the whole stream at once; rendering it in one piece');
    return { media };
  }
  const destination = await resolveOutput(settings.output, settings.input, { fps: settings.mode === 'upscale' ? undefined : timeline.fps, scale: settings.upscale?.scale });
  const encoder = await chooseEncoder(settings.encoder, settings.crf, logger, { bitDepth: video.bitDepth, hdr: video.hdr !== undefined, output: destination.path });
  const picture = planOutputPicture(settings.options, video, encoder.name, deinterlace);
  const keys = keyframeIndices(video.frameTimes, await keyframeTimes(settings.input, video.timeBase, signal));
  const ranges = planSegments(timeline, seconds, keys);
  if (ranges.length < MIN_SEGMENTS) return { media };
  return { plan: { media, video, timeline, picture, encoder, output: destination.path, ranges }, media };
}

/** The settings that decide the frames, as the checkpoints record them (a difference invalidates them). */
function frameSettings(settings: RunSettings, plan: CheckpointPlan, session: Session): FrameSettings {
  const o = settings.options;
  const text = (v: string | number | boolean | undefined): string => (v === undefined ? 'default' : String(v));
  return {
    mode: settings.mode,
    rate: Q.toString(plan.timeline.fps),
    frames: String(plan.timeline.count),
    engine: settings.mode === 'upscale' ? '' : `${session.engine.info.id}${session.engine.info.model ? ` ${session.engine.info.model}` : ''} on ${session.engine.info.device}`,
    scale: text(settings.upscale?.scale),
    upscaleModel: text(settings.upscale?.model),
    tile: text(settings.upscale?.tile),
    encoder: plan.encoder.name,
    crf: text(settings.crf),
    encoderArgs: plan.encoder.args.join(' '),
    pixFmt: text(plan.picture.output.pixFmt),
    size: `${plan.picture.output.fit.width}x${plan.picture.output.fit.height}`,
    sceneDetect: String(settings.scene.enabled),
    sceneThreshold: String(settings.scene.threshold),
    deinterlace: o.deinterlace ?? 'auto',
    // Only when on: checkpoints written before dedup existed stay valid for a run without it.
    ...(settings.dedup.mode === 'off' ? {} : { dedup: settings.dedup.mode, dedupMaxHold: String(settings.dedup.maxHold) }),
    checkpointSeconds: text(o.checkpointSeconds ?? DEFAULT_CHECKPOINT_SECONDS),
  };
}

async function renderCheckpointed(settings: RunSettings, plan: CheckpointPlan, session: Session, context: ProcessContext): Promise<RunReport> {
  const began = performance.now();
  const { logger, signal } = context;
  // Checked (and stale temps removed) before any work; the joined file is written under its temp name.
  const output = await prepareOutput(plan.output, settings.input, logger);
  const now: Omit<CheckpointManifest, 'version'> = {
    input: await identifyInput(settings.input, context.inputIdentity ?? 'file'),
    settings: frameSettings(settings, plan, session),
    segments: plan.ranges.map((r) => ({ from: r.from, to: r.to })),
  };
  const work = await claimWorkFolder(plan.output, now, settings.options.resume ?? true, logger);
  if (!work.manifest) await writeManifest(work.path, { version: 1, ...now });
  let joined = false;
  try {
    const done = await renderSegments(settings, plan, session, work, context);
    const segments = done.map((d) => ({ path: d.path, frames: d.range.to - d.range.from }));
    logger.info('joining the checkpoints', { segments: segments.length, output: plan.output });
    const options = { ...settings.options, encoder: plan.encoder.name };
    const verified = await joinRendered({ segments, input: settings.input, media: plan.media, options, encoder: plan.encoder.name, output: output.temp, listFile: `${work.path}/segments.ffconcat`, logger, signal });
    for (const check of verified.checks) logger.info(`check passed: ${check}`);
    const report = checkpointReport({ settings, plan, session, done, verified, output: plan.output, wallSeconds: (performance.now() - began) / 1000 });
    await output.commit(report);
    joined = true;
    logger.info('done', { output: plan.output, frames: verified.framesOut, seconds: report.wallSeconds.toFixed(1), fps: report.averageFps.toFixed(1), checks: verified.checks.length });
    return report;
  } catch (error) {
    await output.discard();
    logger.info(`checkpoints kept in ${work.path}: run the same command again to resume`);
    throw error;
  } finally {
    // Only once the output is in place are the segments garbage.
    if (joined) await rm(work.path, { recursive: true, force: true });
  }
}

/** Reuses every segment file that checks out, renders the others in order; returns all, in order. */
async function renderSegments(settings: RunSettings, plan: CheckpointPlan, session: Session, work: WorkFolder, context: ProcessContext): Promise<SegmentDone[]> {
  const { logger, signal } = context;
  const fps = plan.timeline.fps;
  const seconds = (frames: number): number => frames / Q.toNumber(fps);
  const done = await reusable(plan, work, logger, signal);
  logResume(logger, done, plan.ranges.length, seconds);
  let finished = done.reduce((sum, d) => sum + (d ? d.range.to - d.range.from : 0), 0);
  for (const range of plan.ranges) {
    if (done[range.index]) continue;
    const path = segmentPath(work.path, range.index);
    const segmentLogger = logger.child({ segment: `${range.index + 1}/${plan.ranges.length}` });
    const base = session.context({ ...context, logger: segmentLogger, onProgress: wholeProgress(context.onProgress, plan.timeline.count, () => finished) }, plan.media);
    const options = { ...settings.options, output: path, encoder: plan.encoder.name, range: { from: range.from, to: range.to } };
    // The segment's verification probed every packet of it: its facts are recorded from that probe.
    let probe: MediaInfo | undefined;
    const report = await internalProcessVideo(resolveRunSettings(options), { ...base, onRangeVerified: (m) => (probe = m) });
    await recordSegment(path, signal, probe);
    finished += range.to - range.from;
    logger.info(`checkpoint ${range.index + 1} of ${plan.ranges.length} verified`, { frames: report.framesOut, path });
    done[range.index] = { range, path, reused: false, report };
  }
  return done.map((d) => {
    if (!d) throw new Error('internal: a segment was neither reused nor rendered');
    return d;
  });
}

/** The segments an interrupted run finished that still check out (checked a few at a time); undefined for the others. */
async function reusable(plan: CheckpointPlan, work: WorkFolder, logger: Logger, signal: AbortSignal | undefined): Promise<(SegmentDone | undefined)[]> {
  const done: (SegmentDone | undefined)[] = plan.ranges.map(() => undefined);
  if (!work.manifest) return done;
  const present = new Set(await readdir(work.path));
  const check = async (range: SegmentRange): Promise<void> => {
    const path = segmentPath(work.path, range.index);
    if (!present.has(basename(path))) return;
    const why = await checkSegment(path, Q.toNumber(plan.timeline.fps), range, plan.picture.output.fit, signal).catch((e: Error) => `cannot be read (${e.message})`);
    if (why === undefined) done[range.index] = { range, path, reused: true, report: await readSegmentReport(path) };
    else logger.info(`checkpoint ${range.index + 1} is rendered again: it ${why}`, { path });
  };
  for (let i = 0; i < plan.ranges.length; i += CHECKS_AT_ONCE) await Promise.all(plan.ranges.slice(i, i + CHECKS_AT_ONCE).map(check));
  return done;
}

/** "resumed at segment 41 of 120: 40 min 12 s of output kept" (log and report say what was reused). */
function logResume(logger: Logger, done: readonly (SegmentDone | undefined)[], total: number, seconds: (frames: number) => number): void {
  const kept = done.filter((d): d is SegmentDone => d !== undefined);
  if (kept.length === 0) return;
  const keptSeconds = seconds(kept.reduce((sum, d) => sum + d.range.to - d.range.from, 0));
  const next = done.findIndex((d) => d === undefined);
  const where = next < 0 ? `all ${total} segments were finished; joining them` : `resumed at segment ${next + 1} of ${total}`;
  logger.info(`${where}: ${formatSeconds(keptSeconds)} of output kept`, { reused: kept.length, segments: total });
}
