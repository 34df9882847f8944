// What travels through Redis, and the schema a worker checks it against. The job spec is the batch
// file's own schema, so a queued job is validated exactly as `interup batch` validates a job.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatIssues, JobSpecSchema, UploadSettingsSchema } from '../jobs/index.js';
import { InputError } from '../util/index.js';
import { refuseSecrets } from './guard.js';

/** S3 settings that are not secret: which server, never whose keys. */
export const PublicS3Schema = z
  .object({
    endpoint: z.string().url().optional(),
    region: z.string().min(1),
    forcePathStyle: z.boolean(),
  })
  .strict();
export type PublicS3 = z.infer<typeof PublicS3Schema>;

const Common = {
  version: z.literal(1),
  batchId: z.string().regex(/^[A-Za-z0-9]{1,40}$/),
  spec: JobSpecSchema,
  /** SHA-256 of the spec: a result made for another spec is not this job's. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  s3: PublicS3Schema.optional(),
  upload: UploadSettingsSchema,
};

/** What the worker that split a video decided: how many segments over how many frames, and the encoder it pinned. */
export const SplitPlanSchema = z
  .object({
    segments: z.number().int().positive(),
    frames: z.number().int().positive(),
    encoder: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  })
  .strict();
export type SplitPlan = z.infer<typeof SplitPlanSchema>;

export const VideoJobSchema = z
  .object({
    kind: z.literal('video'),
    ...Common,
    /** Set by the worker that planned a split job: the join step comes next. */
    plan: SplitPlanSchema.optional(),
  })
  .strict();
export type VideoJobData = z.infer<typeof VideoJobSchema>;

export const SegmentJobSchema = z
  .object({
    kind: z.literal('segment'),
    ...Common,
    index: z.number().int().nonnegative(),
    count: z.number().int().positive(),
    from: z.number().int().nonnegative(),
    to: z.number().int().positive(),
    /** Output frames of the whole video. */
    frames: z.number().int().positive(),
    /** Object key of the rendered segment (beside the job's output). */
    key: z.string().min(1),
  })
  .strict();
export type SegmentJobData = z.infer<typeof SegmentJobSchema>;

export const QueuedJobSchema = z.discriminatedUnion('kind', [VideoJobSchema, SegmentJobSchema]);
export type QueuedJob = z.infer<typeof QueuedJobSchema>;

/** The fingerprint of a job spec (keys sorted, so the order they were written in does not matter). */
export function specFingerprint(spec: z.infer<typeof JobSpecSchema>): string {
  const sorted = Object.fromEntries(Object.entries(spec).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** Validates job data taken from Redis: no credentials, the batch schema, a fingerprint that matches. */
export function parseQueuedJob(data: unknown): QueuedJob {
  refuseSecrets(data, 'This job');
  const parsed = QueuedJobSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new InputError('QUEUE_JOB_INVALID', `This job is not a valid interup job: ${formatIssues(parsed.error.issues).join('; ')}.`, {
      hint: 'Submit jobs with `interup queue submit`, which checks them the same way.',
    });
  }
  const job = parsed.data;
  if (specFingerprint(job.spec) !== job.fingerprint) {
    throw new InputError('QUEUE_JOB_INVALID', 'This job\'s fingerprint does not match its spec; it was altered after submission.');
  }
  if (job.kind === 'segment' && (job.from >= job.to || job.to > job.frames || job.index >= job.count)) {
    throw new InputError('QUEUE_JOB_INVALID', `This segment's range [${job.from}, ${job.to}) does not fit its video of ${job.frames} frames.`);
  }
  return job;
}
