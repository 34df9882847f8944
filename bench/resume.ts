// Resume benchmark: one long real clip (franck.mp4, the first 180 s at 256 px wide, ×2 with RIFE on the CPU)
// rendered by `interup run` three ways: checkpoints off (one piece), checkpointed (the default 60-s
// segments), and checkpointed but killed with kill -9 at ~90 % of its frames and run again. Prints the
// checkpoint overhead (goal ≤ 3 % of the wall time) and how much work the resumed run redid (goal: at most
// one segment, so its wall time ≤ the remaining share of the whole + one segment + start-up and join).
// Run alone: `npm run bench resume`; BENCH_RESUME_SECONDS, BENCH_RESUME_WIDTH, BENCH_RESUME_PREFER
// (onnx|blend) and BENCH_RESUME_CHECKPOINT (seconds) change the case. --quick: 12 s at 128 px with blend in
// 2-s segments, a smoke run whose numbers mean little (per-segment start-up dominates such short segments).
// BENCH_RESUME_PAIRS (default 1) repeats the off/checkpointed pair, in alternating order (the machine's load
// drifts); each run's CPU seconds (the CLI and its ffmpeg children) are printed beside its wall time, since
// on a shared machine CPU time says what checkpoints add far more steadily than wall time.
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { logRecord, runCli } from '../test/helpers/cli.js';
import { footage } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { trimClip } from '../test/pipeline/clips.js';
import { cpuSeconds, cpuTime } from './cpu-time.js';
import type { BenchOptions } from './registry.js';

interface Case {
  seconds: number;
  width: number;
  prefer: string;
  segmentSeconds: number;
}

const FULL: Case = {
  seconds: Number(process.env.BENCH_RESUME_SECONDS ?? 180),
  width: Number(process.env.BENCH_RESUME_WIDTH ?? 256),
  prefer: process.env.BENCH_RESUME_PREFER ?? 'onnx',
  segmentSeconds: Number(process.env.BENCH_RESUME_CHECKPOINT ?? 60),
};
const QUICK: Case = { seconds: 12, width: 128, prefer: 'blend', segmentSeconds: 2 };
const MODELS = process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');

export interface ResumeBenchResult {
  clip: string;
  seconds: number;
  width: number;
  prefer: string;
  segmentSeconds: number;
  segments: number;
  frames: number;
  /** Wall seconds of the whole command: checkpoints off, checkpointed. */
  off: number;
  checkpointed: number;
  /** (checkpointed − off) / off. */
  overhead: number;
  /** CPU seconds of the whole command (process tree), summed over the pairs, and their overhead. */
  offCpu?: number;
  checkpointedCpu?: number;
  cpuOverhead?: number;
  pairs?: number;
  /** Frames done when the run was killed, and the resumed run's wall seconds and reused segments. */
  killedAtFrames: number;
  resumed: number;
  reusedSegments: number;
  /** Frames the resumed run rendered beyond those that were left when it was killed. */
  redoneFrames: number;
  /** The resumed run's allowance: remaining share of the checkpointed wall + one segment's share + its start-up and join. */
  resumedBudget: number;
  load: [number, number];
}

interface Run {
  wall: number;
  cpu: number;
  stderr: string;
  /** The run's report (stdout with --log-format json), when it finished. */
  report?: { framesPlanned: number; checkpoints?: { segments: number; reused: number } };
  killedAt?: number;
}

async function runOnce(args: string[], killAtShare?: number): Promise<Run> {
  const began = performance.now();
  const cpuBefore = cpuTime();
  let killedAt: number | undefined;
  const result = await runCli(['run', ...args], {
    env: { INTERUP_FROM_SOURCE: '1', INTERUP_MODELS: MODELS },
    timeoutMs: 3_600_000,
    onLine: (line) => {
      const r = logRecord(line) as { type?: string; done?: number; total?: number } | undefined;
      if (killAtShare === undefined || r?.type !== 'progress' || !r.total || (r.done ?? 0) < killAtShare * r.total) return false;
      killedAt = r.done;
      return true;
    },
  });
  if (killAtShare === undefined && result.code !== 0) throw new Error(`interup run failed: ${result.stderr.slice(-500)}`);
  const last = result.stdout.trim().split('\n').at(-1);
  return { wall: (performance.now() - began) / 1000, cpu: cpuSeconds(cpuBefore), stderr: result.stderr, report: result.code === 0 && last ? (JSON.parse(last) as Run['report']) : undefined, killedAt };
}

/** Seconds between the first record and the first record whose message `msg` accepts. */
function logSpan(stderr: string, msg: (m: string) => boolean): number {
  const records = stderr.split('\n').map(logRecord).filter((r) => r !== undefined) as { time?: string; msg?: string }[];
  const first = Date.parse(records[0]?.time ?? '');
  const at = Date.parse(records.find((r) => r.msg !== undefined && msg(r.msg))?.time ?? '');
  return (at - first) / 1000;
}

