// `npm run bench rife-ncnn`: what the rife-ncnn engine's own file work costs, and whether `--prefer ncnn`
// runs at the binary's speed end to end (issue 20, point 5).
// 1. The wrapper's CPU per 1080p frame: writing the input frame (PPM) and reading the binary's PNG answer
//    (a real one, written by rife-ncnn-vulkan itself) into a reused frame buffer, as the engine reads into
//    the pipeline's pooled ones, on 1 and 2 PNG threads; CPU time is the whole
//    process's (main thread, libuv's file threads and the PNG threads), so copies count too. Goal ≤ 15 ms,
//    spread over threads; the 16-core projection assumes the threads scale as measured from 1 to 2.
// 2. `interup run --prefer ncnn --device cpu --factor 2` on 4 s of real 640×360 footage against the old path
//    (bench/seed/old-path.ts: ffmpeg → PNG folder → `rife-ncnn-vulkan -g -1` folder mode → ffmpeg), same
//    binary and threads, runs interleaved old, new, old, new…, each with the 1-minute load average. Goal ≤ 1.2×.
//    Each run's CPU (user + system of the whole process tree, from /usr/bin/time) is kept too: on a loaded
//    machine it says more than wall time. BENCH_NCNN_BASELINE=/path/to/other/checkout/bin/interup.js adds
//    a third side per round (e.g. the engine before this change, built in its own folder).
// Run alone: `npx tsx bench/rife-ncnn-speed.ts`; BENCH_NCNN_PAIRS=N rounds (default 2), BENCH_NCNN_SKIP_E2E=1
// runs part 1 only.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeFrame } from '../src/frames/index.js';
import { runBinary } from '../src/engines/index.js';
import { decodePng, PngReaders, probeMedia, writePpm } from '../src/media/index.js';
import { fetchModels, findModel } from '../src/models/index.js';
import { runProcess, spawnProcess } from '../src/process/index.js';
import { footage } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { interupBuild, interupEnv, BIN } from './seed/interup-cli.js';

export interface WrapperCost {
  size: string;
  frames: number;
  /** Per frame, ms: the fastest (closest to a core of its own) and the median of sequential calls, and process CPU / frames. */
  write: { minMs: number; medianMs: number; cpuMs: number };
  read: { minMs: number; medianMs: number; cpuMs: number };
  /** Frames per second of PNG reads (wall, all in flight at once) on 1 and 2 threads, and the ratio. */
  readFps: Record<number, number>;
  scaling: number;
  /** write + read at their fastest: the wrapper's cost per frame on an unloaded core. */
  totalMs: number;
  /** Frames per second a 16-core box clears with 14 cores on file work at that cost (scaling as measured, at most linear). */
  projected16CoreFps: number;
  load: number;
}

export interface E2eRun {
  side: 'old' | 'interup' | 'baseline';
  seconds: number;
  /** user + system seconds of the process tree (undefined where /usr/bin/time is missing). */
  cpuSeconds?: number;
  load: number;
  framesOut: number;
}

const MODEL = 'rife-v4.6';
const load1 = (): number => Number(loadavg()[0].toFixed(2));
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function modelDir(): Promise<string> {
  const modelsDir = process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');
  const entry = findModel(MODEL);
  if (!entry) throw new Error(`${MODEL} missing from the catalog`);
  await fetchModels([entry], { modelsDir });
  return join(modelsDir, MODEL);
}

/** A 1920×1088 answer PNG as the binary writes it (made once, kept in .cache/fixtures) and a 1080p input frame. */
async function realAnswer(dir: string, model: string): Promise<{ png: string; frame: ReturnType<typeof makeFrame> }> {
  const cached = resolve(import.meta.dirname, '..', '.cache', 'fixtures', 'ncnn-answer-1920x1088.png');
  const a = join(dir, 'a.png');
  const b = join(dir, 'b.png');
  const clip = await footage('motion.mov');
  await runProcess('ffmpeg', ['-v', 'error', '-y', '-ss', '2', '-i', clip, '-frames:v', '1', '-vf', 'scale=1920:1088', a]);
  await runProcess('ffmpeg', ['-v', 'error', '-y', '-ss', '2.04', '-i', clip, '-frames:v', '1', '-vf', 'scale=1920:1088', b]);
  if (!existsSync(cached)) {
    await runBinary({ modelDir: model, gpu: -1, threads: 2 }, ['-0', a, '-1', b, '-o', join(dir, 'o.png')]);
    writeFileSync(cached, readFileSync(join(dir, 'o.png')));
  }
  const input = decodePng(readFileSync(a));
  return { png: cached, frame: makeFrame(1920, 1080, input.data.subarray(0, 1920 * 1080 * 3)) };
}

