// Names shared by everything that talks to the queue: the queue, the two kinds of job, job ids and the
// few Redis keys interup keeps beside BullMQ's own (a batch's record, the list of batches).
import { randomBytes } from 'node:crypto';

export const DEFAULT_QUEUE = 'interup';
/** BullMQ's default key prefix; every key interup adds lives under it too. */
export const PREFIX = 'bull';
/** A whole video (the parent of its segments when it is split). */
export const VIDEO_JOB = 'video';
/** One range of a split video's output timeline. */
export const SEGMENT_JOB = 'segment';

/** A new batch id: time-ordered and unique enough for many submitters ("b" + base36 time + random). */
export function newBatchId(now = Date.now()): string {
  return `b${now.toString(36)}${randomBytes(4).toString('hex')}`;
}

/** BullMQ job ids may not contain ":"; ours are "<batch>.<job>" and "<batch>.<job>.s<index>". */
export const videoJobId = (batchId: string, jobId: string): string => `${batchId}.${jobId}`;
export const segmentJobId = (videoJobId: string, index: number): string => `${videoJobId}.s${String(index).padStart(4, '0')}`;

/** Redis key of a batch's record (JSON) and of the sorted set of batches (score: submit time). */
export const batchKey = (queue: string, batchId: string): string => `${PREFIX}:${queue}:interup:batch:${batchId}`;
export const batchesKey = (queue: string): string => `${PREFIX}:${queue}:interup:batches`;

/** Where a segment's rendered file goes: beside the final object, under the job's fingerprint. */
export function segmentKey(outputKey: string, fingerprint: string, index: number, ext: string): string {
  return `${outputKey}.segments/${fingerprint.slice(0, 16)}/${String(index).padStart(4, '0')}${ext}`;
}
