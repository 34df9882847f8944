// `queue wait`: polls the batch's status until every job is verified or failed, or the time runs out.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { batchStatus, type BatchStatus } from './status.js';

export type WaitOutcome = { kind: 'finished'; status: BatchStatus } | { kind: 'timeout'; status: BatchStatus };

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  onStatus?: (status: BatchStatus) => void;
  signal?: AbortSignal;
}

export async function waitForBatch(queue: Queue, redis: Redis, batchId: string, options: WaitOptions = {}): Promise<WaitOutcome> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    const status = await batchStatus(queue, redis, batchId);
    options.onStatus?.(status);
    if (status.finished) return { kind: 'finished', status };
    if (Date.now() >= deadline) return { kind: 'timeout', status };
    const pause = Math.min(options.intervalMs ?? 1000, Math.max(0, deadline - Date.now()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, pause);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.signal?.reason as Error);
      }, { once: true });
    });
  }
}