async function perCall(frames: number, call: (i: number) => Promise<unknown>): Promise<{ minMs: number; medianMs: number; cpuMs: number }> {
  const times: number[] = [];
  const from = process.cpuUsage();
  for (let i = 0; i < frames; i++) {
    const began = performance.now();
    await call(i);
    times.push(performance.now() - began);
  }
  return { minMs: Math.min(...times), medianMs: median(times), cpuMs: cpuMs(from) / frames };
}

/** Part 1: the wrapper's own cost per 1080p frame. */
export async function measureWrapper(frames = 24): Promise<WrapperCost> {
  const tmp = makeTempDir('interup-bench-ncnn-cost-');
  try {
    const model = await modelDir();
    const { png, frame } = await realAnswer(tmp.dir, model);
    const load = load1();
    const crop = { width: 1920, height: 1080 };
    // Writes: the input frame padded to 1088 rows, as the engine writes it, and removed, as the engine
    // removes each batch's files once read (so the page cache reuses their pages, as it does in a run).
    const write = await perCall(frames, async (i) => {
      const path = join(tmp.dir, `in-${i}.ppm`);
      await writePpm(path, frame, 1920, 1088);
      await rm(path);
    });
    // Answers land in the caller's buffers, as the engine reads them into the pipeline's pooled ones.
    const pool = Array.from({ length: frames }, () => Buffer.alloc(1920 * 1080 * 3));
    const one = new PngReaders(1);
    // The thread started and its code optimised: V8 takes ~20 reads to compile the row loops (the first
    // few cost twice the rest); a run reads thousands.
    for (let i = 0; i < 24; i++) await one.read(png, crop, pool[i % 2]);
    const read = await perCall(frames, (i) => one.read(png, crop, pool[i % 2]));
    await one.close();
    const readFps: Record<number, number> = {};
    for (const threads of [1, 2]) {
      const readers = new PngReaders(threads);
      for (let i = 0; i < 4; i++) await Promise.all(Array.from({ length: frames }, (_, k) => readers.read(png, crop, pool[k])));
      const began = performance.now();
      await Promise.all(Array.from({ length: frames }, (_, k) => readers.read(png, crop, pool[k])));
      readFps[threads] = frames / ((performance.now() - began) / 1000);
      await readers.close();
    }
    const totalMs = write.minMs + read.minMs;
    const scaling = readFps[2] / readFps[1];
    const projected16CoreFps = (1000 / totalMs) * 14 * Math.min(1, scaling / 2);
    return { size: '1920x1080 (padded to 1088)', frames, write, read, readFps, scaling, totalMs, projected16CoreFps, load };
  } finally {
    tmp.cleanup();
  }
}

async function timed(args: string[], env: NodeJS.ProcessEnv, dir: string): Promise<{ seconds: number; cpuSeconds?: number }> {
  const began = performance.now();
  const report = join(dir, 'time.txt');
  const time = existsSync('/usr/bin/time');
  const [cmd, all] = time ? ['/usr/bin/time', ['-f', '%U %S', '-o', report, process.execPath, ...args]] : [process.execPath, args];
  await spawnProcess(cmd, all, { env, timeoutMs: 3_600_000, stderrLimit: 64 * 1024 }).done;
  const seconds = (performance.now() - began) / 1000;
  if (!time) return { seconds };
  const [user, sys] = readFileSync(report, 'utf8').trim().split(/\s+/).map(Number);
  return { seconds, cpuSeconds: user + sys };
}

