// The GPU check (`npm run gpu-check`, `interup doctor --check`): on whatever box it runs, for every
// provider that can start — tensorrt, cuda, webgpu, ncnn-vulkan, cpu — RIFE interpolates real frames at
// each size and Real-ESRGAN (animevideov3 x2) upscales one frame; each row gives frames per second, the
// largest difference from the CPU's output (goal ≤ 2/255 in fp32; fp16 reported), and the GPU memory the
// provider took (nvidia-smi). A provider that cannot start gets a row with its failure text. Without a GPU
// the report says so and only the CPU rows run; every row names the device it ran on and marks a software
// renderer (lavapipe), so a table from a rented box shows whether the GPU was really used.
import { join } from 'node:path';
import { availableParallelism, cpus } from 'node:os';
import type { Frame } from '../frames/index.js';
import { decodeFrames } from '../media/index.js';
import { convertedModel, fetchModels, findModel, resolveModelsDir } from '../models/index.js';
import {
  chooseNcnnDevice,
  listProviders,
  OnnxUpscaler,
  ortVersion,
  probeNcnnDevices,
  probeWebgpu,
  resolveUpscaleModel,
  RIFE_MODEL,
  RIFE_NCNN_MODEL,
  RifeNcnnInterpolator,
  RifeOnnxInterpolator,
  type Interpolator,
  type ProviderName,
} from '../engines/index.js';
import { inLanes, silentLogger, type Logger } from '../util/index.js';
import { probeNvidia, gpuMemoryUsedMiB } from './probes.js';

export interface GpuCheckOptions {
  /** A video to take frames from; they are scaled to each size. */
  input: string;
  /** Whether `input` is real footage (the report says which). */
  realFootage: boolean;
  /** Sizes RIFE runs at (default 1920x1080 and 640x360). */
  sizes?: ReadonlyArray<readonly [number, number]>;
  /** Interpolated frames timed per row (default 8). */
  frames?: number;
  /** Size of the one frame upscaled (default 1920x1080); undefined skips nothing, null skips the upscale rows. */
  upscaleSize?: readonly [number, number] | null;
  /** Also time fp16 on the GPU providers (default true; a quick run leaves it out). */
  fp16?: boolean;
  /** Providers to try (default every one; the CPU always runs as the reference). */
  providers?: readonly string[];
  modelsDir?: string;
  threads?: number;
  logger?: Logger;
}

export interface GpuCheckRow {
  task: 'rife' | 'upscale';
  provider: string;
  precision: 'fp32' | 'fp16';
  size: string;
  started: boolean;
  /** Why it did not start or run. */
  error?: string;
  /** Frames per second over the timed frames (after one warm-up call). */
  fps?: number;
  /** Largest per-channel difference from the CPU's frames (0..255), and the mean. */
  maxAbsDiff?: number;
  meanAbsDiff?: number;
  /** GPU memory in use while the provider held its session, minus before (nvidia-smi; undefined elsewhere). */
  gpuMemoryMiB?: number;
  /** fp32 rows: maxAbsDiff ≤ 2 (2/255). */
  withinGoal?: boolean;
  /** How to read the row (e.g. ncnn's fps include one binary start). */
  note?: string;
  /** The device the provider ran on (or would have): GPU, Vulkan adapter or CPU model, when known. */
  adapter?: string;
  /** That device is a CPU renderer (lavapipe, SwiftShader): the row did not measure a GPU. */
  software?: boolean;
}

export interface GpuCheckReport {
  machine: { cpu: string; cores: number; gpus: string[]; onnxruntime?: string; hardwareVulkan: string[] };
  gpuFound: boolean;
  note: string;
  frames: string;
  rows: GpuCheckRow[];
}

/** fp32 rows must stay within this many levels of the CPU's output. */
export const FP32_GOAL = 2;

type Variant = { provider: string; precision: 'fp32' | 'fp16'; start: (threads: number) => Promise<Interpolator> };

// The first `count` frames of `input`, scaled to w×h.
async function framesAt(input: string, w: number, h: number, count: number): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const frame of decodeFrames(input, { width: w, height: h, filter: `scale=${w}:${h}:flags=area` })) {
    out.push(frame);
    if (out.length >= count) break;
  }
  if (out.length < 2) throw new Error(`${input} gave ${out.length} frame(s); the check needs at least two`);
  return out;
}

