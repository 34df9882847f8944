// A split video, the parent of a BullMQ flow. First run: probe, plan the segments on the exact timeline
// `interup run` would render, add them as child jobs and wait for them. When every child is done BullMQ
// hands the parent back, and the second run joins the segments (join.ts).
import { WaitingChildrenError, type Job } from 'bullmq';
import { keyframeTimes, outputContainer, probeMedia, type VideoStreamInfo } from '../../media/index.js';
import { keyframeIndices, planOutput, planSegments } from '../../pipeline/index.js';
import { InputError } from '../../util/index.js';
import { specFingerprint, type SegmentJobData, type SplitPlan, type VideoJobData } from '../job-data.js';
import { segmentJobId, segmentKey, SEGMENT_JOB } from '../names.js';
import type { CheckedJob } from './checks.js';
import { processOptions, type WorkContext } from './context.js';
import { joinSplitJob } from './join.js';
import { SEGMENT_EXT } from './run-segment.js';
import { verifiedAlready } from './upload.js';
import { runWhole, type VideoResult } from './run-whole.js';

/** Attempts per segment: a worker killed mid-segment costs one (stalled jobs are retried too). */
export const SEGMENT_ATTEMPTS = 3;

/**
 * Split jobs pin their encoder, so segments rendered on different boxes join by stream copy: unless the job
 * names one, the encoder a box without NVENC would choose for this source and output (media/encoders.ts
 * chooseEncoder): libvpx-vp9 for a WebM, libx265 for sources deeper than 8 bits or with HDR10 metadata
 * (main10, the metadata kept), else libx264.
 */
export function splitEncoder(named: string | null | undefined, video: VideoStreamInfo, output = ''): string {
  if (named) return named;
  if (outputContainer(output) === 'webm') return 'libvpx-vp9';
  return video.bitDepth > 8 || video.hdr ? 'libx265' : 'libx264';
}

export async function runSplit(job: Job, token: string, data: VideoJobData, checked: CheckedJob, ctx: WorkContext, signal?: AbortSignal): Promise<VideoResult> {
  const logger = ctx.logger.child({ job: data.spec.id, unit: job.id });
  if (data.plan) return joinSplitJob(job, data, data.plan, checked, ctx, signal);
  const done = await verifiedAlready(ctx, checked.output.bucket, checked.output.key, data.fingerprint, signal);
  if (done) {
    logger.info('result already verified in the bucket; not redone', { output: data.spec.output });
    return { manifest: done, segments: 0, reused: true };
  }
  const options = processOptions(data.spec, ctx.box);
  if (options.prefer === 'ffmpeg') {
    throw new InputError('SPLIT_STREAM_FILTER', 'prefer: ffmpeg (minterpolate) filters the whole stream at once, so this video cannot be split into segments.', {
      hint: 'Choose prefer: onnx, ncnn or blend, or drop segmentSeconds.',
    });
  }
  logger.info('planning the split', { input: data.spec.input, segmentSeconds: data.spec.segmentSeconds });
  const source = await ctx.sources.get(checked.input, logger, signal);
  const media = await probeMedia(source.path, { signal });
  const video = media.video;
  if (!video) throw new InputError('INPUT_NO_VIDEO', `Input ${data.spec.input} has no video stream.`);
  const { timeline, deinterlace } = planOutput(options, video);
  if (deinterlace.applied) {
    // Deinterlacing reads the frames either side of every cut (pipeline/range.ts): one box renders it whole.
    logger.warn('not split: the video is deinterlaced, which cannot be cut into segments; rendering it whole on this box', { why: deinterlace.reason });
    return runWhole(job, data, checked, ctx, signal);
  }
  const keys = keyframeIndices(video.frameTimes, await keyframeTimes(source.path, video.timeBase, signal));
  const ranges = planSegments(timeline, data.spec.segmentSeconds ?? 0, keys);
  const spec = { ...data.spec, encoder: splitEncoder(data.spec.encoder, video, data.spec.output) };
  const fingerprint = specFingerprint(spec);
  logger.info('split planned', { segments: ranges.length, frames: timeline.count, keyframes: keys.size, encoder: spec.encoder });
  const children = ranges.map((r): { name: string; data: SegmentJobData; opts: object } => ({
    name: SEGMENT_JOB,
    data: {
      kind: 'segment',
      version: 1,
      batchId: data.batchId,
      spec,
      fingerprint,
      ...(data.s3 ? { s3: data.s3 } : {}),
      upload: data.upload,
      index: r.index,
      count: ranges.length,
      from: r.from,
      to: r.to,
      frames: timeline.count,
      key: segmentKey(checked.output.key, fingerprint, r.index, SEGMENT_EXT),
    },
    opts: {
      jobId: segmentJobId(job.id ?? '', r.index),
      parent: { id: job.id ?? '', queue: job.queueQualifiedName },
      attempts: SEGMENT_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2000 },
      failParentOnFailure: true,
      removeOnComplete: false,
      removeOnFail: false,
    },
  }));
  await ctx.queue.addBulk(children);
  const plan: SplitPlan = { segments: ranges.length, frames: timeline.count, encoder: spec.encoder };
  await job.updateData({ ...data, plan });
  if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
  // Every child already finished (they were quick, or this is a retry): join now.
  return joinSplitJob(job, { ...data, plan }, plan, checked, ctx, signal);
}
