// The calls the rife-ncnn engine has in hand, and how each is answered exactly once.
import type { Frame } from '../../frames/index.js';
import type { PairRequest } from './steps.js';

export interface Pending extends PairRequest<Frame> {
  readonly signal?: AbortSignal;
  /** The caller's buffer for the answer (Interpolator.interpolate's `out`), when it gave one. */
  readonly into?: Buffer;
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

/**
 * One 'abort' listener per caller's signal, however many of its calls are in flight (two batches of calls
 * sharing the pipeline's signal would pass Node's limit of 10 listeners and print a leak warning).
 */
export class SignalWatch {
  readonly #watched = new Map<AbortSignal, { calls: Set<Pending>; listener: () => void }>();

  /** Calls `onAbort` for `call` when its signal aborts (nothing without a signal). */
  add(call: Pending, onAbort: (call: Pending) => void): void {
    const signal = call.signal;
    if (!signal) return;
    let entry = this.#watched.get(signal);
    if (!entry) {
      const calls = new Set<Pending>();
      const listener = (): void => {
        this.#watched.delete(signal);
        for (const c of calls) onAbort(c);
      };
      entry = { calls, listener };
      this.#watched.set(signal, entry);
      signal.addEventListener('abort', listener, { once: true });
    }
    entry.calls.add(call);
  }

  /** Stops watching `call`; the listener goes with the signal's last call. */
  remove(call: Pending): void {
    const signal = call.signal;
    const entry = signal ? this.#watched.get(signal) : undefined;
    if (!signal || !entry) return;
    entry.calls.delete(call);
    if (entry.calls.size === 0) {
      signal.removeEventListener('abort', entry.listener);
      this.#watched.delete(signal);
    }
  }
}
