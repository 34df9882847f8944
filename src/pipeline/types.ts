// What one video job asks for and what it reports: the contract between the pipeline, the CLI and the
// batch runner. The pipeline issue owns the implementation (src/pipeline/index.ts exports processVideo).
import type { FallbackEvent, InterpolatorFactory } from '../engines/index.js';
import type { Frame, PixelFormat } from '../frames/index.js';
import type { ColorInfo, SizeFit } from '../media/index.js';
import type { Dedup, Deinterlace, Device, Mode, Prefer } from '../settings/index.js';
import type { Logger, ProgressListener } from '../util/index.js';

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
  /** Output pixel format; default: the source's bit depth and chroma where the encoder holds them. */
  pixFmt?: string;
  /** A frame size the encoder refuses is padded (edge repeated; default) or cropped. */
  sizeFit?: 'pad' | 'crop';
  /** Deinterlace before interpolating: auto (when the stream says so; default), off, on. */
  deinterlace?: Deinterlace;
  /** Scene-cut detection: on by default. */
  sceneDetect?: boolean;
  sceneThreshold?: number;
  /** Repeated frames (pipeline/dedup*.ts): off (default), on, or auto (where repeats form a cadence or a hold). */
  dedup?: Dedup;
  /** Seconds a picture may repeat before it is a hold (default 0.5). */
  dedupMaxHold?: number;
  /** Upscaling (mode upscale|both). */
  scale?: number;
  upscaleModel?: string;
  tile?: number;
  /** ONNX Runtime device (settings DEVICES): auto|tensorrt|cuda|webgpu|cpu. */
  device?: Device;
  threads?: number;
  modelsDir?: string;
  /**
   * Render only output frames [from, to) of the plan (one segment of a queued job): video only, no audio
   * or subtitles, checked for its frame count. Joined in order, the ranges make the whole run's output.
   */
  range?: OutputRange;
  /**
   * Checkpoints (pipeline/checkpoint.ts): a run whose output spans at least three of these (seconds of
   * output; default 60) is rendered as that many verified segment files in a work folder beside the output
   * and joined at the end, so a killed run loses at most one. Ignored for a range.
   */
  checkpointSeconds?: number;
  /** Reuse the checkpoints an interrupted run of the same output left (default true); false starts over. */
  resume?: boolean;
}

/** Output frame indices [from, to) of a run's timeline. */
export interface OutputRange {
  from: number;
  to: number;
}

export interface ProcessContext {
  logger: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Interpolation backends to choose from (default: every one built in, see engines/registry.ts). */
  interpolators?: InterpolatorFactory[];
  /**
   * How a checkpoint recognises its input: 'file' (default: size, modification time and a digest of its head
   * and tail) or 'content' (size and digest only, for an input downloaded again by each run).
   */
  inputIdentity?: 'file' | 'content';
  /** Shown a sample of the frames going to the encoder (the watch page's thumbnail). */
  frameTap?: FrameTap;
}

/**
 * A look at the frames the encoder is given, without a decode of its own: `wants` is asked for every frame
 * and must be cheap; `take` gets the frame only when it said yes, and must copy what it keeps before it
 * returns (the buffer goes back to the pool once the encoder has it).
 */
export interface FrameTap {
  wants(): boolean;
  take(frame: Frame): void;
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
  /** Providers the engine gave up on (failed to start, or failed at a call that was then made again on the next). */
  engineFallbacks?: FallbackEvent[];
  upscaleFallbacks?: FallbackEvent[];
  /** Seconds spent inside engine calls and the engine-only rate (interpolated frames / engineSeconds). */
  engineSeconds?: number;
  /** Seconds the run waited for the encoder to take frames (its input full): how long encoding was the bottleneck. */
  encoderBackpressureSeconds?: number;
  interpolatedFrames?: number;
  vfrIn?: boolean;
  /** The source's packet times contradicted the file and were repaired: how, why, and decoded frames dropped. */
  timestamps?: { kind: 'preroll-dropped' | 'pts-wrap' | 'retimed'; reason: string; droppedFrames: number };
  /** A damaged source (invalid data inside it): frames the decoder lost or concealed, filled with the frame before. */
  damagedFrames?: number;
  /** --dedup on|auto: what it found (repeats, cadence, holds) and the engine calls it saved or added; `summary` is the log's line. */
  dedup?: { mode: 'on' | 'auto'; framesSeen: number; repeats: number; pictures: number; retimed: number; holds: number; cadence: string; engineCallsSaved: number; engineCallsAdded: number; summary: string };
  /** Mode upscale|both: the factor, which upscalers auto tried, and seconds spent upscaling. */
  scale?: number;
  upscaleAttempts?: { id: string; outcome: string; reason?: string }[];
  upscaleSeconds?: number;
  /** Mode both: which stage ran first (the cheaper order for the engines used). */
  upscaleOrder?: 'interpolate-first' | 'upscale-first';
  /** What became of the picture: formats and depths, the size fit and why, colour, HDR10 metadata, deinterlacing. */
  picture?: {
    pixFmtIn: string;
    pixFmtOut?: string;
    bitDepthIn: number;
    bitDepthOut: number;
    /** The frames between decode and encode. */
    frames: PixelFormat;
    sizeFit: SizeFit;
    color: ColorInfo;
    hdr: 'written' | 'dropped' | 'none';
    deinterlace: { applied: boolean; filter?: string; fieldRate: boolean; reason: string };
    notes: string[];
  };
  /** The source's other streams: kept, and dropped with the reason. */
  streams?: { kept: string[]; dropped: string[] };
  /** A checkpointed run (pipeline/checkpoint.ts): its segments, and how many an interrupted run had finished. */
  checkpoints?: {
    segments: number;
    /** --checkpoint-seconds as given (undefined: the default). */
    seconds?: number;
    reused: number;
    /** Seconds of output the reused segments hold. */
    keptSeconds: number;
    /** 1-based segment this run started rendering at, when it resumed. */
    resumedAt?: number;
  };
}

export type ProcessVideo = (options: ProcessOptions, context: ProcessContext) => Promise<RunReport>;
