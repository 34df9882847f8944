// Upscaling benchmark: frames per second at 640x360 input (realesr-animevideov3 x2, ONNX Runtime CPU),
// and peak memory (max RSS of a child process) upscaling one 4K frame with automatic tiling under a
// fixed budget; RIFE's cost for the --mode both order; optionally (--x4plus-pads) x4plus tile seams.
// Runs alone (`npx tsx bench/upscale.ts [--skip-4k] [--x4plus-pads]`) or from bench/run.ts via run().
import { pathToFileURL } from 'node:url';
import { makeFrame, type Frame } from '../src/frames/index.js';
import { OnnxUpscaler, rifeOnnxFactory, UPSCALE_MODELS } from '../src/engines/index.js';
import { convertedModel } from '../src/models/index.js';
import { runProcess } from '../src/process/index.js';
import { inLanes, silentLogger } from '../src/util/index.js';
import { footage } from '../test/helpers/footage.js';
import { realModel, TEST_MODELS_DIR } from '../test/models/real-models.js';
import { decodeFrames, maxAbsDiff } from '../test/upscale/frames.js';
import { encodePng } from '../src/media/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const THREADS = 2;
const BUDGET_4K = 1024 * 2 ** 20;

async function engine(tile: number, budget: number): Promise<OnnxUpscaler> {
  const entry = await realModel('realesr-animevideov3-x2');
  const { path } = convertedModel(TEST_MODELS_DIR, entry, 'float32');
  return OnnxUpscaler.create({ modelPath: path, spec: UPSCALE_MODELS[0], scale: 2, provider: 'cpu', threads: THREADS, tile, memoryBudget: () => budget, logger: silentLogger });
}

// Frames per second upscaling real 640x360 frames (one warm-up frame not counted).
export async function benchFps(frames = 3): Promise<{ fps: number; msPerFrame: number }> {
  const input = await decodeFrames(await footage('motion.mov'), 640, 360, frames + 1, 1);
  const up = await engine(0, 8 * 2 ** 30);
  try {
    await up.upscale(input[0]);
    const began = performance.now();
    for (const f of input.slice(1)) await up.upscale(f);
    const ms = (performance.now() - began) / frames;
    return { fps: 1000 / ms, msPerFrame: ms };
  } finally {
    await up.dispose();
  }
}

// In a child: one 3840x2160 frame, automatic tiles under BUDGET_4K; prints max RSS.
async function child4k(): Promise<void> {
  const [small] = await decodeFrames(await footage('motion.mov'), 3840, 2160, 1, 1);
  const frame: Frame = makeFrame(small.width, small.height, small.data);
  const up = await engine(0, BUDGET_4K);
  const began = performance.now();
  const out = await up.upscale(frame);
  await up.dispose();
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, seconds: (performance.now() - began) / 1000, out: `${out.width}x${out.height}` })}\n`);
}

export async function bench4k(): Promise<{ maxRssBytes: number; seconds: number; out: string }> {
  const { stdout } = await runProcess(process.execPath, ['--import', 'tsx', import.meta.filename, '--child-4k'], { timeoutMs: 3_600_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { maxRssBytes: number; seconds: number; out: string };
}

// ms per RIFE 4.6 frame (ORT CPU, same threads, as many calls in flight as the engine runs side by side,
// as in the pipeline) at 640x360: the R in docs/upscale.md's order argument.
export async function benchRife(calls = 4): Promise<number> {
  const [a, b] = await decodeFrames(await footage('motion.mov'), 640, 360, 2, 1);
  await realModel('rife-v4.6');
  const rife = await rifeOnnxFactory.create({ logger: silentLogger, device: 'cpu', threads: THREADS, modelsDir: TEST_MODELS_DIR });
  try {
    const lanes = Array.from({ length: rife.maxConcurrency });
    await Promise.all(lanes.map(() => rife.interpolate(a, b, 0.5)));
    const began = performance.now();
    await inLanes(rife.maxConcurrency, calls, () => rife.interpolate(a, b, 0.5).then(() => undefined));
    return (performance.now() - began) / calls;
  } finally {
    await rife.dispose();
  }
}

// Tiled vs untiled max abs difference for realesrgan-x4plus on a real 160x160 frame, 64-px tiles (slow).
export async function benchX4plusPads(pads: readonly number[] = [24, 48]): Promise<{ pad: number; maxDiff: number }[]> {
  const [frame] = await decodeFrames(await footage('motion.mov'), 160, 160, 1, 3);
  const entry = await realModel('realesrgan-x4plus');
  const { path } = convertedModel(TEST_MODELS_DIR, entry, 'float32');
  const make = (tile: number, pad: number): Promise<OnnxUpscaler> =>
    OnnxUpscaler.create({ modelPath: path, spec: { ...UPSCALE_MODELS[1], tilePad: pad }, scale: 4, provider: 'cpu', threads: THREADS, tile, memoryBudget: () => 2 ** 34, logger: silentLogger });
  const whole = await make(0, 0);
  const reference = await whole.upscale(frame);
  await whole.dispose();
  const result: { pad: number; maxDiff: number }[] = [];
  for (const pad of pads) {
    const tiled = await make(64, pad);
    result.push({ pad, maxDiff: maxAbsDiff(await tiled.upscale(frame), reference) });
    await tiled.dispose();
  }
  return result;
}

// The only ncnn engine this CPU machine can run: realesrgan-ncnn-vulkan on Mesa's llvmpipe (software
// Vulkan, i.e. the CPU). Its output is right there (within 1-2/255 of ORT away from the border, see
// docs/webgpu.md), so its time is a fair stand-in for "ncnn on the CPU". Folder mode: the model loads once.
export async function benchNcnnSoftware(frames = 2): Promise<{ msPerFrame: number } | { note: string }> {
  const entry = await realModel('realesr-animevideov3-x2');
  const dir = join(TEST_MODELS_DIR, entry.name);
  const work = mkdtempSync(join(tmpdir(), 'interup-bench-ncnn-'));
  try {
    const input = await decodeFrames(await footage('motion.mov'), 640, 360, frames, 1);
    const inDir = join(work, 'in');
    const outDir = join(work, 'out');
    await runProcess('mkdir', ['-p', inDir, outDir]);
    input.forEach((f, i) => writeFileSync(join(inDir, `f${i}.png`), encodePng(f)));
    const began = performance.now();
    await runProcess(join(dir, 'realesrgan-ncnn-vulkan'), ['-i', inDir, '-o', outDir, '-m', dir, '-n', entry.name, '-s', '2', '-g', '0'], { timeoutMs: 1_800_000 });
    return { msPerFrame: (performance.now() - began) / frames };
  } catch (error) {
    return { note: `realesrgan-ncnn-vulkan could not run here: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface UpscaleBenchResult {
  model: string;
  input: string;
  threads: number;
  fps: number;
  msPerFrame: number;
  /** realesrgan-ncnn-vulkan on software Vulkan (timing only), or why it could not run. */
  ncnn: { msPerFrame: number } | { note: string } | undefined;
  rifeMsPerFrame: number;
  fourK: { maxRssBytes: number; seconds: number; out: string; budgetBytes: number } | undefined;
}

