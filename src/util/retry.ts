// The one retry loop: capped exponential backoff, optional jitter, a delay the failure itself may ask for
// (an HTTP Retry-After), abortable by an AbortSignal. Hand-rolled (~40 lines) rather than p-retry: p-retry
// has no way for a failure to set the next delay, which the vast.ai client needs for Retry-After.
import { sleep } from './sleep.js';

export interface RetryOptions {
  /** Total attempts, including the first. */
  attempts: number;
  /** Delay before the second attempt; doubles each time, never above maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Random spread of each delay: 0.25 waits 0.75–1.25 × the backoff (default 0: exact). */
  jitter?: number;
  /** Aborting stops the waiting; no attempt starts after it. */
  signal?: AbortSignal;
  /** Whether a failure is worth another attempt (default: every failure). */
  isRetryable?: (error: unknown) => boolean;
  /** A delay the failure asks for (e.g. Retry-After), used instead of the backoff and still capped. */
  delayFor?: (error: unknown) => number | undefined;
  /** Called before each wait with the failed attempt's number (1-based) and the delay. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Delay after failed attempt `attempt` (1-based): base × 2^(attempt−1), never above the cap. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 30));
}

/** Runs `fn` until it succeeds, the failure is not retryable, the signal aborts or the attempts are spent; then rethrows the last failure. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted || attempt >= options.attempts || !(options.isRetryable?.(error) ?? true)) throw error;
      const asked = options.delayFor?.(error);
      const spread = options.jitter ?? 0;
      const backoff = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs) * (1 - spread + Math.random() * 2 * spread);
      const delay = Math.round(Math.min(options.maxDelayMs, asked ?? backoff));
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}