/** Part 2: paired end-to-end runs on 4 s of motion.mov at 640×360 (with its audio). */
export async function measureEndToEnd(pairs = 2, threads = 2): Promise<{ runs: E2eRun[]; ratio: number; cpuRatio: number; baselineRatio?: number; build: string }> {
  const tmp = makeTempDir('interup-bench-ncnn-e2e-');
  try {
    const model = await modelDir();
    const input = join(tmp.dir, 'motion-640x360-4s.mp4');
    await runProcess('ffmpeg', ['-v', 'error', '-y', '-i', await footage('motion.mov'), '-t', '4', '-vf', 'scale=640:360', '-map_metadata', '-1', '-c:v', 'libx264', '-crf', '16', '-c:a', 'copy', input]);
    const build = interupBuild();
    const runs: E2eRun[] = [];
    const baseline = process.env.BENCH_NCNN_BASELINE;
    const side = async (name: E2eRun['side'], pair: number): Promise<E2eRun> => {
      const out = join(tmp.dir, `${name}-${pair}.mp4`);
      const load = load1();
      let result: { seconds: number; cpuSeconds?: number };
      if (name === 'old') {
        const work = join(tmp.dir, `old-${pair}`);
        mkdirSync(work);
        result = await timed(['--import', 'tsx', resolve(import.meta.dirname, 'seed', 'old-path.ts'), input, out, work, model, String(threads), '18', '-1'], process.env, tmp.dir);
      } else {
        const bin = name === 'baseline' && baseline ? baseline : BIN;
        const args = [bin, 'run', '--input', input, '--output', out, '--prefer', 'ncnn', '--device', 'cpu', '--factor', '2', '--threads', String(threads), '--crf', '18', '--models-dir', resolve(model, '..'), '--log-format', 'json'];
        result = await timed(args, interupEnv(name === 'baseline' ? 'dist' : build), tmp.dir);
      }
      const framesOut = (await probeMedia(out)).video?.frameCount ?? 0;
      for (const f of [out, `${out}.report.json`]) rmSync(f, { force: true });
      return { side: name, ...result, load, framesOut };
    };
    for (let pair = 0; pair < pairs; pair++) {
      const round = [await side('old', pair), await side('interup', pair)];
      if (baseline) round.push(await side('baseline', pair));
      runs.push(...round);
      console.log(`round ${pair + 1}: ${round.map((r) => `${r.side} ${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds?.toFixed(1) ?? '?'} s CPU @ load ${r.load}`).join('; ')}`);
    }
    const olds = runs.filter((r) => r.side === 'old');
    const ratio = (side: E2eRun['side'], of: (r: E2eRun) => number | undefined): number => median(runs.filter((r) => r.side === side).map((r, i) => (of(r) ?? NaN) / (of(olds[i]) ?? NaN)));
    return { runs, ratio: ratio('interup', (r) => r.seconds), cpuRatio: ratio('interup', (r) => r.cpuSeconds), baselineRatio: baseline ? ratio('baseline', (r) => r.seconds) : undefined, build };
  } finally {
    tmp.cleanup();
  }
}

export async function run(options: { quick?: boolean } = {}): Promise<{ wrapper: WrapperCost; endToEnd?: Awaited<ReturnType<typeof measureEndToEnd>> }> {
  const wrapper = await measureWrapper(options.quick ? 4 : 24);
  const ms = (x: { minMs: number; medianMs: number; cpuMs: number }): string => `${x.minMs.toFixed(1)} ms fastest, ${x.medianMs.toFixed(1)} median, ${x.cpuMs.toFixed(1)} process CPU`;
  console.log(
    `rife-ncnn wrapper per ${wrapper.size} frame (load ${wrapper.load}, ${cpus().length} cores): write PPM ${ms(wrapper.write)}; read PNG ${ms(wrapper.read)}; ` +
      `total at the fastest ${wrapper.totalMs.toFixed(1)} ms (goal ≤ 15); reads ${wrapper.readFps[1].toFixed(1)} fps on 1 thread, ${wrapper.readFps[2].toFixed(1)} on 2 (${wrapper.scaling.toFixed(2)}x); ` +
      `projected 16-core box: ${wrapper.projected16CoreFps.toFixed(0)} fps (goal 136)`,
  );
  if (options.quick || process.env.BENCH_NCNN_SKIP_E2E === '1') return { wrapper };
  const endToEnd = await measureEndToEnd(Number(process.env.BENCH_NCNN_PAIRS ?? 2));
  console.log(
    `interup --prefer ncnn vs the old path, 4 s of motion.mov at 640x360, factor 2, -g -1, 2 threads (${endToEnd.build} build): median wall ${endToEnd.ratio.toFixed(2)}x (goal ≤ 1.2x), CPU ${endToEnd.cpuRatio.toFixed(2)}x` +
      (endToEnd.baselineRatio === undefined ? '' : `; baseline ${endToEnd.baselineRatio.toFixed(2)}x`),
  );
  return { wrapper, endToEnd };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await run({ quick: process.argv.includes('--quick') });
}
