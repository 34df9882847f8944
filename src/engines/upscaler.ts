// The contract every upscaling backend implements (Real-ESRGAN via ONNX Runtime or ncnn, ffmpeg scale).
// An upscaler takes frames of any size and returns frames exactly `scale` times larger in each
// dimension; tiling and padding happen inside it.
import type { Frame } from '../frames/index.js';
import type { EngineContext, EngineInfo, FallbackEvent } from './interpolator.js';

export interface Upscaler {
  readonly info: EngineInfo;
  /** Providers this upscaler gave up on so far (see Interpolator.fallbacks). */
  readonly fallbacks?: readonly FallbackEvent[];
  /** Integer factor: output is (width*scale) x (height*scale). */
  readonly scale: number;
  upscale(frame: Frame, signal?: AbortSignal): Promise<Frame>;
  readonly maxConcurrency: number;
  /** Frees native resources; idempotent. */
  dispose(): Promise<void>;
}

/** One upscaling backend in the `--prefer auto` chain (see InterpolatorFactory). */
export interface UpscalerFactory {
  readonly id: string;
  readonly prefer: string;
  available(context: EngineContext & { scale: number; model?: string; tile?: number }): Promise<{ ok: true } | { ok: false; reason: string }>;
  create(context: EngineContext & { scale: number; model?: string; tile?: number }): Promise<Upscaler>;
}