/** Entry point for bench/run.ts; quick: one frame, no ncnn, no 4K frame. */
export async function run(options: { skip4k?: boolean; quick?: boolean } = {}): Promise<UpscaleBenchResult> {
  const quick = options.quick ?? false;
  const fps = await benchFps(quick ? 1 : 3);
  console.log(`upscale realesr-animevideov3 x2, 640x360 → 1280x720, ORT CPU ${THREADS} threads: ${fps.fps.toFixed(2)} fps (${fps.msPerFrame.toFixed(0)} ms/frame)`);
  const ncnn = quick ? undefined : await benchNcnnSoftware();
  if (ncnn && 'note' in ncnn) console.log(`ncnn: ${ncnn.note}`);
  else if (ncnn) {
    console.log(`ncnn: realesrgan-ncnn-vulkan on llvmpipe (software Vulkan = CPU), same frames: ${ncnn.msPerFrame.toFixed(0)} ms/frame; ` +
      `ORT CPU is ${(ncnn.msPerFrame / fps.msPerFrame).toFixed(2)}x its speed (goal ≥ 1.0x)`);
  }
  const rifeMs = await benchRife(quick ? 2 : 4);
  const u = fps.msPerFrame;
  console.log(`--mode both order: U (upscale x2) = ${u.toFixed(0)} ms, R (RIFE 4.6 call) = ${rifeMs.toFixed(0)} ms at 640x360; ` +
    `interpolate-first is cheaper when U < R·(s²−1) = ${(rifeMs * 3).toFixed(0)} ms (x2) / ${(rifeMs * 15).toFixed(0)} ms (x4): ${u < rifeMs * 3 ? 'yes' : 'no'} at x2`);
  if (process.argv.includes('--x4plus-pads')) {
    for (const { pad, maxDiff } of await benchX4plusPads()) console.log(`realesrgan-x4plus tiled (64 px) vs untiled, 160x160: pad ${pad} → max abs diff ${maxDiff}`);
  }
  const result: UpscaleBenchResult = { model: 'realesr-animevideov3-x2', input: '640x360', threads: THREADS, fps: fps.fps, msPerFrame: fps.msPerFrame, ncnn, rifeMsPerFrame: rifeMs, fourK: undefined };
  if (quick || (options.skip4k ?? process.argv.includes('--skip-4k'))) return result;
  const k = await bench4k();
  console.log(`4K frame (3840x2160 → ${k.out}), automatic tiles under a ${BUDGET_4K / 2 ** 20} MiB budget: peak RSS ${(k.maxRssBytes / 2 ** 20).toFixed(0)} MiB, ${k.seconds.toFixed(1)} s`);
  return { ...result, fourK: { ...k, budgetBytes: BUDGET_4K } };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--child-4k')) await child4k();
  else await run();
}
