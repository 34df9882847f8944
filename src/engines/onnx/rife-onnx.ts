// RIFE 4.6 through ONNX Runtime on one provider: the converted ncnn weights, padded to a multiple of 32
// inside the engine and cropped back. rife-onnx-engine.ts puts providers behind one another.
import type { Frame } from '../../frames/index.js';
import { expected, InputError, InterupError, type Logger } from '../../util/index.js';
import type { EngineInfo, Interpolator } from '../interpolator.js';
import { padTo } from '../pad.js';
import { OrtSession, type OrtSessionOptions } from './ort-session.js';
import { fromPlanar, toPlanar } from './planar.js';
import type { ProviderName } from './providers.js';
import type { TensorData } from './worker-protocol.js';

export const RIFE_MODEL = 'rife-v4.6';

/** What the engine needs of a session (OrtSession; tests wrap one to make it fail on a chosen call). */
export interface RifeSession {
  readonly threads: number;
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  dispose(): Promise<void>;
}

export interface RifeOnnxOptions {
  modelPath: string;
  provider: ProviderName;
  /** CPU threads in all (split between the sessions). */
  threads: number;
  /** Sessions that run frames side by side (default: sessionsFor(provider, threads)). */
  sessions?: number;
  pad: number;
  logger: Logger;
  /** The model's weights: float16 on CUDA/TensorRT, float32 elsewhere (see precisionFor). */
  dtype?: 'float32' | 'float16';
  webgpu?: OrtSessionOptions['webgpu'];
  /** Opens one session (default OrtSession.create). */
  createSession?: (options: OrtSessionOptions) => Promise<RifeSession>;
}

/**
 * The weights' precision per provider. TensorRT and CUDA run fp16 (tensor cores; half the memory). WebGPU
 * runs fp32: fp16 needs the adapter's shader-f16 feature, and without it ONNX Runtime would hand the fp16
 * nodes to the CPU; `npm run gpu-check` measures both on a box that has an adapter.
 */
export function precisionFor(provider: ProviderName): 'float32' | 'float16' {
  return provider === 'tensorrt' || provider === 'cuda' ? 'float16' : 'float32';
}

/**
 * How many sessions interpolate side by side. On the CPU, two single-threaded-ish sessions beat one
 * session with all the threads: parts of each RIFE call run on one thread (GridSample's sampling plan,
 * Concat, DepthToSpace), and a second frame fills the idle core (2 cores: 124 vs 143 ms per frame of
 * throughput at 640x384). A GPU is the bottleneck there, so one session.
 */
export function sessionsFor(provider: ProviderName, threads: number): number {
  return provider === 'cpu' && threads >= 2 ? 2 : 1;
}

export class RifeOnnxInterpolator implements Interpolator {
  readonly info: EngineInfo;
  readonly maxConcurrency: number;
  readonly #sessions: readonly RifeSession[];
  readonly #idle: RifeSession[];
  readonly #waiting: Array<{ resolve: (session: RifeSession) => void; reject: (error: Error) => void }> = [];
  readonly #pad: number;

  private constructor(sessions: readonly RifeSession[], options: RifeOnnxOptions) {
    this.#sessions = sessions;
    this.#idle = [...sessions];
    this.maxConcurrency = sessions.length;
    this.#pad = options.pad;
    const each = sessions[0]?.threads ?? options.threads;
    const perSession = `${each} thread${each === 1 ? '' : 's'}`;
    const layout = sessions.length > 1 ? `${sessions.length} sessions x ${perSession}` : perSession;
    this.info = {
      id: 'rife-onnx',
      description: `RIFE 4.6 via ONNX Runtime (${options.provider}, ${options.dtype === 'float16' ? 'fp16' : 'fp32'}, ${layout}, pad ${options.pad})`,
      device: options.provider,
      model: RIFE_MODEL,
    };
  }

  /** Loads the sessions for an already converted model. */
  static async create(options: RifeOnnxOptions): Promise<RifeOnnxInterpolator> {
    if (!Number.isInteger(options.threads) || options.threads <= 0) throw new InputError('BAD_THREADS', expected('a positive integer', 'threads', options.threads));
    const count = Math.max(1, Math.min(options.sessions ?? sessionsFor(options.provider, options.threads), options.threads));
    const threads = Math.max(1, Math.floor(options.threads / count));
    const open = options.createSession ?? ((o: OrtSessionOptions) => OrtSession.create(o));
    const started = await Promise.allSettled(
      Array.from({ length: count }, () => open({ modelPath: options.modelPath, provider: options.provider, threads, webgpu: options.webgpu })),
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
    let out: Record<string, TensorData>;
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
  #acquire(): Promise<RifeSession> {
    const free = this.#idle.pop();
    if (free) return Promise.resolve(free);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #release(session: RifeSession): void {
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

