// The one retry loop: capped exponential backoff, a failure's own delay (Retry-After) still capped,
// non-retryable failures and aborts end it at once. Decided from the delays it reports, not from clocks.
import { describe, expect, it } from 'vitest';
import { backoffDelay, retry } from '../../src/util/retry.js';

describe('retry', () => {
  it('doubles the delay from the base up to the cap and rethrows the last failure when attempts run out', async () => {
    const delays: number[] = [];
    let calls = 0;
    const failing = retry(
      (attempt) => {
        calls++;
        return Promise.reject(new Error(`attempt ${attempt}`));
      },
      { attempts: 6, baseDelayMs: 1, maxDelayMs: 8, onRetry: (_e, _a, d) => delays.push(d) },
    );
    await expect(failing).rejects.toThrow('attempt 6');
    expect(calls).toBe(6);
    expect(delays).toEqual([1, 2, 4, 8, 8]);
    expect([1, 2, 3, 40].map((a) => backoffDelay(a, 500, 20_000))).toEqual([500, 1000, 2000, 20_000]);
  });

  it('returns the first success, waits what the failure asks for (capped), and keeps jitter within its spread', async () => {
    const delays: number[] = [];
    const asks = [3, 1000, undefined];
    const result = await retry(
      (attempt) => (attempt <= 3 ? Promise.reject(Object.assign(new Error('busy'), { ask: asks[attempt - 1] })) : Promise.resolve(attempt)),
      { attempts: 5, baseDelayMs: 4, maxDelayMs: 10, jitter: 0.25, delayFor: (e) => (e as { ask?: number }).ask, onRetry: (_e, _a, d) => delays.push(d) },
    );
    expect(result).toBe(4);
    expect(delays.slice(0, 2)).toEqual([3, 10]);
    // Third failure asks nothing: backoff 16 capped to 10, jittered to 0.75–1.25 × before the cap.
    expect(delays[2]).toBeGreaterThanOrEqual(10 * 0.75 - 0.5);
    expect(delays[2]).toBeLessThanOrEqual(10);
  });

  it('stops at once on a failure that is not retryable', async () => {
    let calls = 0;
    const refused = new Error('401');
    await expect(retry(() => { calls++; return Promise.reject(refused); }, { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, isRetryable: (e) => e !== refused })).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('an abort while waiting rejects with the signal reason and starts no further attempt', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    let calls = 0;
    const run = retry(
      () => {
        calls++;
        return Promise.reject(new Error('flaky'));
      },
      { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal, onRetry: () => setImmediate(() => controller.abort(reason)) },
    );
    await expect(run).rejects.toBe(reason);
    expect(calls).toBe(1);
  });
});
