// Many boxes, one queue: BullMQ on a shared Redis, videos split into segments across workers.
export { DEFAULT_QUEUE, VIDEO_JOB, SEGMENT_JOB, newBatchId, videoJobId, segmentJobId } from './names.js';
export { redisTarget, isLoopbackHost, type RedisTarget } from './connection.js';
export { openQueue, type QueueHandle } from './connect.js';
export { checkInput, findSecretKeys, refuseSecrets, resolveAllowDirs } from './guard.js';
export { parseQueuedJob, specFingerprint, type QueuedJob, type VideoJobData, type SegmentJobData } from './job-data.js';
// The join and the segment planner live in pipeline/ (a checkpointed run uses them too).
export { joinRendered, planSegments, keyframeIndices, type RenderedJoin, type SegmentRange } from '../pipeline/index.js';
export { submitBatch, type SubmitOptions } from './submit.js';
export { loadBatchRecord, listBatchIds, type BatchRecord } from './batch-record.js';
export { batchStatus, type BatchStatus, type JobStatus, type SegmentStatus, type UnitHolder } from './status.js';
export { waitForBatch, type WaitOutcome } from './wait.js';
export { QueueWorker, type QueueWorkerOptions } from './worker/worker.js';
export { SourceCache } from './worker/source-cache.js';
export type { BoxSettings, UnitWatch } from './worker/context.js';
export { queueRoutes, type QueueRoutes } from './dashboard.js';
export { queueOverview, type QueueOverview, type WorkerStatus } from './overview.js';
