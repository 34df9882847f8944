// The contract every frame-pair interpolation backend implements (RIFE via ONNX Runtime or ncnn, blend).
// An engine takes frames of any size and returns frames of the same size: it pads to its own multiple
// internally and crops back. Nobody else pads.
import type { Frame, PixelFormat } from '../frames/index.js';
import type { Logger, ProgressListener } from '../util/index.js';

export interface EngineInfo {
  /** Stable id used by --prefer and in reports: 'rife-onnx', 'rife-ncnn', 'blend', 'minterpolate'. */
  readonly id: string;
  /** Human description for logs: model, provider/device, threads, padding. */
  readonly description: string;
  /** e.g. 'cuda', 'tensorrt', 'cpu', 'vulkan:llvmpipe'. */
  readonly device: string;
  readonly model?: string;
}

/** A provider an engine gave up on, at start or at a call, why, and what took over (logged and reported). */
export interface FallbackEvent {
  readonly stage: 'start' | 'run';
  readonly from: string;
  readonly to?: string;
  readonly reason: string;
  /** At a run: which call (1-based, over the whole run) failed and was made again. */
  readonly call?: number;
}

export interface Interpolator {
  readonly info: EngineInfo;
  /** Providers this engine gave up on so far (engines that fall back between providers). */
  readonly fallbacks?: readonly FallbackEvent[];
  /**
   * The frame between `a` and `b` at timestep `t` (0 < t < 1). `a` and `b` have equal size; the result has
   * that size too. May be called concurrently only if `maxConcurrency` > 1. `out`, when given, is a buffer
   * of the frame's size that the engine may write the result into (the pipeline reuses buffers); an engine
   * may ignore it. The engine must not keep `a`, `b` or `out` by buffer after the call returns: the caller
   * reuses buffers, so a cache may key on the Frame object, never on its `data`.
   */
  interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal, out?: Buffer): Promise<Frame>;
  /** How many interpolate() calls may be in flight at once (1 for a single model session). */
  readonly maxConcurrency: number;
  /** Frees native resources; idempotent. */
  dispose(): Promise<void>;
}

/** What an engine factory is told when asked whether it can run and to create an engine. */
export interface EngineContext {
  logger: Logger;
  /** ONNX Runtime device request: auto|tensorrt|cuda|webgpu|cpu. */
  device?: string;
  threads?: number;
  modelsDir?: string;
  /** Fetch missing model files from the registry (with progress) when true. */
  allowFetch?: boolean;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** The frames the engine will get: rgb48le for sources deeper than 8 bits (engines that cannot keep 16 bits refuse them). */
  frameFormat?: PixelFormat;
}

/** One backend in the `--prefer auto` chain: says whether it can run here (and why not), and builds engines. */
export interface InterpolatorFactory {
  /** Same as the engine's info.id: 'rife-onnx', 'rife-ncnn', 'blend'. */
  readonly id: string;
  /** The --prefer value that selects it: 'onnx', 'ncnn', 'blend', 'ffmpeg'. */
  readonly prefer: string;
  /** Cheap check; `reason` says why not (logged when auto skips it). */
  available(context: EngineContext): Promise<{ ok: true } | { ok: false; reason: string }>;
  create(context: EngineContext): Promise<Interpolator>;
}
