// The batch file (YAML or JSON): S3 settings, defaults for every job, the jobs with per-job overrides.
// Objects are strict, so a misspelt key is an error that names it instead of a silently ignored option.
import { z } from 'zod';
import { attempts, checkpointSeconds, concurrency, crf, dedup, dedupMaxHold, deinterlace, device, encoder, etagCheck, factor, jobTimeout, mode, modelsDir, partSizeMiB, pixFmt, prefer, readBack, scale, sceneDetect, sceneThreshold, segmentSeconds, sizeFit, targetFps, threads, tile, upscaleModel, resume, type Setting } from '../settings/index.js';
import { S3SettingsSchema } from '../storage/index.js';

/** The settings a job can set, in `defaults` or on the job itself (they map onto ProcessOptions). */
export const JOB_SETTINGS = { mode, targetFps, factor, prefer, encoder, crf, pixFmt, sizeFit, deinterlace, sceneDetect, sceneThreshold, dedup, dedupMaxHold, scale, upscaleModel, tile, device, threads, modelsDir, segmentSeconds, checkpointSeconds, resume };

type Shape<T extends Record<string, Setting<unknown>>> = { [K in keyof T]: T[K]['schema'] };
type NullableShape<T extends Record<string, Setting<unknown>>> = { [K in keyof T]: z.ZodNullable<T[K]['schema']> };

/** The zod fields of these settings, each checked by its definition (one message shape everywhere). */
function shapeOf<T extends Record<string, Setting<unknown>>>(settings: T): Shape<T> {
  return Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.schema])) as Shape<T>;
}

/** Job options in `defaults`. */
export const JobOptionsSchema = z.object(shapeOf(JOB_SETTINGS)).partial().strict();
export type JobOptions = z.infer<typeof JobOptionsSchema>;

/** On a job, `null` opts out of a default: the job gets the built-in behaviour (e.g. `targetFps: null`). */
const jobOverrides = Object.fromEntries(Object.entries(shapeOf(JOB_SETTINGS)).map(([key, schema]) => [key, schema.nullable()])) as NullableShape<typeof JOB_SETTINGS>;

export const JobSpecSchema = z.object(jobOverrides).partial().extend({
  /** Stable name for the state store and manifests; derived from the output when absent. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'expected 1-80 letters, digits, ".", "_" or "-"').optional(),
  /** Local path, http(s) URL or s3://bucket/key. */
  input: z.string().min(1),
  /** s3://bucket/key (uploaded and verified) or a local path (relative to the batch file's folder). */
  output: z.string().min(1),
}).strict();
export type JobSpec = z.infer<typeof JobSpecSchema>;

export const UploadSettingsSchema = z
  .object({
    partSizeMiB: partSizeMiB.schema.default(16),
    concurrency: concurrency.schema.default(4),
    attempts: attempts.schema.default(3),
    /** GET the object back and hash it after upload (costs a download). */
    readBack: readBack.schema.default(false),
    /** Fail on a plain-MD5 ETag that differs from the file's MD5; turn off for SSE-KMS-like buckets. */
    etagCheck: etagCheck.schema.default(true),
  })
  .strict();

export const BatchFileSchema = z
  .object({
    s3: S3SettingsSchema.optional(),
    defaults: JobOptionsSchema.default({}),
    upload: UploadSettingsSchema.default({ partSizeMiB: 16, concurrency: 4, attempts: 3, readBack: false, etagCheck: true }),
    /** Seconds per job (BATCH_TIMEOUT and --job-timeout win over this). */
    jobTimeout: jobTimeout.schema.optional(),
    /** Where result and batch manifests go (a watchdog watches it); default "<batch>.interup/manifests". */
    manifestDir: z.string().min(1).optional(),
    /** Scratch space for downloads and outputs; default "<batch>.interup/work". */
    workDir: z.string().min(1).optional(),
    jobs: z.array(JobSpecSchema).min(1, 'expected at least one job'),
  })
  .strict();
export type BatchFile = z.infer<typeof BatchFileSchema>;
