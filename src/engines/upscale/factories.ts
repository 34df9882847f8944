// The upscaling backends for the --prefer chain: Real-ESRGAN on ONNX Runtime (fetches and converts the
// model when allowed, on the best ONNX Runtime provider that starts), then ffmpeg lanczos. auto tries them
// in that order and logs why one was skipped.
import { canRun, runProcess } from '../../process/index.js';
import { InterupError, type Logger } from '../../util/index.js';
import { convertedModel, fetchModels, findModel, modelStatus, resolveModelsDir } from '../../models/index.js';
import { ffmpegPath } from '../../media/index.js';
import { selectFirst, type EngineAttempt } from '../select.js';
import { checkEngineSettings } from '../settings.js';
import { planProviders, webgpuReady } from '../onnx/plan-providers.js';
import { providerPlan } from '../onnx/providers.js';
import { FallbackUpscaler } from './fallback-upscaler.js';
import type { EngineContext } from '../interpolator.js';
import type { Upscaler, UpscalerFactory } from '../upscaler.js';
import { FfmpegLanczosUpscaler } from './lanczos.js';
import { resolveUpscaleModel } from './models.js';
import { OnnxUpscaler } from './onnx-upscaler.js';
import { cpuMemoryBudget } from './tile-size.js';

export type UpscaleContext = EngineContext & { scale: number; model?: string; tile?: number };

// The memory one tile may use: half the free RAM on CPU; on a GPU half the free memory nvidia-smi
// reports (ORT cannot tell), else an assumed modest 4 GiB card. --tile overrides either.
async function memoryBudget(device: string, logger: Logger): Promise<() => number> {
  if (device === 'cpu') return cpuMemoryBudget;
  const fallback = 2 * 2 ** 30;
  try {
    const { stdout } = await runProcess('nvidia-smi', ['--query-gpu=memory.free', '--format=csv,noheader,nounits'], { timeoutMs: 10_000 });
    const freeMiB = Number(stdout.trim().split('\n')[0]);
    if (Number.isFinite(freeMiB) && freeMiB > 0) return () => Math.floor(freeMiB * 2 ** 20 * 0.5);
  } catch (error) {
    logger.debug('nvidia-smi gave no free GPU memory; assuming a 4 GiB card for tile sizes', { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
  }
  return () => fallback;
}

export const onnxUpscalerFactory: UpscalerFactory = {
  id: 'realesrgan-onnx',
  prefer: 'onnx',
  // Available when the model is cached or may be fetched; bad model/scale is the user's error, thrown.
  async available(context: UpscaleContext) {
    providerPlan(context.device ?? 'auto'); // a named device that cannot be here is the user's error, thrown
    const { catalogName } = resolveUpscaleModel(context.model, context.scale);
    const entry = findModel(catalogName);
    if (!entry) return { ok: false, reason: `model ${catalogName} is not in the catalog` };
    const { dir } = resolveModelsDir(context.modelsDir);
    const status = await modelStatus(dir, entry);
    if (status.state !== 'ok' && !context.allowFetch) return { ok: false, reason: `model ${catalogName} is not in ${dir} (interup models fetch ${catalogName})` };
    return { ok: true };
  },
  async create(context: UpscaleContext): Promise<Upscaler> {
    const { spec, catalogName } = resolveUpscaleModel(context.model, context.scale);
    const entry = findModel(catalogName);
    if (!entry) throw new InterupError('MODEL_MISSING', `model ${catalogName} is not in the catalog`);
    const { dir } = resolveModelsDir(context.modelsDir);
    await fetchModels([entry], { modelsDir: dir, logger: context.logger, onProgress: context.onProgress, signal: context.signal });
    const { path } = convertedModel(dir, entry, 'float32', context.logger);
    const plan = await planProviders(context.device ?? 'auto', 'realesrgan-onnx', context.logger);
    const starters = plan.providers.map((provider) => ({
      provider,
      start: async () => {
        if (provider === 'webgpu') await webgpuReady(plan.explicit, 'realesrgan-onnx', context.logger);
        return OnnxUpscaler.create({
          modelPath: path,
          spec,
          scale: context.scale,
          provider,
          threads: context.threads,
          tile: context.tile,
          memoryBudget: await memoryBudget(provider, context.logger),
          logger: context.logger,
        });
      },
    }));
    return FallbackUpscaler.start(starters, { explicit: plan.explicit, logger: context.logger, signal: context.signal });
  },
};

export const lanczosUpscalerFactory: UpscalerFactory = {
  id: 'lanczos-ffmpeg',
  prefer: 'ffmpeg',
  async available() {
    return (await canRun(ffmpegPath())) ? { ok: true } : { ok: false, reason: `ffmpeg (${ffmpegPath()}) cannot be run` };
  },
  async create(context: UpscaleContext): Promise<Upscaler> {
    return FfmpegLanczosUpscaler.create({ scale: context.scale, logger: context.logger });
  },
};

/** auto's order: the model first, lanczos when no model can be had. */
export const UPSCALER_FACTORIES: readonly UpscalerFactory[] = [onnxUpscalerFactory, lanczosUpscalerFactory];

export type UpscalerAttempt = EngineAttempt;

// Creates the first upscaler `prefer` allows that is available and starts; logs each skip with its reason.
export async function selectUpscaler(
  prefer: string,
  context: UpscaleContext,
  factories: readonly UpscalerFactory[] = UPSCALER_FACTORIES,
): Promise<{ upscaler: Upscaler; attempts: UpscalerAttempt[] }> {
  // A wrong model name, scale, thread count or device is the user's mistake whatever engine would run.
  checkEngineSettings(context, { pad: false });
  resolveUpscaleModel(context.model, context.scale);
  const { engine, attempts } = await selectFirst({
    kind: 'upscaler',
    label: 'upscaler',
    code: 'UPSCALER',
    prefer,
    context,
    candidates: factories,
    order: factories.map((f) => f.prefer),
    autoHint: 'ffmpeg lanczos',
  });
  return { upscaler: engine, attempts };
}
