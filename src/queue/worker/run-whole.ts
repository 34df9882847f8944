// A video that is not split: fetch, render, upload verified, exactly as one box's batch job does.
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Job } from 'bullmq';
import { contentTypeOf, type ResultManifest } from '../../storage/index.js';
import type { VideoJobData } from '../job-data.js';
import type { CheckedJob } from './checks.js';
import { processOptions, unitProgress, type WorkContext } from './context.js';
import { uploadResult, verifiedAlready } from './upload.js';

export interface VideoResult {
  manifest: ResultManifest;
  segments: number;
  reused: boolean;
}

export async function runWhole(job: Job, data: VideoJobData, checked: CheckedJob, ctx: WorkContext, signal?: AbortSignal): Promise<VideoResult> {
  const logger = ctx.logger.child({ job: data.spec.id, unit: job.id });
  const { bucket, key } = checked.output;
  const done = await verifiedAlready(ctx, bucket, key, data.fingerprint, signal);
  if (done) {
    logger.info('result already verified in the bucket; not redone', { output: data.spec.output });
    return { manifest: done, segments: 0, reused: true };
  }
  const work = join(ctx.workDir, `unit-${job.id}-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  const progress = unitProgress(job, ctx);
  try {
    logger.info('job started', { input: data.spec.input, output: data.spec.output });
    await progress.flush('fetch');
    const source = await ctx.sources.get(checked.input, logger, signal);
    const out = join(work, basename(key));
    await ctx.processVideo({ ...processOptions(data.spec, ctx.box), input: source.path, output: out }, { logger, onProgress: progress, signal, frameTap: ctx.watch?.frameTap });
    await progress.flush('upload');
    const manifest = await uploadResult(data, ctx, { file: out, bucket, key, jobId: data.spec.id ?? '', fingerprint: data.fingerprint, contentType: contentTypeOf(key), logger, signal });
    logger.info('job verified', { output: data.spec.output, check: manifest.check });
    return { manifest, segments: 0, reused: false };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