export async function run(options: BenchOptions = {}): Promise<ResumeBenchResult> {
  const c = options.quick ? QUICK : FULL;
  const tmp = makeTempDir('interup-bench-resume-');
  try {
    const clip = await trimClip(await footage('franck.mp4'), tmp.dir, 'long.mp4', c.seconds, `${c.width}:-2`);
    const base = ['-i', clip, '--factor', '2', '--prefer', c.prefer, '--device', 'cpu', '--threads', String(Math.max(1, cpus().length)), '--log-format', 'json'];
    const loadBefore = loadavg()[0];
    console.log(`clip: franck.mp4, first ${c.seconds} s at ${c.width} px wide, ×2 (prefer ${c.prefer}, device cpu), ${c.segmentSeconds} s checkpoints; load ${loadBefore.toFixed(2)} on ${cpus().length} cores`);
    const pairs = Math.max(1, Number(process.env.BENCH_RESUME_PAIRS ?? 1));
    const offRuns: Run[] = [];
    const onRuns: Run[] = [];
    const runOff = async (): Promise<void> => {
      const r = await runOnce([...base, '-o', join(tmp.dir, 'off.mp4'), '--checkpoint-seconds', '86400']);
      rmSync(join(tmp.dir, 'off.mp4'), { force: true });
      console.log(`checkpoints off: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, load ${loadavg()[0].toFixed(2)}`);
      offRuns.push(r);
    };
    const runOn = async (): Promise<void> => {
      const r = await runOnce([...base, '-o', join(tmp.dir, 'on.mp4'), '--checkpoint-seconds', String(c.segmentSeconds)]);
      rmSync(join(tmp.dir, 'on.mp4'), { force: true });
      console.log(`checkpointed (${r.report?.checkpoints?.segments ?? 1} segments): ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, load ${loadavg()[0].toFixed(2)}`);
      onRuns.push(r);
    };
    for (let i = 0; i < pairs; i++) {
      if (i % 2 === 0) await runOff().then(runOn);
      else await runOn().then(runOff);
    }
    const sum = (runs: Run[], of: (r: Run) => number): number => runs.reduce((t, r) => t + of(r), 0);
    const off = { wall: sum(offRuns, (r) => r.wall) / pairs, cpu: sum(offRuns, (r) => r.cpu) / pairs };
    const on = { wall: sum(onRuns, (r) => r.wall) / pairs, cpu: sum(onRuns, (r) => r.cpu) / pairs, report: onRuns[0].report };
    const frames = on.report?.framesPlanned ?? 0;
    const segments = on.report?.checkpoints?.segments ?? 1;
    const overhead = (on.wall - off.wall) / off.wall;
    const cpuOverhead = (on.cpu - off.cpu) / off.cpu;
    console.log(`${pairs} pair(s): checkpointed ${on.wall.toFixed(1)} s vs off ${off.wall.toFixed(1)} s wall, overhead ${(100 * overhead).toFixed(1)} % (goal ≤ 3 %) ${overhead <= 0.03 ? 'OK' : 'MISSED'}; CPU ${on.cpu.toFixed(1)} s vs ${off.cpu.toFixed(1)} s, ${(100 * cpuOverhead).toFixed(1)} %`);
    const killed = await runOnce([...base, '-o', join(tmp.dir, 'killed.mp4'), '--checkpoint-seconds', String(c.segmentSeconds)], 0.9);
    const resumed = await runOnce([...base, '-o', join(tmp.dir, 'killed.mp4'), '--checkpoint-seconds', String(c.segmentSeconds)]);
    const total = frames;
    const reused = resumed.report?.checkpoints?.reused ?? 0;
    const perSegment = total / Math.max(1, segments);
    const rendered = total - reused * perSegment;
    const left = total - (killed.killedAt ?? 0);
    const redone = Math.max(0, rendered - left);
    const startAndJoin = logSpan(resumed.stderr, (m) => m.startsWith('resumed at')) + (resumed.wall - logSpan(resumed.stderr, (m) => m === 'joining the checkpoints'));
    const budget = (on.wall * (left + perSegment)) / total + Math.max(0, startAndJoin);
    console.log(`killed at ${killed.killedAt} of ${total} frames; resumed run: ${resumed.wall.toFixed(1)} s, ${reused} of ${segments} segments reused, ${redone.toFixed(0)} frames redone (goal ≤ one segment, ${perSegment.toFixed(0)}) ${redone <= perSegment ? 'OK' : 'MISSED'}`);
    console.log(`resumed wall ${resumed.wall.toFixed(1)} s vs allowance ${budget.toFixed(1)} s (remaining share + one segment of the checkpointed run + start-up and join ${startAndJoin.toFixed(1)} s) ${resumed.wall <= budget ? 'OK' : 'MISSED'}`);
    const loadAfter = loadavg()[0];
    console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
    return {
      clip: 'franck.mp4', seconds: c.seconds, width: c.width, prefer: c.prefer, segmentSeconds: c.segmentSeconds, segments, frames: total,
      off: off.wall, checkpointed: on.wall, overhead, offCpu: off.cpu, checkpointedCpu: on.cpu, cpuOverhead, pairs, killedAtFrames: killed.killedAt ?? 0, resumed: resumed.wall, reusedSegments: reused,
      redoneFrames: redone, resumedBudget: budget, load: [loadBefore, loadAfter],
    };
  } finally {
    tmp.cleanup();
  }
}
