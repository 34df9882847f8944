// Which storage failures are worth another attempt (network resets, 5xx, 429); the retry loop itself is
// util/retry.ts, shared with the watchdog.
import type { RetryOptions } from '../util/index.js';

/** The backoff every storage retry uses: 0.5 s (or as given) doubling to 20 s, ±25 % jitter. */
export function storageBackoff(baseDelayMs: number): Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'jitter'> {
  return { baseDelayMs, maxDelayMs: 20_000, jitter: 0.25 };
}

/** HTTP status carried by an AWS SDK error, if any. */
export function awsHttpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ENOTFOUND']);

/** True for network failures, timeouts, 5xx, 408 and 429: things a later attempt may get past. */
export function isTransientError(error: unknown): boolean {
  const status = awsHttpStatus(error) ?? (error as { status?: number } | null)?.status;
  if (status !== undefined) return status >= 500 || status === 408 || status === 429;
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
    if (e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'TransientError') return true;
    current = e.cause;
  }
  // undici's "terminated" (a body cut off mid-stream); a bare "fetch failed" (bad port, bad URL) is not transient.
  return error instanceof TypeError && /terminated|other side closed/i.test(error.message);
}
