// The batch file (YAML or JSON): S3 settings, defaults for every job, the jobs with per-job overrides.
// Objects are strict, so a misspelt key is an error that names it instead of a silently ignored option.
import { z } from 'zod';
import { S3SettingsSchema } from '../storage/s3-client.js';

const FPS = /^\d+(\.\d+)?(\/\d+)?$/;
const FPS_MESSAGE = 'expected a frame rate: a number like 60 or 59.94, or a fraction like "60000/1001"';

/** Options a job can set, in `defaults` or on the job itself (they map onto ProcessOptions). */
export const JobOptionsSchema = z
  .object({
    mode: z.enum(['interp', 'upscale', 'both']),
    /** 60, 59.94 or "60000/1001"; exclusive with factor. */
    targetFps: z.union([z.number().positive(FPS_MESSAGE), z.string().regex(FPS, FPS_MESSAGE)], { error: FPS_MESSAGE }),
    factor: z.number().positive(),
    prefer: z.enum(['auto', 'onnx', 'ncnn', 'ffmpeg', 'blend']),
    encoder: z.string().min(1),
    crf: z.number().int().min(0).max(63),
    sceneDetect: z.boolean(),
    sceneThreshold: z.number().min(0).max(1),
    scale: z.number().int().min(1).max(8),
    upscaleModel: z.string().min(1),
    tile: z.number().int().nonnegative(),
    device: z.enum(['auto', 'tensorrt', 'cuda', 'webgpu', 'cpu']),
    threads: z.number().int().positive(),
    modelsDir: z.string().min(1),
  })
  .partial()
  .strict();
export type JobOptions = z.infer<typeof JobOptionsSchema>;

export const JobSpecSchema = JobOptionsSchema.extend({
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
    /** MiB per part (≥ 5). */
    partSizeMiB: z.number().int().min(5).max(5120).default(16),
    concurrency: z.number().int().min(1).max(32).default(4),
    attempts: z.number().int().min(1).max(10).default(3),
    /** GET the object back and hash it after upload (costs a download). */
    readBack: z.boolean().default(false),
    /** Fail on a plain-MD5 ETag that differs from the file's MD5; turn off for SSE-KMS-like buckets. */
    etagCheck: z.boolean().default(true),
  })
  .strict();

export const BatchFileSchema = z
  .object({
    s3: S3SettingsSchema.optional(),
    defaults: JobOptionsSchema.default({}),
    upload: UploadSettingsSchema.default({ partSizeMiB: 16, concurrency: 4, attempts: 3, readBack: false, etagCheck: true }),
    /** Seconds per job (BATCH_TIMEOUT and --job-timeout win over this). */
    jobTimeout: z.number().positive().optional(),
    /** Where result and batch manifests go (a watchdog watches it); default "<batch>.interup/manifests". */
    manifestDir: z.string().min(1).optional(),
    /** Scratch space for downloads and outputs; default "<batch>.interup/work". */
    workDir: z.string().min(1).optional(),
    jobs: z.array(JobSpecSchema).min(1, 'expected at least one job'),
  })
  .strict();
export type BatchFile = z.infer<typeof BatchFileSchema>;
