// What a batch looks like right now, read from Redis: every job's state, segments done of total, frames,
// which worker holds which unit, failures with their messages, and rate and ETA for the whole batch.
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InputError } from '../util/index.js';
import { loadBatchRecord, type BatchRecord } from './batch-record.js';
import { segmentJobId } from './names.js';
import type { UnitProgress } from './worker/progress.js';

export interface UnitHolder {
  unit: string;
  worker: string;
  stage: string;
  done: number;
  total?: number;
}

/** One segment of a split video: its frames [from, to), its BullMQ state, and who holds it while active. */
export interface SegmentStatus {
  index: number;
  from: number;
  to: number;
  state: string;
  holder?: UnitHolder;
  error?: string;
}

export interface JobStatus {
  id: string;
  jobId: string;
  input: string;
  output: string;
  state: string;
  segments?: { done: number; total: number; failed: number };
  /** Each segment of a split video (those a worker has planned so far). */
  parts?: SegmentStatus[];
  frames: { done: number; total?: number };
  holders: UnitHolder[];
  error?: string;
  /** The verified result: its URL, its manifest object and the check that passed. */
  result?: { url: string; manifest: string; check: string; sha256: string };
}

export interface BatchStatus {
  id: string;
  queue: string;
  submittedAt: string;
  jobs: JobStatus[];
  total: number;
  verified: number;
  failed: number;
  /** True when every job is verified or failed. */
  finished: boolean;
  frames: { done: number; total?: number };
  /** Output frames per second since the first unit started, and the time left at that rate. */
  rate?: number;
  etaSeconds?: number;
}

const progressOf = (job: Job): Partial<UnitProgress> => (job.progress && typeof job.progress === 'object' ? job.progress : {});

function holder(job: Job, state: string): UnitHolder[] {
  const p = progressOf(job);
  return state === 'active' ? [{ unit: job.id ?? '', worker: p.worker ?? job.processedBy ?? '?', stage: p.stage ?? '?', done: p.done ?? 0, total: p.total }] : [];
}

interface ReturnShape {
  manifest?: { url?: string; bucket?: string; key?: string; check?: string; sha256?: string };
}

async function jobStatus(queue: Queue, entry: BatchRecord['jobs'][number], started: number[]): Promise<JobStatus> {
  const base = { id: entry.id, jobId: entry.jobId, input: entry.input, output: entry.output };
  const job = await queue.getJob(entry.jobId);
  if (!job) return { ...base, state: 'missing', frames: { done: 0 }, holders: [], error: 'the job is no longer in Redis (removed, or Redis lost its data)' };
  const state = await job.getState();
  if (job.processedOn) started.push(job.processedOn);
  const status: JobStatus = { ...base, state, frames: { done: 0 }, holders: holder(job, state) };
  if (job.failedReason && state === 'failed') status.error = job.failedReason;
  const ret = job.returnvalue as ReturnShape | undefined;
  if (state === 'completed' && ret?.manifest?.url && ret.manifest.key) {
    status.result = { url: ret.manifest.url, manifest: `${ret.manifest.url}.manifest.json`, check: ret.manifest.check ?? '', sha256: ret.manifest.sha256 ?? '' };
  }
  const plan = (job.data as { plan?: { segments: number; frames: number } }).plan;
  if (plan) {
    const segments = { done: 0, total: plan.segments, failed: 0 };
    const parts: SegmentStatus[] = [];
    let frames = 0;
    for (let i = 0; i < plan.segments; i++) {
      const child = await queue.getJob(segmentJobId(entry.jobId, i));
      if (!child) continue;
      const childState = await child.getState();
      const range = child.data as { from?: number; to?: number };
      if (child.processedOn) started.push(child.processedOn);
      const [held] = holder(child, childState);
      parts.push({ index: i, from: range.from ?? 0, to: range.to ?? 0, state: childState, ...(held ? { holder: held } : {}), ...(childState === 'failed' ? { error: child.failedReason } : {}) });
      if (childState === 'completed') {
        segments.done++;
        frames += (range.to ?? 0) - (range.from ?? 0);
      } else if (childState === 'failed') {
        segments.failed++;
        status.error ??= `segment ${i + 1}/${plan.segments}: ${child.failedReason}`;
      } else {
        const p = progressOf(child);
        if (p.stage === 'interpolate') frames += p.done ?? 0;
        if (held) status.holders.push(held);
      }
    }
    status.segments = segments;
    status.parts = parts;
    status.frames = { done: state === 'completed' ? plan.frames : frames, total: plan.frames };
  } else {
    const p = progressOf(job);
    const total = p.total;
    status.frames = { done: state === 'completed' ? (total ?? 0) : p.stage === 'interpolate' ? (p.done ?? 0) : 0, total };
  }
  return status;
}

/** Reads the batch's status; an unknown batch id is bad input. */
export async function batchStatus(queue: Queue, redis: Redis, batchId: string, now = Date.now()): Promise<BatchStatus> {
  const record = await loadBatchRecord(redis, queue.name, batchId);
  if (!record) {
    throw new InputError('QUEUE_NO_BATCH', `No batch ${batchId} was submitted to queue "${queue.name}" on this Redis.`, { hint: 'Check the batch id printed by `interup queue submit` and the --queue name.' });
  }
  const started: number[] = [];
  const jobs: JobStatus[] = [];
  for (const entry of record.jobs) jobs.push(await jobStatus(queue, entry, started));
  const verified = jobs.filter((j) => j.state === 'completed').length;
  const failed = jobs.filter((j) => j.state === 'failed' || j.state === 'missing').length;
  const known = jobs.every((j) => j.frames.total !== undefined);
  const frames = { done: jobs.reduce((n, j) => n + j.frames.done, 0), total: known ? jobs.reduce((n, j) => n + (j.frames.total ?? 0), 0) : undefined };
  const since = started.length > 0 ? Math.min(...started) : undefined;
  const seconds = since === undefined ? 0 : (now - since) / 1000;
  const rate = seconds > 0 && frames.done > 0 ? frames.done / seconds : undefined;
  const etaSeconds = rate && frames.total !== undefined ? Math.max(0, (frames.total - frames.done) / rate) : undefined;
  return { id: record.id, queue: record.queue, submittedAt: record.submittedAt, jobs, total: jobs.length, verified, failed, finished: verified + failed === jobs.length, frames, rate, etaSeconds };
}
