// The upscaling backends for the --prefer chain: Real-ESRGAN on ONNX Runtime (fetches and converts the
// model when allowed), then ffmpeg lanczos. auto tries them in that order and logs why one was skipped.
import { canRun, runProcess } from '../../process/index.js';
import type { Logger } from '../../util/logger.js';
import { convertedModel, fetchModels, findModel, modelStatus, resolveModelsDir } from '../../models/index.js';
import { InputError, InterupError } from '../../util/errors.js';
import { ffmpegPath } from '../../media/index.js';
import { selectProvider, type ProviderInfo } from '../onnx/providers.js';
import type { EngineContext } from '../interpolator.js';
import type { Upscaler, UpscalerFactory } from '../upscaler.js';
import { FfmpegLanczosUpscaler } from './lanczos.js';
import { resolveUpscaleModel } from './models.js';
import { OnnxUpscaler } from './onnx-upscaler.js';
import { cpuMemoryBudget } from './tile-size.js';

export type UpscaleContext = EngineContext & { scale: number; model?: string; tile?: number };

// Provider for a --device request: the same selection as RIFE (engines/onnx/providers.ts). A GPU
// provider that then fails to load falls back to the CPU (see create), saying so.
export function upscaleProviderChoices(device: string | undefined): { provider: ProviderInfo['name']; why: string }[] {
  const { provider, why } = selectProvider(device ?? 'auto');
  const choices: { provider: ProviderInfo['name']; why: string }[] = [{ provider, why }];
  if (provider !== 'cpu' && (device ?? 'auto') === 'auto') choices.push({ provider: 'cpu', why: `${provider} failed to load` });
  return choices;
}

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
    let lastError: unknown;
    for (const { provider: device, why } of upscaleProviderChoices(context.device)) {
      context.logger.debug(`upscaler provider ${device}`, { why });
      try {
        return await OnnxUpscaler.create({
          modelPath: path,
          spec,
          scale: context.scale,
          provider: device,
          threads: context.threads,
          tile: context.tile,
          memoryBudget: await memoryBudget(device, context.logger),
          logger: context.logger,
        });
      } catch (error) {
        lastError = error;
        context.logger.info(`ONNX Runtime provider ${device} did not load; trying the next`, { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      }
    }
    throw lastError;
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

export interface UpscalerAttempt {
  id: string;
  outcome: 'used' | 'skipped' | 'failed';
  reason?: string;
}

// Creates the first upscaler `prefer` allows that is available and starts; logs each skip with its reason.
export async function selectUpscaler(
  prefer: string,
  context: UpscaleContext,
  factories: readonly UpscalerFactory[] = UPSCALER_FACTORIES,
): Promise<{ upscaler: Upscaler; attempts: UpscalerAttempt[] }> {
  // A wrong model name or scale is the user's mistake whatever engine would run: say so first.
  resolveUpscaleModel(context.model, context.scale);
  const list = prefer === 'auto' ? factories : factories.filter((f) => f.prefer === prefer);
  if (list.length === 0) {
    throw new InputError('UPSCALER_NOT_BUILT', `No "${prefer}" upscaler is built into this interup.`, {
      hint: `Use --prefer auto or one of: ${factories.map((f) => f.prefer).join(', ')}.`,
    });
  }
  const attempts: UpscalerAttempt[] = [];
  for (const factory of list) {
    const available = await factory.available(context).catch((error: unknown) => {
      if (error instanceof InputError) throw error;
      return { ok: false as const, reason: error instanceof Error ? error.message : String(error) };
    });
    if (!available.ok) {
      attempts.push({ id: factory.id, outcome: 'skipped', reason: available.reason });
      context.logger.info(`upscaler ${factory.id} skipped`, { reason: available.reason });
      continue;
    }
    try {
      const upscaler = await factory.create(context);
      attempts.push({ id: factory.id, outcome: 'used' });
      context.logger.info(`upscaler ${upscaler.info.id} selected`, { description: upscaler.info.description, device: upscaler.info.device, prefer });
      return { upscaler, attempts };
    } catch (error) {
      if (error instanceof InputError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      attempts.push({ id: factory.id, outcome: 'failed', reason });
      context.logger.warn(`upscaler ${factory.id} failed to start`, { reason });
    }
  }
  const why = attempts.map((a) => `${a.id}: ${a.reason ?? a.outcome}`).join('; ');
  throw new InterupError('UPSCALER_UNAVAILABLE', `No upscaler could run for --prefer ${prefer} (${why}).`, {
    hint: prefer === 'auto' ? undefined : 'Try --prefer auto to fall back to ffmpeg lanczos.',
    exitCode: prefer === 'auto' ? 1 : 2,
  });
}

