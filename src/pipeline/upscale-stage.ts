// The upscale stage of a run (mode upscale|both): checks the upscale options before any work starts,
// picks the upscaler through the --prefer chain, and hands processVideo a per-frame transform that runs
// either after interpolation (every output frame) or before it (every source frame), whichever is
// cheaper for the engines at hand (chooseOrder; docs/upscale.md).
import type { Frame } from '../frames/index.js';
import type { MediaInfo } from '../media/index.js';
import { checkOutputSize, parseScale, parseTile, resolveUpscaleModel, selectUpscaler, type Upscaler, type UpscalerAttempt } from '../engines/index.js';
import { InputError, type Logger, type ProgressListener } from '../util/index.js';
import type { ProcessContext, ProcessOptions } from './types.js';

export type UpscaleOrder = 'interpolate-first' | 'upscale-first';

export interface UpscaleStage {
  upscaler: Upscaler;
  scale: number;
  attempts: UpscalerAttempt[];
  /** Seconds spent upscaling. */
  seconds(): number;
  /** A function property, not a method: the pipeline passes it around on its own. */
  transform: (frame: Frame, signal: AbortSignal) => Promise<Frame>;
  /** Upscales every frame of a stream (for the upscale-first order). */
  upscaleAll(frames: AsyncIterable<Frame>, signal?: AbortSignal): AsyncGenerator<Frame>;
  dispose(): Promise<void>;
}

// Cost of one call on a source-size frame, in units of one RIFE 4.6 call (measured with ONNX Runtime on
// CPU at 640x360 by bench/upscale.ts: an animevideov3 upscale ≈ 6–8 RIFE calls; x4plus from its 27x more
// multiply-adds per pixel). Only the ratios matter; GPUs keep them roughly (both are convolution-bound).
const UPSCALE_COST: Record<string, number> = { 'realesr-animevideov3': 7, 'realesrgan-x4plus': 190 };
const INTERPOLATE_COST: Record<string, number> = { 'rife-onnx': 1, 'rife-ncnn': 1, blend: 0.02 };

/**
 * The cheaper order for --mode both (docs/upscale.md). With k output frames per source frame, U the
 * upscale cost and R the interpolation cost at source size: interpolate→upscale costs k·U + (k−1)·R,
 * upscale→interpolate costs U + (k−1)·R·s². Upscaling first wins exactly when U > R·(s² − 1). Whole-
 * stream filters (minterpolate) interpolate inside the decoder, so they always go first.
 */
export function chooseOrder(upscaler: Upscaler, scale: number, interpolator: { id: string; streamFilter: boolean }): { order: UpscaleOrder; reason: string } {
  if (interpolator.streamFilter) return { order: 'interpolate-first', reason: `${interpolator.id} runs inside the decoder` };
  const model = Object.keys(UPSCALE_COST).find((m) => upscaler.info.model?.startsWith(m));
  const u = model ? UPSCALE_COST[model] : 0.05;
  const r = INTERPOLATE_COST[interpolator.id] ?? 1;
  const order: UpscaleOrder = u > r * (scale * scale - 1) ? 'upscale-first' : 'interpolate-first';
  return { order, reason: `upscale ≈ ${u} vs interpolation ≈ ${r} × (${scale}² − 1) = ${+(r * (scale * scale - 1)).toFixed(2)} (RIFE-call units)` };
}

export interface UpscaleSettings {
  scale: number;
  tile: number;
  model: string | undefined;
}

// Validates --scale/--tile/--upscale-model for the mode (and refuses them for interp), before any work.
export function upscaleSettings(options: Pick<ProcessOptions, 'mode' | 'scale' | 'tile' | 'upscaleModel'>): UpscaleSettings | undefined {
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

/** What starts an upscale stage (startUpscaleStage, or a checkpointed run's shared one). */
export type StartUpscale = typeof startUpscaleStage;

/** A run's context inside the pipeline: a checkpointed run starts one upscaler and shares it across its segments. */
export interface SessionContext extends ProcessContext {
  startUpscale?: StartUpscale;
  /** The input's probe, made once for all the segments of a checkpointed run (a long file's packets take a while). */
  probed?: MediaInfo;
  /** Told a range's probe once the range passed its checks (a checkpoint records its facts from it). */
  onRangeVerified?: (probe: MediaInfo) => void;
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
    transform: async (frame, signal) => {
      const began = performance.now();
      const out = await upscaler.upscale(frame, signal);
      seconds += (performance.now() - began) / 1000;
      return out;
    },
    async *upscaleAll(frames, signal) {
      for await (const frame of frames) {
        const began = performance.now();
        const out = await upscaler.upscale(frame, signal);
        seconds += (performance.now() - began) / 1000;
        yield out;
      }
    },
    dispose: () => upscaler.dispose(),
  };
}
