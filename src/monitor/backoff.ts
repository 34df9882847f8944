// Waiting helpers for the watchdog: the backoff settings, and Retry-After parsing (the sleep and the
// backoff formula are util/'s, shared with storage).
import { backoffDelay as delayAfter } from '../util/index.js';

export { sleep } from '../util/index.js';

export interface BackoffOptions {
  /** First delay in milliseconds. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
}

/** Delay before retry number `attempt` (0-based): base × 2^attempt, never above the cap. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  return delayAfter(attempt + 1, options.baseMs, options.capMs);
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds; undefined when absent or bad. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
