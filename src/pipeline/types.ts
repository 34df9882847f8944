// What one video job asks for and what it reports: the contract between the pipeline, the CLI and the
// batch runner. The pipeline issue owns the implementation (src/pipeline/index.ts exports processVideo).
import type { InterpolatorFactory } from '../engines/interpolator.js';
import type { Device, Mode, Prefer } from '../settings/index.js';
import type { Logger } from '../util/logger.js';
import type { ProgressListener } from '../util/progress.js';

// The allowed values are defined once with their flags (src/settings).
export type { Mode, Prefer };

export interface ProcessOptions {
  /** Local input file (remote inputs are fetched by the caller first). */
  input: string;
  /** Local output file; written to a temporary name beside it and renamed on success. */
  output: string;
  mode: Mode;
  /** '70', '59.94' or '60000/1001'; exclusive with factor. */
  targetFps?: string;
  /** Multiply the source rate (the old wrapper's FACTOR). */
  factor?: number;
  prefer: Prefer;
  /** Any ffmpeg video encoder; default NVENC when usable, else libx264. */
  encoder?: string;
  crf?: number;
  /** Scene-cut detection: on by default. */
  sceneDetect?: boolean;
  sceneThreshold?: number;
  /** Upscaling (mode upscale|both). */
  scale?: number;
  upscaleModel?: string;
  tile?: number;
  /** ONNX Runtime device (settings DEVICES). */
  device?: Device;
  threads?: number;
  modelsDir?: string;
}

export interface ProcessContext {
  logger: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Interpolation backends to choose from (default: every one built in, see engines/registry.ts). */
  interpolators?: InterpolatorFactory[];
}

/** Written to `<output>.report.json`. */
export interface RunReport {
  input: string;
  output: string;
  mode: Mode;
  engines: { interpolate?: string; upscale?: string; device?: string };
  fpsIn: string;
  fpsOut: string;
  framesIn: number;
  framesOut: number;
  framesPlanned: number;
  durationIn: number;
  durationOut: number;
  audio: boolean;
  avOffsetSeconds?: number;
  sceneCuts: number;
  width: number;
  height: number;
  encoder: string;
  wallSeconds: number;
  averageFps: number;
  checks: string[];
  /** Which engines auto tried and why each was skipped. */
  engineAttempts?: { id: string; outcome: string; reason?: string }[];
  /** Seconds spent inside engine calls and the engine-only rate (interpolated frames / engineSeconds). */
  engineSeconds?: number;
  interpolatedFrames?: number;
  vfrIn?: boolean;
  /** Mode upscale|both: the factor, which upscalers auto tried, and seconds spent upscaling. */
  scale?: number;
  upscaleAttempts?: { id: string; outcome: string; reason?: string }[];
  upscaleSeconds?: number;
  /** Mode both: which stage ran first (the cheaper order for the engines used). */
  upscaleOrder?: 'interpolate-first' | 'upscale-first';
}

export type ProcessVideo = (options: ProcessOptions, context: ProcessContext) => Promise<RunReport>;
