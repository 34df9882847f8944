// Queue benchmark: one long real clip (franck.mp4, the first 64 s, scaled to 256 px wide, ×2 with RIFE on
// the CPU) split into 8 s segments on 1 worker process vs 2, every engine limited to one thread so the
// cores are the workers'. Prints the wall-time speed-up (goal ≥ 1.7× on 2 cores) and the split + join
// overhead: the same clip unsplit on one worker against the split run on one worker (goal ≤ 5 %), with
// the planning and join steps timed from the workers' logs.
// Run alone: `npm run bench queue`; BENCH_QUEUE_SECONDS (default 64), BENCH_QUEUE_WIDTH (default 256) and
// BENCH_QUEUE_PREFER (onnx|blend) change the case. --quick: 6 s with blend in 2 s segments, a smoke run of
// the tooling (Redis, S3, worker processes, split, join) whose numbers mean little.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBatch } from '../src/jobs/index.js';
import { batchStatus, openQueue, redisTarget, submitBatch } from '../src/queue/index.js';
import { footage } from '../test/helpers/footage.js';
import { startS3 } from '../test/helpers/s3.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { trimClip } from '../test/pipeline/clips.js';
import { startRedis } from '../test/queue/redis.js';
import { startWorker, type Worker } from '../test/queue/harness.js';
import type { BenchOptions } from './registry.js';

interface Case {
  seconds: number;
  prefer: string;
  segmentSeconds: number;
  width: number;
}

const FULL: Case = {
  seconds: Number(process.env.BENCH_QUEUE_SECONDS ?? 64),
  prefer: process.env.BENCH_QUEUE_PREFER ?? 'onnx',
  segmentSeconds: 8,
  width: Number(process.env.BENCH_QUEUE_WIDTH ?? 256),
};
const QUICK: Case = { seconds: 6, prefer: 'blend', segmentSeconds: 2, width: 128 };
const MODELS = process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');

interface RunResult {
  wall: number;
  planSeconds?: number;
  joinSeconds?: number;
  segments: number;
}

const at = (line: string): { time: number; msg?: string; unit?: string } | undefined => {
  try {
    const r = JSON.parse(line) as { time: string; msg?: string; unit?: string };
    return { time: Date.parse(r.time), msg: r.msg, unit: r.unit };
  } catch {
    return undefined;
  }
};

/** Submits the clip once, runs `workers` worker processes until the batch is verified, and times it. */
async function runOnce(env: { redis: string; s3: Awaited<ReturnType<typeof startS3>>; dir: string; clip: string; case: Case }, workers: number, split: boolean): Promise<RunResult> {
  const queue = `bench-${randomUUID()}`;
  const batchFile = join(env.dir, `batch-${queue}.json`);
  const job = { id: 'long', input: env.clip, output: `s3://videos/${queue}/long.mp4`, prefer: env.case.prefer, device: 'cpu', factor: 2, ...(split ? { segmentSeconds: env.case.segmentSeconds } : {}) };
  writeFileSync(batchFile, JSON.stringify({ s3: { endpoint: env.s3.endpoint, region: 'us-east-1', forcePathStyle: true }, jobs: [job] }));
  const handle = await openQueue(redisTarget(env.redis), queue);
  try {
    const began = performance.now();
    const record = await submitBatch(await loadBatch(batchFile), { queue: handle.queue, redis: handle.redis });
    const args = ['--redis', env.redis, '--queue', queue, '--allow-dir', env.dir, '--s3-endpoint', env.s3.endpoint, '--s3-path-style', '--threads', '1', '--device', 'cpu', '--exit-when-idle', '600'];
    const procs: Worker[] = Array.from({ length: workers }, (_, i) => startWorker([...args, '--name', `w${i + 1}`], { ...env.s3.env, INTERUP_MODELS: MODELS }));
    let status = await batchStatus(handle.queue, handle.redis, record.id);
    while (!status.finished) {
      await new Promise((r) => setTimeout(r, 500));
      status = await batchStatus(handle.queue, handle.redis, record.id);
    }
    const wall = (performance.now() - began) / 1000;
    for (const p of procs) p.proc.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    if (status.failed > 0) throw new Error(`bench batch failed: ${JSON.stringify(status.jobs.map((j) => j.error))}`);
    const parent = record.jobs[0].jobId;
    const lines = procs.flatMap((p) => p.lines.map(at)).filter((r): r is NonNullable<typeof r> => r !== undefined);
    const mine = (msg: string) => lines.filter((r) => r.unit === parent && r.msg === msg).map((r) => r.time);
    const first = mine('planning the split')[0];
    const planned = mine('split planned')[0];
    const lastSegment = Math.max(...lines.filter((r) => r.msg === 'segment verified').map((r) => r.time));
    const verified = mine('job verified')[0];
    return {
      wall,
      segments: status.jobs[0].segments?.total ?? 1,
      planSeconds: planned && first ? (planned - first) / 1000 : undefined,
      joinSeconds: split && verified ? (verified - lastSegment) / 1000 : undefined,
    };
  } finally {
    await handle.close();
  }
}

