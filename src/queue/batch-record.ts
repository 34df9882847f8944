// The record a submit leaves beside the queue: which jobs make the batch (status, wait and the
// dashboard read it; BullMQ's own keys hold everything else).
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { batchKey, batchesKey } from './names.js';

export const BatchRecordSchema = z.object({
  kind: z.literal('interup.queue-batch'),
  version: z.literal(1),
  id: z.string(),
  queue: z.string(),
  file: z.string(),
  submittedAt: z.string(),
  jobs: z.array(z.object({ id: z.string(), jobId: z.string(), input: z.string(), output: z.string(), segmentSeconds: z.number().optional() })),
});
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

export async function saveBatchRecord(client: Redis, record: BatchRecord): Promise<void> {
  await client.multi().set(batchKey(record.queue, record.id), JSON.stringify(record)).zadd(batchesKey(record.queue), Date.parse(record.submittedAt), record.id).exec();
}

/** The batch's record, or undefined when no such batch was submitted to this queue. */
export async function loadBatchRecord(client: Redis, queue: string, batchId: string): Promise<BatchRecord | undefined> {
  const text = await client.get(batchKey(queue, batchId));
  if (!text) return undefined;
  const parsed = BatchRecordSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** The newest batch ids first. */
export async function listBatchIds(client: Redis, queue: string, limit = 50): Promise<string[]> {
  return client.zrevrange(batchesKey(queue), 0, limit - 1);
}
