// The batch runner (the seed's run_with_config_batch_sync): jobs one after another, each bounded by the
// job timeout, a failed job never stopping the rest, and at the end a batch manifest listing every outcome
// (what a watchdog waits for). The processor is a parameter so the runner does not depend on which
// pipeline is wired in.
import type { S3Client } from '@aws-sdk/client-s3';
import { rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ProcessVideo } from '../pipeline/index.js';
import { BatchManifestSchema, createS3Client, writeJsonAtomic, type BatchManifest, type JobOutcome } from '../storage/index.js';
import { silentLogger, type Logger, type ProgressListener } from '../util/index.js';
import type { LoadedBatch } from './load-batch.js';
import { runJob } from './run-job.js';
import { StateStore } from './state-store.js';

/** Seconds a job may take to wind down after its timeout fires before the runner stops waiting for it. */
const GIVE_UP_GRACE_SECONDS = 15;

/** A job that ignores its abort signal still cannot hold the batch: past the grace period it is failed. */
async function withGiveUp(running: Promise<JobOutcome>, job: LoadedBatch['jobs'][number], seconds: number): Promise<JobOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<JobOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          id: job.id,
          input: job.input,
          output: job.outputText,
          status: 'failed',
          error: `timed out after ${seconds} s and did not stop within ${GIVE_UP_GRACE_SECONDS} s; abandoned`,
          finishedAt: new Date().toISOString(),
        }),
      (seconds + GIVE_UP_GRACE_SECONDS) * 1000,
    );
    timer.unref();
  });
  try {
    return await Promise.race([running, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where a batch's final manifest is written. */
export function batchManifestPath(batch: LoadedBatch): string {
  return join(batch.manifestDir, `${basename(batch.file, extname(batch.file))}.batch.json`);
}

/** Calls that let another part (e.g. the monitor) follow the batch without the runner knowing it. */
export interface BatchHooks {
  onJobFinished?(outcome: JobOutcome): void | Promise<void>;
  onBatchFinished?(manifest: BatchManifest, path: string): void | Promise<void>;
}

export interface RunBatchOptions {
  processVideo: ProcessVideo;
  /** Seconds per job; undefined for none. */
  jobTimeoutSeconds?: number;
  /** Which setting the timeout came from, for messages ("--job-timeout", "BATCH_TIMEOUT", "jobTimeout"). */
  timeoutSource?: string;
  logger?: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Client factory (tests pass their own); default from the file's s3 section + the AWS credential chain. */
  s3Client?: () => S3Client;
  hooks?: BatchHooks;
}

/** Runs every job and returns (and writes) the batch manifest; `ok` says whether all succeeded. */
export async function runBatch(batch: LoadedBatch, options: RunBatchOptions): Promise<{ manifest: BatchManifest; path: string }> {
  const logger = options.logger ?? silentLogger;
  const path = batchManifestPath(batch);
  // A manifest from an earlier run must not tell a watchdog that this run is over.
  await rm(path, { force: true });
  let client: S3Client | undefined;
  const s3Client =
    options.s3Client ?? (() => (client ??= createS3Client(batch.config.s3 ?? { region: process.env.AWS_REGION ?? 'us-east-1', forcePathStyle: false, maxAttempts: 5 })));
  if (batch.credentialsInFile) logger.warn('S3 credentials are written in the batch file; prefer AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE');
  const { store, notes } = await StateStore.open(batch.stateFile);
  for (const note of notes) logger.warn(note, { state: batch.stateFile });
  const startedAt = new Date().toISOString();
  const outcomes: JobOutcome[] = [];
  try {
    for (const job of batch.jobs) {
      if (options.signal?.aborted) {
        outcomes.push({ id: job.id, input: job.input, output: job.outputText, status: 'failed', error: 'not started: the batch was stopped' });
        continue;
      }
      logger.info(`job ${job.index + 1}/${batch.jobs.length}`, { job: job.id, input: job.input, output: job.outputText });
      const timeout = new AbortController();
      const seconds = options.jobTimeoutSeconds;
      const timer = seconds ? setTimeout(() => timeout.abort(new Error('job timeout')), seconds * 1000) : undefined;
      const signal = options.signal ? AbortSignal.any([timeout.signal, options.signal]) : timeout.signal;
      const running = runJob(job, {
        batch,
        store,
        s3Client,
        processVideo: options.processVideo,
        logger,
        onProgress: options.onProgress,
        signal,
        abortMessage: () =>
          timeout.signal.aborted
            ? `timed out after ${seconds} s (limit from ${options.timeoutSource ?? 'jobTimeout'})`
            : options.signal?.aborted
              ? 'stopped: the batch was interrupted'
              : undefined,
      });
      const outcome = seconds ? await withGiveUp(running, job, seconds) : await running;
      if (timer) clearTimeout(timer);
      outcomes.push(outcome);
      await options.hooks?.onJobFinished?.(outcome);
    }
  } finally {
    store.close();
    client?.destroy();
  }
  const manifest = BatchManifestSchema.parse({
    kind: 'interup.batch',
    version: 1,
    batchFile: batch.file,
    startedAt,
    finishedAt: new Date().toISOString(),
    ok: outcomes.every((o) => o.status !== 'failed'),
    jobs: outcomes,
  });
  await writeJsonAtomic(path, manifest);
  logger.info('batch finished', { ok: manifest.ok, manifest: path, failed: outcomes.filter((o) => o.status === 'failed').length });
  await options.hooks?.onBatchFinished?.(manifest, path);
  return { manifest, path };
}