function diff(a: Frame, b: Frame): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.data.length };
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Runs the check; never throws for a provider that fails (that is a row), only for a bad input clip. */
export async function runGpuCheck(options: GpuCheckOptions): Promise<GpuCheckReport> {
  const logger = options.logger ?? silentLogger;
  const sizes = options.sizes ?? [[1920, 1080], [640, 360]];
  const count = options.frames ?? 8;
  const threads = options.threads ?? availableParallelism();
  const wanted = (name: string): boolean => name === 'cpu' || !options.providers || options.providers.includes(name);
  const { dir } = resolveModelsDir(options.modelsDir);
  const rife = findModel(RIFE_MODEL);
  if (!rife) throw new Error(`internal: ${RIFE_MODEL} missing from the catalog`);
  await fetchModels([rife], { modelsDir: dir, logger });

  const nvidia = await probeNvidia();
  const ncnnDir = join(dir, RIFE_NCNN_MODEL);
  const devices = (await probeNcnnDevices(ncnnDir)).devices;
  const vulkan = devices.filter((d) => !d.software);
  const ncnnDevice = chooseNcnnDevice(devices);
  const gpuFound = nvidia.gpus.length > 0 || vulkan.length > 0;
  const providers = listProviders();

  const variants: Variant[] = [];
  const rows: GpuCheckRow[] = [];
  const onnx = (provider: ProviderName, precision: 'fp32' | 'fp16'): Variant => ({
    provider,
    precision,
    start: async (t) => {
      if (provider === 'webgpu') {
        const probe = await probeWebgpu();
        if (!probe.ok) throw new Error(probe.reason);
      }
      const model = convertedModel(dir, rife, precision === 'fp16' ? 'float16' : 'float32', logger);
      return RifeOnnxInterpolator.create({ modelPath: model.path, provider, threads: t, pad: 32, logger, dtype: precision === 'fp16' ? 'float16' : 'float32' });
    },
  });
  for (const p of providers) {
    if (p.name === 'cpu' || !wanted(p.name)) continue;
    if (!p.available) {
      for (const size of sizes) rows.push({ task: 'rife', provider: p.name, precision: 'fp32', size: `${size[0]}x${size[1]}`, started: false, error: p.reason });
      continue;
    }
    variants.push(onnx(p.name, 'fp32'));
    if (options.fp16 !== false) variants.push(onnx(p.name, 'fp16'));
  }
  if (wanted('ncnn-vulkan')) {
    const { gpu, name } = ncnnDevice;
    if (gpu >= 0 && name !== undefined) {
      variants.push({ provider: `ncnn-vulkan:${name}`, precision: 'fp16', start: (t) => Promise.resolve(RifeNcnnInterpolator.create({ modelDir: ncnnDir, gpu, threads: t }, name)) });
    } else {
      const error = ncnnDevice.skipped.length > 0 ? 'skipped: the only Vulkan device is a software renderer, which interup never runs ncnn on' : 'no Vulkan device';
      for (const size of sizes) rows.push({ task: 'rife', provider: 'ncnn-vulkan', precision: 'fp16', size: `${size[0]}x${size[1]}`, started: false, error });
    }
  }

  for (const [w, h] of sizes) {
    const size = `${w}x${h}`;
    const frames = await framesAt(options.input, w, h, count + 1);
    const pairs = frames.length - 1;
    logger.info(`gpu-check: RIFE ${size} on the CPU (the reference)`);
    const cpu = await timeRife(onnx('cpu', 'fp32'), frames, pairs, threads);
    rows.push({ task: 'rife', provider: 'cpu', precision: 'fp32', size, started: true, fps: cpu.fps, maxAbsDiff: 0, meanAbsDiff: 0, withinGoal: true });
    for (const variant of variants) {
      logger.info(`gpu-check: RIFE ${size} on ${variant.provider} ${variant.precision}`);
      const before = await gpuMemoryUsedMiB();
      try {
        const run = await timeRife(variant, frames, pairs, threads, async () => {
          const now = await gpuMemoryUsedMiB();
          return now !== undefined && before !== undefined ? now - before : undefined;
        });
        const d = run.outputs.map((f, i) => diff(f, cpu.outputs[i]));
        const max = Math.max(...d.map((x) => x.max));
        const mean = d.reduce((s, x) => s + x.mean, 0) / d.length;
        const note = variant.provider.startsWith('ncnn') ? 'fps include one rife-ncnn-vulkan start (all pairs in one folder-mode batch)' : undefined;
        rows.push({ task: 'rife', provider: variant.provider, precision: variant.precision, size, started: true, fps: run.fps, maxAbsDiff: max, meanAbsDiff: mean, gpuMemoryMiB: run.memory, withinGoal: variant.precision === 'fp32' ? max <= FP32_GOAL : undefined, note });
      } catch (error) {
        rows.push({ task: 'rife', provider: variant.provider, precision: variant.precision, size, started: false, error: message(error) });
      }
    }
  }

  if (options.upscaleSize !== null) rows.push(...(await upscaleRows(options, dir, providers.filter((p) => p.name !== 'cpu' && wanted(p.name)).map((p) => ({ name: p.name, available: p.available, reason: p.reason })), threads, logger)));

  const cpuInfo = cpus()[0]?.model ?? 'unknown CPU';
  const webgpu = providers.some((p) => p.name === 'webgpu' && p.available) && wanted('webgpu') ? await probeWebgpu() : undefined;
  const adapters: Record<string, Pick<GpuCheckRow, 'adapter' | 'software'>> = {
    cpu: { adapter: cpuInfo, software: false },
    tensorrt: { adapter: nvidia.gpus[0]?.name, software: false },
    cuda: { adapter: nvidia.gpus[0]?.name, software: false },
    webgpu: { adapter: webgpu?.adapter?.name, software: webgpu?.software },
    // ncnn without a hardware device: the software one it passed over, marked.
    'ncnn-vulkan': ncnnDevice.skipped.length > 0 ? { adapter: ncnnDevice.skipped[0].name, software: true } : {},
  };
  for (const row of rows) Object.assign(row, row.provider.startsWith('ncnn-vulkan:') ? { adapter: row.provider.slice('ncnn-vulkan:'.length), software: false } : adapters[row.provider]);
  return {
    machine: { cpu: cpuInfo, cores: availableParallelism(), gpus: nvidia.gpus.map((g) => `${g.name} (${g.memoryMiB} MiB, driver ${g.driver})`), onnxruntime: ortVersion(), hardwareVulkan: vulkan.map((d) => d.name) },
    gpuFound,
    note: gpuFound ? 'GPU found: every provider that starts was checked' : 'no GPU found (no NVIDIA driver, no hardware Vulkan device): the CPU rows are the measurement; a provider on a software renderer is marked SOFTWARE, the others say why they could not start',
    frames: `${options.realFootage ? 'real footage' : 'synthetic frames (give --input for real footage)'}: ${options.input}`,
    rows,
  };
}

