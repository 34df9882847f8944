// A wrapper around one ONNX Runtime session: built with the chosen provider and graph optimisation,
// disposed exactly once. Our own type, so the native session never leaks into the rest of the code.
import * as ort from 'onnxruntime-node';
import { InterupError } from '../../util/errors.js';
import type { ProviderInfo } from './providers.js';
import { tensorrtEnv } from './tensorrt-env.js';

export interface OrtSessionOptions {
  modelPath: string;
  provider: ProviderInfo['name'];
  threads: number;
}

export class OrtSession {
  #session: ort.InferenceSession | undefined;
  readonly provider: ProviderInfo['name'];
  readonly threads: number;

  private constructor(session: ort.InferenceSession, provider: ProviderInfo['name'], threads: number) {
    this.#session = session;
    this.provider = provider;
    this.threads = threads;
  }

  /** Loads a model; fails with ORT_SESSION naming the provider and model on error. */
  static async create(options: OrtSessionOptions): Promise<OrtSession> {
    const executionProviders: ort.InferenceSession.ExecutionProviderConfig[] =
      options.provider === 'tensorrt'
        ? [{ name: 'tensorrt' }, { name: 'cuda' }, { name: 'cpu' }]
        : options.provider === 'cuda'
          ? [{ name: 'cuda' }, { name: 'cpu' }]
          : [{ name: 'cpu' }];
    // TensorRT reads its engine-cache settings from the environment when the session is created.
    if (options.provider === 'tensorrt') Object.assign(process.env, tensorrtEnv(options.modelPath, process.env));
    try {
      const session = await ort.InferenceSession.create(options.modelPath, {
        executionProviders,
        graphOptimizationLevel: 'all',
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        enableCpuMemArena: true,
        enableMemPattern: true,
        // No spin-waiting between ops: decode and encode run beside inference in the pipeline, and on a
        // shared CPU spinning threads starve them (measured: ~1.5x faster per frame on a loaded box).
        // Denormals flushed to zero: leaky ReLU tails produce them and x86 handles them slowly.
        // Dynamic block sizes let the intra-op threads share out unevenly sized loops (RIFE on 2 cores:
        // 2–4 % less time per frame in paired runs).
        extra: { session: { set_denormal_as_zero: '1', dynamic_block_base: '4', intra_op: { allow_spinning: '0' } } },
      });
      return new OrtSession(session, options.provider, options.threads);
    } catch (error) {
      throw new InterupError('ORT_SESSION', `ONNX Runtime could not load ${options.modelPath} with the ${options.provider} provider: ${(error as Error).message}`, {
        hint: 'Possible solutions: run `interup doctor` to see the providers; use --device cpu; delete the converted model folder (models/<name>/onnx) to convert again.',
        cause: error,
      });
    }
  }

  /** Runs the model on float32 NCHW inputs; returns the named outputs' data. */
  async run(feeds: Record<string, { data: Float32Array; dims: readonly number[] }>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    const session = this.#session;
    if (!session) throw new InterupError('ENGINE_DISPOSED', 'The ONNX Runtime session was already disposed.');
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, f] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', f.data, f.dims);
    const out = await session.run(inputs);
    const result: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, t] of Object.entries(out)) result[name] = { data: t.data as Float32Array, dims: t.dims };
    return result;
  }

  get inputNames(): readonly string[] {
    return this.#session?.inputNames ?? [];
  }

  get outputNames(): readonly string[] {
    return this.#session?.outputNames ?? [];
  }

  /** Releases the native session; safe to call more than once. */
  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session) await session.release();
  }
}
