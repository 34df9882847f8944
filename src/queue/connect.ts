// One place that opens the shared queue: the BullMQ Queue plus a plain ioredis client for interup's own
// keys, both on the checked Redis target; a Redis that cannot be reached is one clear error, not a hang.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { InterupError } from '../util/index.js';
import type { RedisTarget } from './connection.js';

export interface QueueHandle {
  queue: Queue;
  redis: Redis;
  close(): Promise<void>;
}

/** Opens the queue and checks that Redis answers within `timeoutMs`. */
export async function openQueue(target: RedisTarget, name: string, timeoutMs = 10_000): Promise<QueueHandle> {
  const redis = new Redis({ ...target.options, lazyConnect: true });
  redis.on('error', () => undefined);
  const timer = setTimeout(() => redis.disconnect(), timeoutMs);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new InterupError('REDIS_UNREACHABLE', `Cannot reach Redis at ${target.where}: ${(error as Error).message}.`, {
      hint: 'Check the URL given to --redis, that Redis runs there, and that this box may reach it.',
      exitCode: 1,
    });
  } finally {
    clearTimeout(timer);
  }
  const queue = new Queue(name, { connection: target.options });
  queue.on('error', () => undefined);
  return {
    queue,
    redis,
    close: async () => {
      await queue.close().catch(() => undefined);
      redis.disconnect();
    },
  };
}