/** What `npm run bench queue` measured (the report keeps it). */
export interface QueueBenchResult {
  clip: string;
  seconds: number;
  width: number;
  prefer: string;
  segmentSeconds: number;
  segments: number;
  /** Wall seconds: the clip unsplit on 1 worker, split on 1 worker, split on 2 workers. */
  unsplitOne: number;
  splitOne: number;
  splitTwo: number;
  /** Plan and join steps of the split 1-worker run (from the workers' logs). */
  planSeconds?: number;
  joinSeconds?: number;
  speedup: number;
  /** (split on 1 − unsplit on 1) / split on 1. */
  overhead: number;
  goals: { speedup: number; overhead: number };
  /** 1-minute load average before and after (other work on the machine bends the numbers). */
  loadBefore: number;
  loadAfter: number;
}

/** Entry point for bench/run.ts and the report. */
export async function run(options: BenchOptions = {}): Promise<QueueBenchResult> {
  const c = options.quick ? QUICK : FULL;
  const tmp = makeTempDir('interup-bench-queue-');
  const [redis, s3] = await Promise.all([startRedis(), startS3(['videos'])]);
  try {
    const clip = await trimClip(await footage('franck.mp4'), tmp.dir, 'long.mp4', c.seconds, `${c.width}:-2`);
    const env = { redis: redis.url, s3, dir: tmp.dir, clip, case: c };
    const loadBefore = loadavg()[0];
    console.log(`clip: franck.mp4, first ${c.seconds} s at ${c.width} px wide, ×2 (prefer ${c.prefer}, device cpu, 1 thread per engine), ${c.segmentSeconds} s segments; load ${loadBefore.toFixed(2)} on ${cpus().length} cores`);
    const whole = await runOnce(env, 1, false);
    console.log(`unsplit, 1 worker: ${whole.wall.toFixed(1)} s`);
    const one = await runOnce(env, 1, true);
    console.log(`split into ${one.segments}, 1 worker: ${one.wall.toFixed(1)} s (plan ${one.planSeconds?.toFixed(1)} s, join after the last segment ${one.joinSeconds?.toFixed(1)} s)`);
    const two = await runOnce(env, 2, true);
    console.log(`split into ${two.segments}, 2 workers: ${two.wall.toFixed(1)} s (plan ${two.planSeconds?.toFixed(1)} s, join ${two.joinSeconds?.toFixed(1)} s)`);
    const speedup = one.wall / two.wall;
    const overhead = (one.wall - whole.wall) / one.wall;
    const steps = ((one.planSeconds ?? 0) + (one.joinSeconds ?? 0)) / one.wall;
    const goals = { speedup: 1.7, overhead: 0.05 };
    console.log(`speed-up 2 vs 1 worker: ${speedup.toFixed(2)}× (goal ≥ ${goals.speedup}×) ${speedup >= goals.speedup ? 'OK' : 'MISSED'}`);
    console.log(`split + join overhead: ${(100 * overhead).toFixed(1)} % of the split run (goal ≤ ${100 * goals.overhead} %) ${overhead <= goals.overhead ? 'OK' : 'MISSED'}; plan + join steps alone ${(100 * steps).toFixed(1)} %`);
    const loadAfter = loadavg()[0];
    console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
    return {
      clip: 'franck.mp4',
      seconds: c.seconds,
      width: c.width,
      prefer: c.prefer,
      segmentSeconds: c.segmentSeconds,
      segments: one.segments,
      unsplitOne: whole.wall,
      splitOne: one.wall,
      splitTwo: two.wall,
      planSeconds: one.planSeconds,
      joinSeconds: one.joinSeconds,
      speedup,
      overhead,
      goals,
      loadBefore,
      loadAfter,
    };
  } finally {
    await Promise.all([redis.stop(), s3.stop()]);
    tmp.cleanup();
  }
}
