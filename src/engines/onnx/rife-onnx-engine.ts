// The `--prefer onnx` backend: RIFE 4.6 on the best ONNX Runtime provider that starts. `--device auto`
// plans tensorrt → cuda → webgpu (on a hardware adapter only) → cpu and logs once which runs and why not
// the others; a provider that fails to start, or fails mid-run, gives way to the next one and the failed frame is made again there, so the
// frames already written stay. The events go to the log and to the run's report. A provider the user
// named stops the run with one sentence instead.
import { availableParallelism } from 'node:os';
import type { Frame } from '../../frames/index.js';
import { convertedModel, fetchModels, findModel, modelStatus, resolveModelsDir, type ModelEntry } from '../../models/index.js';
import { InterupError, type Logger } from '../../util/index.js';
import { ProviderFallback, type FallbackEvent, type ProviderStarter } from '../fallback.js';
import type { EngineContext, EngineInfo, Interpolator, InterpolatorFactory } from '../interpolator.js';
import { resolvePad } from '../pad.js';
import { planProviders, webgpuReady } from './plan-providers.js';
import { providerPlan, type ProviderName } from './providers.js';
import { RIFE_MODEL, RifeOnnxInterpolator, precisionFor, sessionsFor } from './rife-onnx.js';

/** RIFE on ONNX Runtime behind a provider fall-back. */
export class RifeOnnxEngine implements Interpolator {
  readonly maxConcurrency: number;
  readonly #fallback: ProviderFallback<RifeOnnxInterpolator>;

  private constructor(fallback: ProviderFallback<RifeOnnxInterpolator>, maxConcurrency: number) {
    this.#fallback = fallback;
    this.maxConcurrency = maxConcurrency;
  }

  /**
   * Starts the first starter that starts. `maxConcurrency` is the most any of them runs side by side, so
   * a fall-back to the CPU keeps both its sessions busy (a GPU engine queues the extra call).
   */
  static async start(starters: ReadonlyArray<ProviderStarter<RifeOnnxInterpolator> & { concurrency: number }>, options: { explicit: boolean; logger: Logger; signal?: AbortSignal }): Promise<RifeOnnxEngine> {
    const fallback = await ProviderFallback.start(starters, { ...options, label: 'rife-onnx' });
    return new RifeOnnxEngine(fallback, Math.max(...starters.map((s) => s.concurrency)));
  }

  /** The engine in use (after a fall-back, the new provider's). */
  get info(): EngineInfo {
    return this.#fallback.current.info;
  }

  /** Providers given up on, at start or mid-run. */
  get fallbacks(): readonly FallbackEvent[] {
    return this.#fallback.events;
  }

  interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal, into?: Buffer): Promise<Frame> {
    return this.#fallback.run((engine) => engine.interpolate(a, b, t, signal, into), signal);
  }

  dispose(): Promise<void> {
    return this.#fallback.dispose();
  }
}

function rifeEntry(): ModelEntry {
  const entry = findModel(RIFE_MODEL);
  if (!entry) throw new Error(`internal: ${RIFE_MODEL} missing from the catalog`);
  return entry;
}

/** One starter per planned provider: WebGPU asks its probe first (an adapter, or the reason there is none). */
export function rifeStarters(options: { dir: string; providers: readonly ProviderName[]; threads: number; pad: number; logger: Logger; explicit?: boolean }): Array<ProviderStarter<RifeOnnxInterpolator> & { concurrency: number }> {
  const entry = rifeEntry();
  return options.providers.map((provider) => ({
    provider,
    concurrency: sessionsFor(provider, options.threads),
    start: async () => {
      if (provider === 'webgpu') await webgpuReady(options.explicit ?? false, 'rife-onnx', options.logger);
      const dtype = precisionFor(provider);
      const model = convertedModel(options.dir, entry, dtype, options.logger);
      const engine = await RifeOnnxInterpolator.create({ modelPath: model.path, provider, dtype, threads: options.threads, pad: options.pad, logger: options.logger });
      options.logger.info(`rife-onnx: ONNX Runtime provider ${provider}`, { provider, threads: options.threads, sessions: engine.maxConcurrency, dtype, pad: options.pad });
      return engine;
    },
  }));
}

export const rifeOnnxFactory: InterpolatorFactory = {
  id: 'rife-onnx',
  prefer: 'onnx',
  // A --device the user named that cannot be here throws (InputError): that is never a reason to skip.
  async available(context: EngineContext) {
    providerPlan(context.device ?? 'auto');
    const { dir } = resolveModelsDir(context.modelsDir);
    const status = await modelStatus(dir, rifeEntry());
    if (status.state !== 'ok' && !context.allowFetch) {
      return { ok: false, reason: `model ${RIFE_MODEL} is ${status.state} in ${dir} and fetching is off (run: interup models fetch ${RIFE_MODEL})` };
    }
    return { ok: true };
  },
  async create(context: EngineContext) {
    const logger = context.logger;
    const plan = await planProviders(context.device ?? 'auto', 'rife-onnx', logger);
    const threads = context.threads ?? availableParallelism();
    const pad = resolvePad();
    const { dir } = resolveModelsDir(context.modelsDir);
    const entry = rifeEntry();
    if ((await modelStatus(dir, entry)).state !== 'ok') {
      if (!context.allowFetch) {
        throw new InterupError('MODEL_MISSING', `Model ${RIFE_MODEL} is not in ${dir}.`, { hint: `Run: interup models fetch ${RIFE_MODEL}` });
      }
      await fetchModels([entry], { modelsDir: dir, logger, onProgress: context.onProgress, signal: context.signal });
    }
    const starters = rifeStarters({ dir, providers: plan.providers, threads, pad, logger, explicit: plan.explicit });
    return RifeOnnxEngine.start(starters, { explicit: plan.explicit, logger, signal: context.signal });
  },
};
