// What every unit of work on a worker shares: its own S3 client and settings, the folders it may read,
// its scratch space, the pipeline, and what this box decides for itself (models, threads, device).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Queue } from 'bullmq';
import type { JobSpec } from '../../jobs/batch-schema.js';
import type { ProcessOptions, ProcessVideo } from '../../pipeline/types.js';
import type { S3Settings } from '../../storage/s3-client.js';
import type { Logger } from '../../util/logger.js';
import type { SourceCache } from './source-cache.js';

export interface BoxSettings {
  modelsDir?: string;
  threads?: number;
  device?: string;
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
}

type SpecOptions = JobSpec;

/** Pipeline options from a validated job spec, with this box's own settings winning. */
export function processOptions(spec: SpecOptions, box: BoxSettings): Omit<ProcessOptions, 'input' | 'output'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { segmentSeconds, id, input, output, ...options } = spec;
  return {
    ...options,
    device: options.device,
    mode: options.mode ?? 'interp',
    prefer: options.prefer ?? 'auto',
    targetFps: options.targetFps === undefined ? undefined : String(options.targetFps),
    ...(box.modelsDir ? { modelsDir: box.modelsDir } : {}),
    ...(box.threads ? { threads: box.threads } : {}),
    ...(box.device ? { device: box.device } : {}),
  };
}
