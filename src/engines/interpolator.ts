// The contract every frame-pair interpolation backend implements (RIFE via ONNX Runtime or ncnn, blend).
// An engine takes frames of any size and returns frames of the same size: it pads to its own multiple
// internally and crops back. Nobody else pads.
import type { Frame } from '../frames/frame.js';

export interface EngineInfo {
  /** Stable id used by --prefer and in reports: 'rife-onnx', 'rife-ncnn', 'blend', 'minterpolate'. */
  readonly id: string;
  /** Human description for logs: model, provider/device, threads, padding. */
  readonly description: string;
  /** e.g. 'cuda', 'tensorrt', 'cpu', 'vulkan:llvmpipe'. */
  readonly device: string;
  readonly model?: string;
}

export interface Interpolator {
  readonly info: EngineInfo;
  /**
   * The frame between `a` and `b` at timestep `t` (0 < t < 1). `a` and `b` have equal size; the result has
   * that size too. May be called concurrently only if `maxConcurrency` > 1.
   */
  interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal): Promise<Frame>;
  /** How many interpolate() calls may be in flight at once (1 for a single model session). */
  readonly maxConcurrency: number;
  /** Frees native resources; idempotent. */
  dispose(): Promise<void>;
}
