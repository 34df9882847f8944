// RIFE 4.6 through ONNX Runtime: the converted ncnn weights, padded to a multiple of 32 inside the
// engine and cropped back. fp16 on CUDA/TensorRT, fp32 on the CPU.
import { availableParallelism } from 'node:os';
import type { Frame } from '../../frames/frame.js';
import { convertedModel, fetchModels, findModel, modelStatus, resolveModelsDir, type ModelEntry } from '../../models/index.js';
import { InterupError, InputError, expected } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { EngineContext, EngineInfo, Interpolator, InterpolatorFactory } from '../interpolator.js';
import { padTo, resolvePad } from '../pad.js';
import { OrtSession } from './ort-session.js';
import { fromPlanar, toPlanar } from './planar.js';
import { selectProvider } from './providers.js';

export const RIFE_MODEL = 'rife-v4.6';

export interface RifeOnnxOptions {
  modelPath: string;
  provider: 'tensorrt' | 'cuda' | 'cpu';
  threads: number;
  pad: number;
  logger: Logger;
}

export class RifeOnnxInterpolator implements Interpolator {
  readonly info: EngineInfo;
  readonly maxConcurrency = 1;
  readonly #session: OrtSession;
  readonly #pad: number;
  // The last few frames in planar form: consecutive pairs share a frame and several timesteps share a pair.
  // Keyed by the Frame object, not its buffer: the pipeline reuses buffers for later frames.
  readonly #planar = new Map<Frame, Float32Array>();
  #timestep: Float32Array | undefined;

  private constructor(session: OrtSession, options: RifeOnnxOptions) {
    this.#session = session;
    this.#pad = options.pad;
    this.info = {
      id: 'rife-onnx',
      description: `RIFE 4.6 via ONNX Runtime (${options.provider}, ${options.threads} threads, pad ${options.pad})`,
      device: options.provider,
      model: RIFE_MODEL,
    };
  }

  /** Loads the session for an already converted model. */
  static async create(options: RifeOnnxOptions): Promise<RifeOnnxInterpolator> {
    const session = await OrtSession.create({ modelPath: options.modelPath, provider: options.provider, threads: options.threads });
    return new RifeOnnxInterpolator(session, options);
  }

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal, into?: Buffer): Promise<Frame> {
    if (a.width !== b.width || a.height !== b.height) {
      throw new InputError('FRAME_SIZE_MISMATCH', `Expected frames of equal size but received ${a.width}x${a.height} and ${b.width}x${b.height}`);
    }
    if (!(t > 0 && t < 1)) throw new RangeError(expected('a timestep between 0 and 1 (exclusive)', 't', t));
    signal?.throwIfAborted();
    const pw = padTo(a.width, this.#pad);
    const ph = padTo(a.height, this.#pad);
    const out = await this.#session.run({
      in0: { data: this.#toPlanar(a, pw, ph), dims: [1, 3, ph, pw] },
      in1: { data: this.#toPlanar(b, pw, ph), dims: [1, 3, ph, pw] },
      in2: { data: this.#timestepPlane(t, pw, ph), dims: [1, 1, ph, pw] },
    });
    const result = out.out0 ?? out[this.#session.outputNames[0]];
    signal?.throwIfAborted();
    return fromPlanar(result.data, pw, ph, a.width, a.height, into);
  }

  #toPlanar(frame: Frame, pw: number, ph: number): Float32Array {
    const hit = this.#planar.get(frame);
    if (hit && hit.length === 3 * pw * ph) {
      // Most recently used last, so converting `b` never recycles the array of the `a` just looked up.
      this.#planar.delete(frame);
      this.#planar.set(frame, hit);
      return hit;
    }
    // Full: the least recently used entry's array is rewritten for this frame (no allocation per frame).
    let spare: Float32Array | undefined;
    if (this.#planar.size >= 3) {
      const [oldest, array] = this.#planar.entries().next().value as [Frame, Float32Array];
      this.#planar.delete(oldest);
      spare = array;
    }
    const planar = toPlanar(frame, pw, ph, spare);
    this.#planar.set(frame, planar);
    return planar;
  }

  // One timestep plane, refilled when t changes: a 25 → 70 fps plan cycles through 14 values and
  // 24000/1001 → 70 through hundreds, so a cache of planes would miss and allocate on most calls.
  #timestepPlane(t: number, pw: number, ph: number): Float32Array {
    let plane = this.#timestep;
    if (!plane || plane.length !== pw * ph) plane = this.#timestep = new Float32Array(pw * ph).fill(t);
    else if (plane[0] !== Math.fround(t)) plane.fill(t);
    return plane;
  }

  async dispose(): Promise<void> {
    this.#planar.clear();
    this.#timestep = undefined;
    await this.#session.dispose();
  }
}

function rifeEntry(): ModelEntry {
  const entry = findModel(RIFE_MODEL);
  if (!entry) throw new Error(`internal: ${RIFE_MODEL} missing from the catalog`);
  return entry;
}

/** The `--prefer onnx` backend. */
export const rifeOnnxFactory: InterpolatorFactory = {
  id: 'rife-onnx',
  prefer: 'onnx',
  async available(context: EngineContext) {
    try {
      selectProvider(context.device ?? 'auto');
      resolvePad();
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
    const { dir } = resolveModelsDir(context.modelsDir);
    const status = await modelStatus(dir, rifeEntry());
    if (status.state !== 'ok' && !context.allowFetch) {
      return { ok: false, reason: `model ${RIFE_MODEL} is ${status.state} in ${dir} and fetching is off (run: interup models fetch ${RIFE_MODEL})` };
    }
    return { ok: true };
  },
  async create(context: EngineContext) {
    const logger = context.logger;
    const { provider, why } = selectProvider(context.device ?? 'auto');
    const threads = context.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads <= 0) throw new InputError('BAD_THREADS', expected('a positive integer', 'threads', threads));
    const pad = resolvePad();
    const { dir } = resolveModelsDir(context.modelsDir);
    const entry = rifeEntry();
    if ((await modelStatus(dir, entry)).state !== 'ok') {
      if (!context.allowFetch) {
        throw new InterupError('MODEL_MISSING', `Model ${RIFE_MODEL} is not in ${dir}.`, { hint: `Run: interup models fetch ${RIFE_MODEL}` });
      }
      await fetchModels([entry], { modelsDir: dir, logger, onProgress: context.onProgress, signal: context.signal });
    }
    const start = async (p: typeof provider): Promise<RifeOnnxInterpolator> => {
      const dtype = p === 'cpu' ? 'float32' : 'float16';
      const model = convertedModel(dir, entry, dtype, logger);
      const engine = await RifeOnnxInterpolator.create({ modelPath: model.path, provider: p, threads, pad, logger });
      logger.info(`rife-onnx: ONNX Runtime provider ${p} (${p === provider ? why : 'fallback'})`, { provider: p, threads, dtype, pad });
      return engine;
    };
    try {
      return await start(provider);
    } catch (error) {
      // auto promised "the best provider that works": a GPU provider whose libraries fail to load falls back.
      if (provider === 'cpu' || (context.device ?? 'auto') !== 'auto') throw error;
      logger.warn(`rife-onnx: the ${provider} provider failed to start; using the CPU`, { error: (error as Error).message });
      return start('cpu');
    }
  },
};
