// `queue submit`: a batch file (the same schema and messages as `interup batch`) becomes one BullMQ job
// per video on the shared queue. A job with segmentSeconds is split later, by the worker that takes it
// (it must probe the video first): its segments become child jobs of that parent, a BullMQ flow.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobSpecSchema, type LoadedBatch } from '../jobs/index.js';
import { InputError, type Logger, silentLogger } from '../util/index.js';
import { saveBatchRecord, type BatchRecord } from './batch-record.js';
import { refuseSecrets } from './guard.js';
import { specFingerprint, type VideoJobData } from './job-data.js';
import { newBatchId, videoJobId, VIDEO_JOB } from './names.js';

export interface SubmitOptions {
  queue: Queue;
  /** A plain client on the same Redis, for the batch record. */
  redis: Redis;
  /** Default segment length for jobs that do not set segmentSeconds (--segment-seconds). */
  segmentSeconds?: number;
  logger?: Logger;
}

/** Attempts of a whole video job: a box that dies mid-job is replaced once more than that. */
export const VIDEO_ATTEMPTS = 2;

/** What a job with segmentSeconds asks for that cannot be rendered one segment at a time (known before any probe). */
function unsplittable(index: number, options: { prefer?: string | null; deinterlace?: string | null }): string[] {
  const problems: string[] = [];
  if (options.prefer === 'ffmpeg') problems.push(`jobs[${index}].segmentSeconds: prefer ffmpeg (minterpolate) filters the whole stream at once and cannot be split; choose onnx, ncnn or blend, or drop segmentSeconds`);
  if (options.deinterlace === 'on') problems.push(`jobs[${index}].segmentSeconds: deinterlace on reads the frames either side of every cut and cannot be split; drop segmentSeconds or deinterlace (an interlaced source under deinterlace auto is rendered whole on one box)`);
  return problems;
}

/** Checks the batch for what a queue cannot carry, then enqueues it; returns the batch record. */
export async function submitBatch(batch: LoadedBatch, options: SubmitOptions): Promise<BatchRecord> {
  const logger = options.logger ?? silentLogger;
  if (batch.credentialsInFile) refuseSecrets(batch.config.s3, `The batch file ${batch.file}`);
  const problems: string[] = [];
  const datas: VideoJobData[] = [];
  const batchId = newBatchId();
  for (const job of batch.jobs) {
    if (job.output.kind !== 's3') problems.push(`jobs[${job.index}].output: a queued job's output must be s3://bucket/key (a local path would land on whichever box ran it), received ${JSON.stringify(job.outputText)}`);
    else if (job.output.key.endsWith('/')) problems.push(`jobs[${job.index}].output: ${JSON.stringify(job.outputText)} names a folder; a queued job's output must name its object (s3://bucket/folder/name.mp4), since its segments and manifest are kept beside it`);
    if (job.options.modelsDir !== undefined) problems.push(`jobs[${job.index}].modelsDir: where models live is each box's own setting (queue worker --models-dir), not a job's`);
    // The job's own value wins (null: never split), then the file's defaults, then --segment-seconds.
    const own = batch.config.jobs[job.index].segmentSeconds;
    const segmentSeconds = own === null ? undefined : (own ?? batch.config.defaults.segmentSeconds ?? options.segmentSeconds);
    if (segmentSeconds) problems.push(...unsplittable(job.index, job.options));
    const spec = JobSpecSchema.parse({ ...job.options, id: job.id, input: job.source, output: job.outputText, ...(segmentSeconds ? { segmentSeconds } : {}) });
    if (/^(https?|s3):\/\//i.test(job.source) === false) {
      logger.warn(`jobs[${job.index}].input is a local file: every worker needs it at ${job.source}, inside one of its --allow-dir folders`);
    }
    const s3 = batch.config.s3;
    datas.push({
      kind: 'video',
      version: 1,
      batchId,
      spec,
      fingerprint: specFingerprint(spec),
      ...(s3 ? { s3: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: s3.forcePathStyle } } : {}),
      upload: batch.config.upload,
    });
  }
  if (problems.length > 0) {
    throw new InputError('QUEUE_BATCH', `Batch file ${batch.file} cannot be queued:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { hint: '\nFix the fields named above and submit again.' });
  }
  const record: BatchRecord = {
    kind: 'interup.queue-batch',
    version: 1,
    id: batchId,
    queue: options.queue.name,
    file: batch.file,
    submittedAt: new Date().toISOString(),
    jobs: datas.map((d) => ({ id: d.spec.id ?? '', jobId: videoJobId(batchId, d.spec.id ?? ''), input: d.spec.input, output: d.spec.output, segmentSeconds: d.spec.segmentSeconds ?? undefined })),
  };
  await saveBatchRecord(options.redis, record);
  await options.queue.addBulk(
    datas.map((data) => ({
      name: VIDEO_JOB,
      data,
      opts: { jobId: videoJobId(batchId, data.spec.id ?? ''), attempts: VIDEO_ATTEMPTS, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: false, removeOnFail: false },
    })),
  );
  logger.info('batch submitted', { batch: batchId, jobs: datas.length, queue: options.queue.name });
  return record;
}
