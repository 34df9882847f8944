// What every unit of work on a worker shares: its own S3 client and settings, the folders it may read,
// its scratch space, the pipeline, and what this box decides for itself (models, threads, device).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Job, Queue } from 'bullmq';
import type { JobSpec } from '../../jobs/index.js';
import type { Device } from '../../settings/index.js';
import type { FrameTap, ProcessOptions, ProcessVideo } from '../../pipeline/index.js';
import type { S3Settings } from '../../storage/index.js';
import type { Logger, ProgressEvent } from '../../util/index.js';
import { publishProgress } from './progress.js';
import type { SourceCache } from './source-cache.js';

export interface BoxSettings {
  modelsDir?: string;
  threads?: number;
  device?: Device;
}

/** Who else watches this worker's units (the watch page of `queue worker --serve`). */
export interface UnitWatch {
  /** A progress event of a unit's run (every stage, not only what is published on the job). */
  progress(unit: string, event: ProgressEvent): void;
  /** A tap on the frames being encoded (the page's thumbnail). */
  frameTap?: FrameTap;
  /** A unit ended on this worker: done, handed on (waiting for its segments), or failed with this message. */
  ended(unit: string, error?: string): void;
}

export interface WorkContext {
  queue: Queue;
  workerName: string;
  logger: Logger;
  s3: S3Settings;
  s3Client: () => S3Client;
  allowDirs: readonly string[];
  workDir: string;
  sources: SourceCache;
  processVideo: ProcessVideo;
  box: BoxSettings;
  watch?: UnitWatch;
}

type NonNull<T> = { [K in keyof T]: Exclude<T[K], null> };

/** The progress listener of a unit's run: published on its job, and shown to the watcher if there is one. */
export function unitProgress(job: Job, ctx: WorkContext): ReturnType<typeof publishProgress> {
  const watch = ctx.watch;
  return publishProgress(job, ctx.workerName, watch && ((event) => watch.progress(job.id ?? '', event)));
}

/** Pipeline options from a validated job spec (a null opts out, as in a batch file), this box's own settings winning. */
export function processOptions(spec: JobSpec, box: BoxSettings): Omit<ProcessOptions, 'input' | 'output'> {
  const given = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== null)) as NonNull<JobSpec>;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { segmentSeconds, id, input, output, ...options } = given;
  return {
    ...options,
    mode: options.mode ?? 'interp',
    prefer: options.prefer ?? 'auto',
    targetFps: options.targetFps === undefined ? undefined : String(options.targetFps),
    ...(box.modelsDir ? { modelsDir: box.modelsDir } : {}),
    ...(box.threads ? { threads: box.threads } : {}),
    ...(box.device ? { device: box.device } : {}),
  };
}
