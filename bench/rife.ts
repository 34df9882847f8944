// Benchmark: ms per interpolated frame at 640×360 on real footage, RIFE 4.6 through ONNX Runtime (CPU)
// against rife-ncnn-vulkan -g -1 with the same thread count, in one run, and their ratio. Rounds are
// interleaved and the median kept, and CPU time is reported beside wall time, because a shared machine's
// load swings wall time more than either engine differs.
// Run alone: `npx tsx bench/rife.ts [--threads N] [--frames N] [--rounds N]`; `npm run bench` calls runRifeBench().
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame } from '../src/frames/index.js';
import { encodePng } from '../src/media/index.js';
import { rifeOnnxFactory } from '../src/engines/index.js';
import { fetchModels, findModel } from '../src/models/index.js';
import { runProcess } from '../src/process/index.js';
import { inLanes, silentLogger } from '../src/util/index.js';
import { ffmpegFrames } from '../test/engines-rife/frames.js';
import { footage } from '../test/helpers/footage.js';

export interface EngineTiming {
  /** Median wall-clock ms per interpolated frame. */
  wallMs: number;
  /** Median CPU ms (user + system, all threads) per interpolated frame; undefined when not measurable. */
  cpuMs: number | undefined;
}

export interface RifeBenchResult {
  clip: string;
  width: number;
  height: number;
  threads: number;
  /** The ONNX engine as it describes itself (provider, sessions x threads). */
  onnxEngine: string;
  frames: number;
  rounds: number;
  onnx: EngineTiming;
  ncnn: EngineTiming;
  /** ncnn wall ms / ONNX wall ms: how many times faster the ONNX engine is. */
  speedup: number;
  /** The same ratio on CPU time. */
  cpuSpeedup: number | undefined;
  /** Lowest and highest wall-time ratio of a single round (both engines measured back to back). */
  roundSpeedups: [number, number];
}

const W = 640;
const H = 360;
const TIME = '/usr/bin/time';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// rife-ncnn-vulkan in folder mode over n frames (-n 2n: n−1 midpoints, one process, model loaded once);
// returns wall ms and CPU ms (from /usr/bin/time when present).
async function ncnnFolderRun(modelDir: string, work: string, frames: readonly Frame[], n: number, threads: number, tag: string): Promise<{ wall: number; cpu?: number }> {
  const dir = join(work, `in-${tag}`);
  const out = join(work, `out-${tag}`);
  mkdirSync(dir);
  mkdirSync(out);
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `${String(i).padStart(6, '0')}.png`), encodePng(frames[i]));
  const binary = join(modelDir, 'rife-ncnn-vulkan');
  const args = ['-i', dir, '-o', out, '-n', String(2 * n), '-m', modelDir, '-g', '-1', '-j', `1:${threads}:1`];
  const timed = existsSync(TIME);
  const start = performance.now();
  const { stderr } = await runProcess(timed ? TIME : binary, timed ? ['-f', 'CPUTIME %U %S', binary, ...args] : args, { timeoutMs: 900_000 });
  const wall = performance.now() - start;
  const m = /CPUTIME ([\d.]+) ([\d.]+)/.exec(stderr);
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined };
}

