// The parent's second run: take every segment's manifest from its children, download and check each,
// join them by stream copy with the source's other streams and verify the whole like `interup run` does
// (pipeline/join-rendered.ts), upload it verified, and only then delete the segment objects.
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Job } from 'bullmq';
import { z } from 'zod';
import { probeMedia } from '../../media/index.js';
import { joinRendered } from '../../pipeline/index.js';
import { contentTypeOf, fetchSource, formatS3Url, manifestKey, ResultManifestSchema } from '../../storage/index.js';
import { InterupError, sha256File } from '../../util/index.js';
import type { SplitPlan, VideoJobData } from '../job-data.js';
import type { CheckedJob } from './checks.js';
import { processOptions, unitProgress, type WorkContext } from './context.js';
import type { VideoResult } from './run-whole.js';
import { uploadResult } from './upload.js';

const ChildResultSchema = z.object({ index: z.number().int().nonnegative(), from: z.number().int(), to: z.number().int(), manifest: ResultManifestSchema });

export async function joinSplitJob(job: Job, data: VideoJobData, plan: SplitPlan, checked: CheckedJob, ctx: WorkContext, signal?: AbortSignal): Promise<VideoResult> {
  const logger = ctx.logger.child({ job: data.spec.id, unit: job.id });
  const values = Object.values(await job.getChildrenValues()).map((v) => ChildResultSchema.parse(v)).sort((a, b) => a.index - b.index);
  // The segments must tile the whole timeline, in order, without a gap or an overlap.
  const tiled = values.length === plan.segments && values.every((v, i) => v.index === i && v.from === (i === 0 ? 0 : values[i - 1].to)) && values.at(-1)?.to === plan.frames;
  if (!tiled) {
    throw new InterupError('JOIN_INCOMPLETE', `Job ${data.spec.id} expected ${plan.segments} segments covering ${plan.frames} frames but its children returned ${values.length}.`);
  }
  const work = join(ctx.workDir, `join-${job.id}-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  const progress = unitProgress(job, ctx);
  try {
    await progress.flush('join');
    const source = await ctx.sources.get(checked.input, logger, signal);
    const media = await probeMedia(source.path, { signal });
    if (!media.video) throw new InterupError('INPUT_NO_VIDEO', `Input ${data.spec.input} has no video stream.`);
    const segments = [];
    for (const value of values) {
      const { bucket, key, sha256, size } = value.manifest;
      const got = await fetchSource(formatS3Url({ bucket, key }), { dir: join(work, `s${value.index}`), s3Client: ctx.s3Client, logger, signal });
      const hashed = await sha256File(got.path, signal);
      if (hashed.sha256 !== sha256 || hashed.size !== size) {
        throw new InterupError('SEGMENT_CHANGED', `Segment ${key} no longer matches its manifest (size or SHA-256 differ).`, { hint: 'Submit the batch again: the segment is rendered anew.' });
      }
      segments.push({ path: got.path, frames: value.to - value.from });
    }
    const out = join(work, basename(checked.output.key));
    const options = processOptions(data.spec, ctx.box);
    const verified = await joinRendered({ segments, input: data.spec.input, media, options, encoder: plan.encoder, output: out, listFile: join(work, 'segments.ffconcat'), logger, signal });
    for (const check of verified.checks) logger.info(`check passed: ${check}`);
    await progress.flush('upload');
    const manifest = await uploadResult(data, ctx, { file: out, bucket: checked.output.bucket, key: checked.output.key, jobId: data.spec.id ?? '', fingerprint: data.fingerprint, contentType: contentTypeOf(checked.output.key), logger, signal });
    logger.info('job verified', { output: data.spec.output, segments: values.length, check: manifest.check });
    // Only now that the whole is verified are the parts garbage.
    for (const value of values) {
      for (const key of [value.manifest.key, manifestKey(value.manifest.key)]) {
        await ctx.s3Client().send(new DeleteObjectCommand({ Bucket: value.manifest.bucket, Key: key }), { abortSignal: signal }).catch((error: unknown) => {
          logger.warn('could not delete a segment object', { key, error: (error as Error).message });
        });
      }
    }
    return { manifest, segments: values.length, reused: false };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
