// RIFE through the rife-ncnn-vulkan binary shipped in the model's tarball. It works on image files, so
// each call writes two PNGs and reads one back in a private temp folder (at most three frames on disk
// per engine, removed after every call and the folder on dispose). Frames are zero-padded to a
// multiple of 32 because the binary shears the output of other widths on the CPU path.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '../../frames/frame.js';
import { fetchModels, findModel, modelStatus, resolveModelsDir, type ModelEntry } from '../../models/index.js';
import { runProcess } from '../../process/index.js';
import { InputError, InterupError, expected } from '../../util/errors.js';
import type { EngineContext, EngineInfo, Interpolator, InterpolatorFactory } from '../interpolator.js';
import { padTo, resolvePad } from '../pad.js';
import { cropFrame, padFrameTo } from '../../frames/index.js';
import { decodePng, encodePng } from './png.js';
import { parseNcnnDevices, type VulkanDevice } from './vulkan-devices.js';

export const RIFE_NCNN_MODEL = 'rife-v4.6';
const BINARY = 'rife-ncnn-vulkan';

export interface RifeNcnnOptions {
  /** Folder holding flownet.param/.bin and the binary (its name must contain "rife-v4.6"). */
  modelDir: string;
  /** Vulkan device index, or -1 for ncnn's CPU path. */
  gpu: number;
  threads: number;
  pad?: number;
  /** Kill a single call after this long (default 10 minutes). */
  timeoutMs?: number;
}

export class RifeNcnnInterpolator implements Interpolator {
  readonly info: EngineInfo;
  readonly maxConcurrency = 1;
  readonly #options: Required<RifeNcnnOptions>;
  #tmp: string | undefined;

  private constructor(options: Required<RifeNcnnOptions>, device: string) {
    this.#options = options;
    this.info = {
      id: 'rife-ncnn',
      description: `RIFE 4.6 via rife-ncnn-vulkan (${device}, ${options.threads} threads, pad ${options.pad}; files in a temp folder)`,
      device,
      model: RIFE_NCNN_MODEL,
    };
  }

