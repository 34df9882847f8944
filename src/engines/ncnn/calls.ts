// The calls the rife-ncnn engine has in hand, and how each is answered exactly once.
import type { Frame } from '../../frames/index.js';
import type { PairRequest } from './steps.js';

export interface Pending extends PairRequest<Frame> {
  readonly signal?: AbortSignal;
  /** Taken into a batch: a cancel then waits for that batch's files to be gone before it rejects. */
  running: boolean;
  cancelled: boolean;
  settled: boolean;
  resolve(frame: Frame): void;
  reject(error: unknown): void;
}

/** What the engine did, for tests and benchmarks. */
export interface NcnnStats {
  /** Binary runs in folder mode (one per chain) and one per lone pair. */
  folderRuns: number;
  singleRuns: number;
  /** Frames answered from the previous batch's unrequested in-betweens. */
  leftoverHits: number;
  /** Most frame files in the engine's temp folder at once (PPM inputs, PNG outputs, leftovers). */
  peakFiles: number;
}

/** Why a call was cancelled: its signal's reason, or a plain abort error. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new Error('This operation was aborted');
}

/** Settles a call once (a cancelled one may still have a run answering it). */
export function settle(request: Pending, frame: Frame | undefined, error?: unknown): void {
  if (request.settled) return;
  request.settled = true;
  if (frame) request.resolve(frame);
  else request.reject(error);
}
