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
  /** CPU threads in all (split between the sessions). */
  threads: number;
  /** Sessions that run frames side by side (default: sessionsFor(provider, threads)). */
  sessions?: number;
  pad: number;
  logger: Logger;
}

/**
 * How many sessions interpolate side by side. On the CPU, two single-threaded-ish sessions beat one
 * session with all the threads: parts of each RIFE call run on one thread (GridSample's sampling plan,
 * Concat, DepthToSpace), and a second frame fills the idle core (2 cores: 124 vs 143 ms per frame of
 * throughput at 640x384). A GPU is the bottleneck there, so one session.
 */
export function sessionsFor(provider: RifeOnnxOptions['provider'], threads: number): number {
  return provider === 'cpu' && threads >= 2 ? 2 : 1;
}

export class RifeOnnxInterpolator implements Interpolator {
  readonly info: EngineInfo;
  readonly maxConcurrency: number;
  readonly #sessions: readonly OrtSession[];
  readonly #idle: OrtSession[];
  readonly #waiting: Array<{ resolve: (session: OrtSession) => void; reject: (error: Error) => void }> = [];
  readonly #pad: number;

  private constructor(sessions: readonly OrtSession[], options: RifeOnnxOptions) {
    this.#sessions = sessions;
    this.#idle = [...sessions];
    this.maxConcurrency = sessions.length;
    this.#pad = options.pad;
    const each = sessions[0]?.threads ?? options.threads;
    const perSession = `${each} thread${each === 1 ? '' : 's'}`;
    const layout = sessions.length > 1 ? `${sessions.length} sessions x ${perSession}` : perSession;
    this.info = {
      id: 'rife-onnx',
      description: `RIFE 4.6 via ONNX Runtime (${options.provider}, ${layout}, pad ${options.pad})`,
      device: options.provider,
      model: RIFE_MODEL,
    };
  }

  /** Loads the sessions for an already converted model. */
  static async create(options: RifeOnnxOptions): Promise<RifeOnnxInterpolator> {
    const count = Math.max(1, Math.min(options.sessions ?? sessionsFor(options.provider, options.threads), options.threads));
    const threads = Math.max(1, Math.floor(options.threads / count));
    const started = await Promise.allSettled(
      Array.from({ length: count }, () => OrtSession.create({ modelPath: options.modelPath, provider: options.provider, threads })),
    );
    const sessions = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(sessions.map((session) => session.dispose()));
      throw failed.reason;
    }
    return new RifeOnnxInterpolator(sessions, options);
  }

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal, into?: Buffer): Promise<Frame> {
    if (a.width !== b.width || a.height !== b.height) {
      throw new InputError('FRAME_SIZE_MISMATCH', `Expected frames of equal size but received ${a.width}x${a.height} and ${b.width}x${b.height}`);
    }
    if (!(t > 0 && t < 1)) throw new RangeError(expected('a timestep between 0 and 1 (exclusive)', 't', t));
    signal?.throwIfAborted();
    const pw = padTo(a.width, this.#pad);
    const ph = padTo(a.height, this.#pad);
    // Fresh arrays every call: they are handed over to the session's thread, not copied.
    const feeds = {
      in0: { data: toPlanar(a, pw, ph), dims: [1, 3, ph, pw] },
      in1: { data: toPlanar(b, pw, ph), dims: [1, 3, ph, pw] },
      in2: { data: new Float32Array(pw * ph).fill(t), dims: [1, 1, ph, pw] },
    };
    const session = await this.#acquire();
    let out: Awaited<ReturnType<OrtSession['run']>>;
    try {
      out = await session.run(feeds);
    } finally {
      this.#release(session);
    }
    const result = out.out0 ?? out[session.outputNames[0]];
    signal?.throwIfAborted();
    return fromPlanar(result.data, pw, ph, a.width, a.height, into, a.format);
  }

  // A free session; callers beyond maxConcurrency wait for one (the pipeline never is one).
  #acquire(): Promise<OrtSession> {
    const free = this.#idle.pop();
    if (free) return Promise.resolve(free);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #release(session: OrtSession): void {
    const next = this.#waiting.shift();
    if (next) next.resolve(session);
    else this.#idle.push(session);
  }

  async dispose(): Promise<void> {
    // Calls still waiting for a session would otherwise wait forever.
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new InterupError('ENGINE_DISPOSED', 'The RIFE engine was disposed while this frame waited for a session.'));
    await Promise.all(this.#sessions.map((session) => session.dispose()));
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
      logger.info(`rife-onnx: ONNX Runtime provider ${p} (${p === provider ? why : 'fallback'})`, { provider: p, threads, sessions: engine.maxConcurrency, dtype, pad });
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
