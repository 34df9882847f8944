// The upscale stage of a run (mode upscale|both): checks the upscale options before any work starts,
// picks the upscaler through the --prefer chain, and hands processVideo a per-frame transform that runs
// after interpolation (interpolate at the source size, then upscale every output frame: see
// docs/upscale.md for why this order is the cheaper one).
import type { Frame } from '../frames/index.js';
import { checkOutputSize, parseScale, parseTile, resolveUpscaleModel, selectUpscaler, type UpscalerAttempt } from '../engines/upscale/index.js';
import type { Upscaler } from '../engines/upscaler.js';
import { InputError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { ProgressListener } from '../util/progress.js';
import type { ProcessOptions } from './types.js';

export interface UpscaleStage {
  upscaler: Upscaler;
  scale: number;
  attempts: UpscalerAttempt[];
  /** Seconds spent upscaling. */
  seconds(): number;
  transform(frame: Frame, signal: AbortSignal): Promise<Frame>;
  dispose(): Promise<void>;
}

export interface UpscaleSettings {
  scale: number;
  tile: number;
  model: string | undefined;
}

// Validates --scale/--tile/--upscale-model for the mode (and refuses them for interp), before any work.
export function upscaleSettings(options: ProcessOptions): UpscaleSettings | undefined {
  if (options.mode === 'interp') {
    const given = [options.scale !== undefined && '--scale', options.upscaleModel !== undefined && '--upscale-model', options.tile !== undefined && '--tile'].filter(Boolean);
    if (given.length > 0) {
      throw new InputError('UPSCALE_FLAGS_WITHOUT_MODE', `${given.join(', ')} only apply with --mode upscale or --mode both.`, {
        hint: 'Add --mode upscale (or both), or drop those flags.',
      });
    }
    return undefined;
  }
  const scale = parseScale(options.scale ?? 2);
  const tile = parseTile(options.tile ?? 0);
  resolveUpscaleModel(options.upscaleModel, scale);
  return { scale, tile, model: options.upscaleModel };
}

// The upscaler for `--prefer`: onnx and ffmpeg name upscalers too; ncnn/blend have none, so auto is used.
export async function startUpscaleStage(
  settings: UpscaleSettings,
  size: { width: number; height: number },
  options: ProcessOptions,
  context: { logger: Logger; onProgress?: ProgressListener; signal?: AbortSignal },
): Promise<UpscaleStage> {
  checkOutputSize(size.width, size.height, settings.scale);
  const prefer = options.prefer === 'onnx' || options.prefer === 'ffmpeg' ? options.prefer : 'auto';
  if (prefer !== options.prefer) context.logger.info(`no ${options.prefer} upscaler exists; the upscaler is chosen by auto`);
  const { upscaler, attempts } = await selectUpscaler(prefer, {
    logger: context.logger,
    device: options.device,
    threads: options.threads,
    modelsDir: options.modelsDir,
    allowFetch: true,
    onProgress: context.onProgress,
    signal: context.signal,
    scale: settings.scale,
    model: settings.model,
    tile: settings.tile || undefined,
  });
  let seconds = 0;
  return {
    upscaler,
    scale: settings.scale,
    attempts,
    seconds: () => seconds,
    async transform(frame, signal) {
      const began = performance.now();
      const out = await upscaler.upscale(frame, signal);
      seconds += (performance.now() - began) / 1000;
      return out;
    },
    dispose: () => upscaler.dispose(),
  };
}
