// One batch job: skip it if its verified result already exists, else fetch → process → upload → verify →
// manifest (or move into a local output), recording each step in the state store, and always removing its
// scratch folder. Every failure becomes a 'failed' outcome with a clear message; nothing is thrown.
import type { S3Client } from '@aws-sdk/client-s3';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ProcessVideo } from '../pipeline/index.js';
import {
  abortStaleUploads,
  fetchSource,
  findVerifiedResult,
  localManifestPath,
  s3Failure,
  uploadVerified,
  writeJsonAtomic,
  type JobOutcome,
} from '../storage/index.js';
import { describeError, redactText, sha256File, type Logger, type ProgressListener } from '../util/index.js';
import type { LoadedBatch, ResolvedJob } from './load-batch.js';
import type { StateStore } from './state-store.js';

export interface JobContext {
  batch: LoadedBatch;
  store: StateStore;
  s3Client: () => S3Client;
  processVideo: ProcessVideo;
  logger: Logger;
  onProgress?: ProgressListener;
  signal: AbortSignal;
  /** Turns an abort into the message to record (e.g. "timed out after 30 s"). */
  abortMessage: () => string | undefined;
}

/** Is this job's result already done? Returns the skipped outcome, or undefined to run it. */
async function alreadyDone(job: ResolvedJob, ctx: JobContext, startedAt: string): Promise<JobOutcome | undefined> {
  const base = { id: job.id, input: job.input, output: job.outputText, status: 'skipped' as const, startedAt };
  const prev = ctx.store.get(job.id);
  if (job.output.kind === 's3') {
    const found = await findVerifiedResult(ctx.s3Client(), job.output.bucket, job.output.key, ctx.signal).catch((error: unknown) => {
      throw s3Failure('RESULT_CHECK_FAILED', 'Checking for an existing result at', job.outputText, error);
    });
    if (found && found.manifest.jobFingerprint === job.fingerprint) {
      // A kill between the remote and the local manifest, or a fresh box: the watchdog's folder gets it too.
      await writeJsonAtomic(localManifestPath(ctx.batch.manifestDir, job.output.bucket, job.output.key), found.manifest);
      return { ...base, result: found.manifest, finishedAt: new Date().toISOString() };
    }
    if (prev?.status === 'verified') ctx.logger.warn('the state says verified but the bucket does not hold a verified result; redoing');
    return undefined;
  }
  if (prev?.status === 'done-local' && prev.fingerprint === job.fingerprint && prev.local) {
    const now = await sha256File(prev.local.path).catch(() => undefined);
    if (now?.sha256 === prev.local.sha256) return { ...base, local: prev.local, finishedAt: new Date().toISOString() };
  }
  return undefined;
}

/** Copies a finished file into a local output atomically (same-folder temp + rename). */
async function placeLocal(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const temp = join(dirname(to), `.${basename(to)}.partial`);
  try {
    await rename(from, temp).catch(() => copyFile(from, temp));
    await rename(temp, to);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Runs one job to an outcome. */
export async function runJob(job: ResolvedJob, ctx: JobContext): Promise<JobOutcome> {
  const startedAt = new Date().toISOString();
  const logger = ctx.logger.child({ job: job.id });
  // A folder per run: an ffmpeg orphaned by a kill -9 of an earlier run may still be writing into its own.
  const jobDir = join(ctx.batch.workDir, job.id);
  const work = join(jobDir, `run-${process.pid}-${Date.now()}`);
  const prev = ctx.store.get(job.id);
  const state = { id: job.id, fingerprint: job.fingerprint, attempts: (prev?.attempts ?? 0) + 1 };
  const outcome = { id: job.id, input: job.input, output: job.outputText, startedAt };
  try {
    const skipped = await alreadyDone(job, ctx, startedAt);
    if (skipped) {
      logger.info('already done; skipping', { check: skipped.result?.check ?? 'local sha256' });
      return skipped;
    }
    if (prev?.status === 'running') {
      logger.warn('an earlier run stopped in the middle of this job; redoing it from a clean state', { stage: prev.stage });
      if (prev.stage === 'upload' && job.output.kind === 's3') {
        await abortStaleUploads(ctx.s3Client(), job.output.bucket, job.output.key, logger, ctx.signal);
      }
    }
    // Clean state: whatever a killed run left in the scratch folder is not trusted.
    await rm(jobDir, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    await ctx.store.put({ ...state, status: 'running', stage: 'fetch' });
    const source = await fetchSource(job.source, {
      dir: join(work, 'input'),
      s3Client: ctx.s3Client,
      logger,
      onProgress: ctx.onProgress,
      signal: ctx.signal,
    });
    await ctx.store.put({ ...state, status: 'running', stage: 'process' });
    const name = basename(job.output.kind === 's3' ? job.output.key : job.output.path);
    const produced = join(work, 'output', name);
    // The pipeline refuses to create folders for --output; this scratch folder is ours to make.
    await mkdir(dirname(produced), { recursive: true });
    const report = await ctx.processVideo({ ...job.options, input: source.path, output: produced }, { logger, onProgress: ctx.onProgress, signal: ctx.signal });
    const made = await stat(produced).catch(() => undefined);
    if (!made?.isFile() || made.size === 0) throw new Error(`processing reported success but wrote no output at ${produced}`);
    logger.info('processed', { framesIn: report.framesIn, framesOut: report.framesOut, wallSeconds: Number(report.wallSeconds.toFixed(2)) });
    if (job.output.kind === 's3') {
      await ctx.store.put({ ...state, status: 'running', stage: 'upload' });
      const upload = ctx.batch.config.upload;
      const { manifest } = await uploadVerified({
        client: ctx.s3Client(),
        file: produced,
        bucket: job.output.bucket,
        key: job.output.key,
        partSize: upload.partSizeMiB * 1024 * 1024,
        concurrency: upload.concurrency,
        attempts: upload.attempts,
        readBack: upload.readBack,
        etagCheck: upload.etagCheck,
        manifestDir: ctx.batch.manifestDir,
        jobId: job.id,
        jobFingerprint: job.fingerprint,
        source: job.input,
        logger,
        onProgress: ctx.onProgress,
        signal: ctx.signal,
      });
      await ctx.store.put({ ...state, status: 'verified', stage: 'done', result: manifest });
      return { ...outcome, status: 'verified', result: manifest, finishedAt: new Date().toISOString() };
    }
    const { sha256, size } = await sha256File(produced, ctx.signal);
    await placeLocal(produced, job.output.path);
    const local = { path: job.output.path, size, sha256 };
    await ctx.store.put({ ...state, status: 'done-local', stage: 'done', local });
    logger.info('written', { path: job.output.path, size });
    return { ...outcome, status: 'done-local', local, finishedAt: new Date().toISOString() };
  } catch (error) {
    const message = redactText(ctx.abortMessage() ?? describeError(error));
    logger.error('job failed', { error: message });
    await ctx.store.put({ ...state, status: 'failed', error: message }).catch(() => undefined);
    return { ...outcome, status: 'failed', error: message, finishedAt: new Date().toISOString() };
  } finally {
    await rm(jobDir, { recursive: true, force: true });
  }
}
