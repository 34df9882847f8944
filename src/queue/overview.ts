// The queue at a glance, for the watch page: the newest batches (each video's segments with their states),
// the workers connected to the queue and what each holds now. Read from Redis only; no secret is in it (the
// Redis URL is not part of it at all, only the queue's name).
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError } from '../util/index.js';
import { listBatchIds } from './batch-record.js';
import { batchStatus, type BatchStatus, type UnitHolder } from './status.js';

export interface WorkerStatus {
  /** The worker's --name (host-pid by default). */
  name: string;
  /** Seconds since it connected; absent for a worker seen only as a unit's holder. */
  connectedSeconds?: number;
  /** The units it holds now, with the video each belongs to. */
  holds: (UnitHolder & { job: string; segment?: string })[];
}

export interface QueueOverview {
  queue: string;
  batches: BatchStatus[];
  workers: WorkerStatus[];
  /** When it was read (ISO time). */
  at: string;
  /** Why it could not be read this time (Redis away): the page keeps the last one and says so. */
  error?: string;
}

// "bull:<base64 queue>:w:<name>" → name, from BullMQ's client list.
function workerName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const at = raw.indexOf(':w:');
  return at < 0 ? undefined : raw.slice(at + 3);
}

/** The newest `limit` batches and the workers on the queue. */
export async function queueOverview(queue: Queue, redis: Redis, limit = 10): Promise<QueueOverview> {
  const at = new Date().toISOString();
  try {
    const batches: BatchStatus[] = [];
    for (const id of await listBatchIds(redis, queue.name, limit)) batches.push(await batchStatus(queue, redis, id));
    const workers = new Map<string, WorkerStatus>();
    for (const client of (await queue.getWorkers()) as Record<string, unknown>[]) {
      const name = workerName(client.rawname);
      if (name && !workers.has(name)) workers.set(name, { name, connectedSeconds: Number(client.age) || 0, holds: [] });
    }
    for (const batch of batches) {
      for (const job of batch.jobs) {
        for (const held of job.holders) {
          const part = job.parts?.find((p) => p.holder?.unit === held.unit);
          const worker = workers.get(held.worker) ?? { name: held.worker, holds: [] };
          worker.holds.push({ ...held, job: job.id, ...(part && job.segments ? { segment: `${part.index + 1}/${job.segments.total}` } : {}) });
          workers.set(held.worker, worker);
        }
      }
    }
    return { queue: queue.name, batches, workers: [...workers.values()].sort((a, b) => a.name.localeCompare(b.name)), at };
  } catch (error) {
    return { queue: queue.name, batches: [], workers: [], at, error: describeError(error) };
  }
}