  /** Checks the binary exists and builds the engine. */
  static create(options: RifeNcnnOptions, deviceName?: string): RifeNcnnInterpolator {
    const binary = join(options.modelDir, BINARY);
    if (!existsSync(binary)) throw new InterupError('NCNN_BINARY_MISSING', `${binary} does not exist.`, { hint: `Run: interup models fetch ${RIFE_NCNN_MODEL}` });
    const full: Required<RifeNcnnOptions> = { pad: resolvePad(), timeoutMs: 600_000, ...options };
    const device = options.gpu < 0 ? 'cpu' : `vulkan:${deviceName ?? options.gpu}`;
    return new RifeNcnnInterpolator(full, device);
  }

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal): Promise<Frame> {
    if (a.format !== 'rgb24') throw new RangeError(`${BINARY} takes rgb24 frames (8-bit PNG), not ${a.format}`);
    if (a.width !== b.width || a.height !== b.height) {
      throw new InputError('FRAME_SIZE_MISMATCH', `Expected frames of equal size but received ${a.width}x${a.height} and ${b.width}x${b.height}`);
    }
    if (!(t > 0 && t < 1)) throw new RangeError(expected('a timestep between 0 and 1 (exclusive)', 't', t));
    this.#tmp ??= mkdtempSync(join(tmpdir(), 'interup-ncnn-'));
    const pw = padTo(a.width, this.#options.pad);
    const ph = padTo(a.height, this.#options.pad);
    const [in0, in1, out] = ['a.png', 'b.png', 'out.png'].map((f) => join(this.#tmp as string, f));
    try {
      writeFileSync(in0, encodePng(padFrameTo(a, pw, ph, 'zero')));
      writeFileSync(in1, encodePng(padFrameTo(b, pw, ph, 'zero')));
      await runBinary(this.#options, ['-0', in0, '-1', in1, '-o', out, '-s', String(t)], signal);
      if (!existsSync(out)) throw new InterupError('NCNN_FAILED', `${BINARY} exited without writing ${out}.`);
      return cropFrame(decodePng(readFileSync(out), out), a.width, a.height);
    } finally {
      for (const f of [in0, in1, out]) rmSync(f, { force: true });
    }
  }

  async dispose(): Promise<void> {
    if (this.#tmp) rmSync(this.#tmp, { recursive: true, force: true });
    this.#tmp = undefined;
  }
}

/** Runs the binary with the model, device and thread options plus `args`. */
export async function runBinary(options: Pick<RifeNcnnOptions, 'modelDir' | 'gpu' | 'threads' | 'timeoutMs'>, args: readonly string[], signal?: AbortSignal): Promise<string> {
  const result = await runProcess(
    join(options.modelDir, BINARY),
    [...args, '-m', options.modelDir, '-g', String(options.gpu), '-j', `1:${options.threads}:1`],
    { signal, timeoutMs: options.timeoutMs ?? 600_000 },
  );
  return result.stderr;
}

/** Vulkan devices as the binary sees them (it prints them on every start); empty when it cannot start. */
export async function probeNcnnDevices(modelDir: string): Promise<{ devices: VulkanDevice[]; error?: string }> {
  try {
    const result = await runProcess(join(modelDir, BINARY), ['-h'], { timeoutMs: 30_000 });
    const devices = parseNcnnDevices(result.stderr);
    if (devices.length > 0) return { devices };
  } catch {
    // -h exits non-zero on some builds; probe with a real 32x32 run below.
  }
  const dir = mkdtempSync(join(tmpdir(), 'interup-ncnn-probe-'));
  try {
    const png = encodePng({ width: 32, height: 32, format: 'rgb24', data: Buffer.alloc(32 * 32 * 3) });
    writeFileSync(join(dir, 'a.png'), png);
    const stderr = await runBinary({ modelDir, gpu: -1, threads: 1 }, ['-0', join(dir, 'a.png'), '-1', join(dir, 'a.png'), '-o', join(dir, 'o.png')]);
    return { devices: parseNcnnDevices(stderr) };
  } catch (error) {
    return { devices: [], error: (error as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function entry(): ModelEntry {
  const found = findModel(RIFE_NCNN_MODEL);
  if (!found) throw new Error(`internal: ${RIFE_NCNN_MODEL} missing from the catalog`);
  return found;
}

/** The `--prefer ncnn` backend: a hardware Vulkan GPU when one exists (unless --device cpu), else ncnn's CPU path. */
export const rifeNcnnFactory: InterpolatorFactory = {
  id: 'rife-ncnn',
  prefer: 'ncnn',
  async available(context: EngineContext) {
    if (context.frameFormat === 'rgb48le') return { ok: false, reason: `${BINARY} reads 8-bit PNG files and would cut this deeper-than-8-bit input to 8 bits (the onnx engine works in float)` };
    if (process.platform !== 'linux' || process.arch !== 'x64') return { ok: false, reason: `the packaged ${BINARY} is for linux/x64, not ${process.platform}/${process.arch}` };
    try {
      resolvePad();
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
    const { dir } = resolveModelsDir(context.modelsDir);
    const status = await modelStatus(dir, entry());
    if (status.state !== 'ok' && !context.allowFetch) {
      return { ok: false, reason: `${BINARY} and model ${RIFE_NCNN_MODEL} are ${status.state} in ${dir} and fetching is off (run: interup models fetch ${RIFE_NCNN_MODEL})` };
    }
    return { ok: true };
  },
  async create(context: EngineContext) {
    const { dir } = resolveModelsDir(context.modelsDir);
    if ((await modelStatus(dir, entry())).state !== 'ok') {
      if (!context.allowFetch) throw new InterupError('MODEL_MISSING', `Model ${RIFE_NCNN_MODEL} is not in ${dir}.`, { hint: `Run: interup models fetch ${RIFE_NCNN_MODEL}` });
      await fetchModels([entry()], { modelsDir: dir, logger: context.logger, onProgress: context.onProgress, signal: context.signal });
    }
    const modelDir = join(dir, RIFE_NCNN_MODEL);
    const threads = context.threads ?? availableParallelism();
    let gpu = -1;
    let name: string | undefined;
    if (context.device !== 'cpu') {
      const { devices } = await probeNcnnDevices(modelDir);
      const hardware = devices.find((d) => !d.software);
      if (hardware) {
        gpu = hardware.index;
        name = hardware.name;
      }
    }
    context.logger.info(`rife-ncnn: ${gpu < 0 ? "ncnn's CPU path (-g -1)" : `Vulkan device ${gpu} ${name ?? ''}`}`, { threads });
    return RifeNcnnInterpolator.create({ modelDir, gpu, threads }, name);
  },
};