/** Runs both engines on the same consecutive pairs and returns ms per interpolated frame. */
export async function runRifeBench(options: { threads?: number; frames?: number; rounds?: number; modelsDir?: string } = {}): Promise<RifeBenchResult> {
  const threads = options.threads ?? 2;
  const count = options.frames ?? 16;
  const rounds = options.rounds ?? 3;
  const modelsDir = options.modelsDir ?? process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');
  const entry = findModel('rife-v4.6');
  if (!entry) throw new Error('rife-v4.6 missing from the catalog');
  await fetchModels([entry], { modelsDir });
  const clip = 'motion.mov';
  // Frames 100+ of motion.mov: a fast handheld pan.
  const frames = (await ffmpegFrames(['-i', await footage(clip), '-frames:v', String(100 + count + 1)], W, H)).slice(100);
  const modelDir = join(modelsDir, 'rife-v4.6');
  const work = mkdtempSync(join(tmpdir(), 'interup-bench-'));
  const engine = await rifeOnnxFactory.create({ logger: silentLogger, modelsDir, device: 'cpu', threads });
  const onnxWall: number[] = [];
  const onnxCpu: number[] = [];
  const ncnnWall: number[] = [];
  const ncnnCpu: number[] = [];
  try {
    await Promise.all(Array.from({ length: engine.maxConcurrency }, () => engine.interpolate(frames[0], frames[1], 0.5)));
    await ncnnFolderRun(modelDir, work, frames, 2, threads, 'warm');
    for (let r = 0; r < rounds; r++) {
      // One untimed call first: the rife-ncnn-vulkan runs of the previous round leave ONNX Runtime's first
      // call ~25 % slower (its idle buffers come back cold; measured 153 ms vs 123 ms steady), and the
      // ncnn side is measured as a difference of two runs, which drops its own start-up the same way.
      await Promise.all(Array.from({ length: engine.maxConcurrency }, () => engine.interpolate(frames[0], frames[1], 0.5)));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      // As many frames in flight as the engine runs side by side (the pipeline does the same).
      await inLanes(engine.maxConcurrency, count, (i) => engine.interpolate(frames[i], frames[i + 1], 0.5).then(() => undefined));
      const cpu = process.cpuUsage(cpu0);
      onnxWall.push((performance.now() - t0) / count);
      onnxCpu.push((cpu.user + cpu.system) / 1000 / count);
      // The difference between a 2-frame and a (count+1)-frame run removes start-up and model loading.
      const small = await ncnnFolderRun(modelDir, work, frames, 2, threads, `s${r}`);
      const large = await ncnnFolderRun(modelDir, work, frames, count + 1, threads, `l${r}`);
      ncnnWall.push((large.wall - small.wall) / (count - 1));
      if (small.cpu !== undefined && large.cpu !== undefined) ncnnCpu.push((large.cpu - small.cpu) / (count - 1));
    }
  } finally {
    await engine.dispose();
    rmSync(work, { recursive: true, force: true });
  }
  const onnx = { wallMs: median(onnxWall), cpuMs: median(onnxCpu) };
  const perRound = onnxWall.map((ms, r) => ncnnWall[r] / ms);
  const ncnn = { wallMs: median(ncnnWall), cpuMs: ncnnCpu.length ? median(ncnnCpu) : undefined };
  return {
    clip,
    width: W,
    height: H,
    threads,
    onnxEngine: engine.info.description,
    frames: count,
    rounds,
    onnx,
    ncnn,
    speedup: ncnn.wallMs / onnx.wallMs,
    cpuSpeedup: ncnn.cpuMs === undefined ? undefined : ncnn.cpuMs / onnx.cpuMs,
    roundSpeedups: [Math.min(...perRound), Math.max(...perRound)],
  };
}

/** One line for a person. */
export function formatRifeBench(r: RifeBenchResult): string {
  const cpu = (t: EngineTiming): string => (t.cpuMs === undefined ? '' : `, ${t.cpuMs.toFixed(0)} ms CPU`);
  return (
    `RIFE 4.6 ${r.width}x${r.height} (${r.clip}, ${r.frames} frames x ${r.rounds} rounds, ${r.threads} threads, median): ` +
    `ONNX Runtime CPU ${r.onnx.wallMs.toFixed(0)} ms wall${cpu(r.onnx)} [${r.onnxEngine}]; rife-ncnn-vulkan -g -1 ${r.ncnn.wallMs.toFixed(0)} ms wall${cpu(r.ncnn)}; ` +
    `ONNX ${r.speedup.toFixed(2)}x faster on wall time${r.cpuSpeedup === undefined ? '' : `, ${r.cpuSpeedup.toFixed(2)}x on CPU time`} (goal 1.5x; rounds ${r.roundSpeedups[0].toFixed(2)}–${r.roundSpeedups[1].toFixed(2)}x)`
  );
}

function argValue(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = await runRifeBench({ threads: argValue('--threads'), frames: argValue('--frames'), rounds: argValue('--rounds') });
  console.log(formatRifeBench(result));
}
