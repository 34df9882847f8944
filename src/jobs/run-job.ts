// One batch job: skip it if its verified result already exists, else fetch → process → upload → verify →
// manifest (or move into a local output), recording each step in the state store, and always removing its
// scratch folder. Every failure becomes a 'failed' outcome with a clear message; nothing is thrown.
import type { S3Client } from '@aws-sdk/client-s3';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CHECKPOINT_FOLDER_SUFFIX, type ProcessVideo } from '../pipeline/index.js';
import {
  abortStaleUploads,
  fetchSource,
  findVerifiedResult,
  localManifestPath,
  s3Failure,
  uploadVerified,
  writeJsonAtomic,
  type FetchedSource,
  type JobOutcome,
} from '../storage/index.js';
import { describeError, InputError, redactText, sha256File, type Logger, type ProgressListener } from '../util/index.js';
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
  // A folder per run for downloads: an ffmpeg orphaned by a kill -9 of an earlier run may still be writing
  // into its own. The output's folder is the job's, kept across runs: the checkpoints of an interrupted
  // render live beside the output (pipeline/checkpoint.ts), and a restarted batch resumes from them.
  const jobDir = join(ctx.batch.workDir, job.id);
  const work = join(jobDir, `run-${process.pid}-${Date.now()}`);
  const outputDir = join(jobDir, 'output');
  let finished = false;
  // A render refused for its input (unreadable, no video, too short…) leaves checkpoints no rerun can use:
  // they were made from an input that is not there any more in that form.
  let inputRefused = false;
  const prev = ctx.store.get(job.id);
  const state = { id: job.id, fingerprint: job.fingerprint, attempts: (prev?.attempts ?? 0) + 1 };
  const outcome = { id: job.id, input: job.input, output: job.outputText, startedAt };
  try {
    const skipped = await alreadyDone(job, ctx, startedAt);
    if (skipped) {
      finished = true;
      logger.info('already done; skipping', { check: skipped.result?.check ?? 'local sha256' });
      return skipped;
    }
    if (prev?.status === 'running') {
      logger.warn(`an earlier run stopped in the middle of this job; ${prev.stage === 'process' ? 'resuming its render from its checkpoints' : 'redoing it'}`, { stage: prev.stage });
      if (prev.stage === 'upload' && job.output.kind === 's3') {
        await abortStaleUploads(ctx.s3Client(), job.output.bucket, job.output.key, logger, ctx.signal);
      }
    }
    // Clean state: whatever a killed run left in the scratch folder is not trusted, except checkpoints, which
    // the pipeline checks one by one (and discards when the input or a setting changed).
    await removeAllBut(jobDir, (name) => name === 'output');
    await mkdir(work, { recursive: true });
    await ctx.store.put({ ...state, status: 'running', stage: 'fetch' });
    const source = await fetchSource(job.source, {
      dir: join(work, 'input'),
      s3Client: ctx.s3Client,
      logger,
      onProgress: ctx.onProgress,
      signal: ctx.signal,
    });
    const name = basename(job.output.kind === 's3' ? job.output.key : job.output.path);
    const produced = join(outputDir, name);
    const rendered = prev?.status === 'running' && prev.fingerprint === job.fingerprint ? await renderedBefore(produced) : undefined;
    if (rendered) logger.info('the render had finished and was verified before the stop; not rendered again', { output: produced, framesOut: rendered.framesOut });
    else {
      await render(job, ctx, { state, source, produced, logger }).catch((error: unknown) => {
        inputRefused = error instanceof InputError && error.code.startsWith('INPUT_');
        throw error;
      });
    }
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
      finished = true;
      return { ...outcome, status: 'verified', result: manifest, finishedAt: new Date().toISOString() };
    }
    const { sha256, size } = await sha256File(produced, ctx.signal);
    await placeLocal(produced, job.output.path);
    const local = { path: job.output.path, size, sha256 };
    await ctx.store.put({ ...state, status: 'done-local', stage: 'done', local });
    logger.info('written', { path: job.output.path, size });
    finished = true;
    return { ...outcome, status: 'done-local', local, finishedAt: new Date().toISOString() };
  } catch (error) {
    const message = redactText(ctx.abortMessage() ?? describeError(error));
    logger.error('job failed', { error: message });
    await ctx.store.put({ ...state, status: 'failed', error: message }).catch(() => undefined);
    return { ...outcome, status: 'failed', error: message, finishedAt: new Date().toISOString() };
  } finally {
    // A failed or stopped job keeps only its render's checkpoints, for the next run (a timeout, a crash, an
    // interruption: the rerun resumes), unless its input was refused; a finished one leaves nothing.
    await rm(work, { recursive: true, force: true });
    if (!finished) await removeAllBut(outputDir, (name) => !inputRefused && name.endsWith(CHECKPOINT_FOLDER_SUFFIX));
    if (inputRefused) logger.info('its render\'s checkpoints were removed: they were made from an input the render now refuses');
    if (finished || (await readdir(outputDir).catch(() => [])).length === 0) await rm(jobDir, { recursive: true, force: true });
  }
}

type RunState = { id: string; fingerprint: string; attempts: number };

/** Renders the job into `produced` (resuming from the checkpoints a killed run left beside it). */
async function render(job: ResolvedJob, ctx: JobContext, r: { state: RunState; source: FetchedSource; produced: string; logger: Logger }): Promise<void> {
  await ctx.store.put({ ...r.state, status: 'running', stage: 'process' });
  // The pipeline refuses to create folders for --output; this scratch folder is ours to make.
  await mkdir(dirname(r.produced), { recursive: true });
  await rm(r.produced, { force: true });
  // A downloaded input is a new file each run: its checkpoints recognise it by content, not modification time.
  const identity = r.source.downloaded ? 'content' : 'file';
  const report = await ctx.processVideo({ ...job.options, input: r.source.path, output: r.produced }, { logger: r.logger, onProgress: ctx.onProgress, signal: ctx.signal, inputIdentity: identity });
  const made = await stat(r.produced).catch(() => undefined);
  if (!made?.isFile() || made.size === 0) throw new Error(`processing reported success but wrote no output at ${r.produced}`);
  r.logger.info('processed', { framesIn: report.framesIn, framesOut: report.framesOut, wallSeconds: Number(report.wallSeconds.toFixed(2)) });
}

/** The output a run killed during its upload had rendered: the pipeline writes the report only after the
 *  output was verified and renamed into place, so both being there means it is whole. */
async function renderedBefore(produced: string): Promise<{ framesOut: number } | undefined> {
  const made = await stat(produced).catch(() => undefined);
  const report = await readFile(`${produced}.report.json`, 'utf8').catch(() => undefined);
  if (!made?.isFile() || report === undefined) return undefined;
  try {
    return { framesOut: Number((JSON.parse(report) as { framesOut?: unknown }).framesOut) };
  } catch {
    return undefined;
  }
}

/** Removes everything in `dir` but the entries `keep` names. */
async function removeAllBut(dir: string, keep: (name: string) => boolean): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (!keep(name)) await rm(join(dir, name), { recursive: true, force: true });
}