// One warm-up call, then `pairs` frames timed with the engine's lanes full; the engine is disposed after.
async function timeRife(variant: Variant, frames: readonly Frame[], pairs: number, threads: number, memory?: () => Promise<number | undefined>): Promise<{ fps: number; outputs: Frame[]; memory?: number }> {
  const engine = await variant.start(threads);
  try {
    await engine.interpolate(frames[0], frames[1], 0.5);
    const outputs: Frame[] = new Array<Frame>(pairs);
    const began = performance.now();
    await inLanes(engine.maxConcurrency, pairs, async (i) => {
      outputs[i] = await engine.interpolate(frames[i], frames[i + 1], 0.5);
    });
    const seconds = (performance.now() - began) / 1000;
    return { fps: pairs / seconds, outputs, memory: await memory?.() };
  } finally {
    await engine.dispose();
  }
}

// One frame upscaled x2 with realesr-animevideov3 on the CPU and on every GPU provider.
async function upscaleRows(options: GpuCheckOptions, dir: string, gpuProviders: Array<{ name: ProviderName; available: boolean; reason?: string }>, threads: number, logger: Logger): Promise<GpuCheckRow[]> {
  const [w, h] = options.upscaleSize ?? [1920, 1080];
  const size = `${w}x${h}`;
  const { spec, catalogName } = resolveUpscaleModel('realesr-animevideov3', 2);
  const entry = findModel(catalogName);
  if (!entry) return [];
  await fetchModels([entry], { modelsDir: dir, logger });
  const model = convertedModel(dir, entry, 'float32', logger);
  const [frame] = await framesAt(options.input, w, h, 2);
  const run = async (provider: ProviderName): Promise<{ out: Frame; fps: number; memory?: number }> => {
    if (provider === 'webgpu') {
      const probe = await probeWebgpu();
      if (!probe.ok) throw new Error(probe.reason);
    }
    const before = await gpuMemoryUsedMiB();
    const upscaler = await OnnxUpscaler.create({ modelPath: model.path, spec, scale: 2, provider, threads, memoryBudget: () => 2 ** 30, logger });
    try {
      const began = performance.now();
      const out = await upscaler.upscale(frame);
      const fps = 1000 / (performance.now() - began);
      const now = await gpuMemoryUsedMiB();
      return { out, fps, memory: now !== undefined && before !== undefined ? now - before : undefined };
    } finally {
      await upscaler.dispose();
    }
  };
  logger.info(`gpu-check: upscale ${size} x2 on the CPU (the reference)`);
  const cpu = await run('cpu');
  const rows: GpuCheckRow[] = [{ task: 'upscale', provider: 'cpu', precision: 'fp32', size, started: true, fps: cpu.fps, maxAbsDiff: 0, meanAbsDiff: 0, withinGoal: true }];
  for (const p of gpuProviders) {
    if (!p.available) {
      rows.push({ task: 'upscale', provider: p.name, precision: 'fp32', size, started: false, error: p.reason });
      continue;
    }
    try {
      logger.info(`gpu-check: upscale ${size} x2 on ${p.name}`);
      const r = await run(p.name);
      const d = diff(r.out, cpu.out);
      rows.push({ task: 'upscale', provider: p.name, precision: 'fp32', size, started: true, fps: r.fps, maxAbsDiff: d.max, meanAbsDiff: d.mean, gpuMemoryMiB: r.memory, withinGoal: d.max <= FP32_GOAL });
    } catch (error) {
      rows.push({ task: 'upscale', provider: p.name, precision: 'fp32', size, started: false, error: message(error) });
    }
  }
  return rows;
}
