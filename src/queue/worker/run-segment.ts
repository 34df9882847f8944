// One segment of a split video: render output frames [from, to) with the job's engine and encoder, upload
// it verified beside the job's output, and return its manifest (the parent joins what its children return).
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import type { ResultManifest } from '../../storage/index.js';
import type { SegmentJobData } from '../job-data.js';
import type { CheckedJob } from './checks.js';
import { processOptions, unitProgress, type WorkContext } from './context.js';
import { uploadResult, verifiedAlready } from './upload.js';

export interface SegmentResult {
  index: number;
  from: number;
  to: number;
  manifest: ResultManifest;
  /** True when the verified segment was already in the bucket and nothing was rendered. */
  reused: boolean;
}

/** Segment container: NUT holds any codec with exact timestamps, which the concat join relies on. */
export const SEGMENT_EXT = '.nut';

/** What a segment's manifest must have been made for: the job's fingerprint and this exact range. */
export const segmentFingerprint = (data: SegmentJobData): string => createHash('sha256').update(`${data.fingerprint}:${data.from}:${data.to}`).digest('hex');

export async function runSegment(job: Job, data: SegmentJobData, checked: CheckedJob, ctx: WorkContext, signal?: AbortSignal): Promise<SegmentResult> {
  const logger = ctx.logger.child({ job: data.spec.id, segment: `${data.index + 1}/${data.count}`, unit: job.id });
  const fingerprint = segmentFingerprint(data);
  const base = { index: data.index, from: data.from, to: data.to };
  const done = await verifiedAlready(ctx, checked.output.bucket, data.key, fingerprint, signal);
  if (done) {
    logger.info('segment already verified in the bucket; not redone', { key: data.key });
    return { ...base, manifest: done, reused: true };
  }
  const work = join(ctx.workDir, `unit-${job.id}-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  const progress = unitProgress(job, ctx);
  try {
    logger.info('segment started', { frames: `${data.from}..${data.to - 1}`, of: data.frames });
    await progress.flush('fetch');
    const source = await ctx.sources.get(checked.input, logger, signal);
    const out = join(work, `segment${SEGMENT_EXT}`);
    const report = await ctx.processVideo(
      { ...processOptions(data.spec, ctx.box), input: source.path, output: out, range: { from: data.from, to: data.to } },
      { logger, onProgress: progress, signal, frameTap: ctx.watch?.frameTap },
    );
    logger.info('segment rendered', { frames: report.framesOut, seconds: Number(report.wallSeconds.toFixed(2)) });
    await progress.flush('upload');
    const manifest = await uploadResult(data, ctx, {
      file: out,
      bucket: checked.output.bucket,
      key: data.key,
      jobId: job.id ?? data.spec.id ?? '',
      fingerprint,
      contentType: 'video/x-nut',
      logger,
      signal,
    });
    logger.info('segment verified', { key: data.key, check: manifest.check });
    return { ...base, manifest, reused: false };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
