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
  readonly #planar = new Map<Buffer, Float32Array>();
  readonly #timestep = new Map<string, Float32Array>();

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

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal): Promise<Frame> {
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
    return fromPlanar(result.data, pw, ph, a.width, a.height);
  }

  #toPlanar(frame: Frame, pw: number, ph: number): Float32Array {
    const hit = this.#planar.get(frame.data);
    if (hit && hit.length === 3 * pw * ph) return hit;
    const planar = toPlanar(frame, pw, ph);
    this.#planar.set(frame.data, planar);
    if (this.#planar.size > 3) this.#planar.delete(this.#planar.keys().next().value as Buffer);
    return planar;
  }

  #timestepPlane(t: number, pw: number, ph: number): Float32Array {
    const key = `${t}:${pw}x${ph}`;
    let plane = this.#timestep.get(key);
    if (!plane) {
      plane = new Float32Array(pw * ph).fill(t);
      this.#timestep.set(key, plane);
      if (this.#timestep.size > 8) this.#timestep.delete(this.#timestep.keys().next().value as string);
    }
    return plane;
  }

  async dispose(): Promise<void> {
    this.#planar.clear();
    this.#timestep.clear();
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
