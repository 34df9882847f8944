// Batch jobs: the batch file schema, loading it, the state store and the resumable runner.
export { BatchFileSchema, JobSpecSchema, JobOptionsSchema, UploadSettingsSchema, type BatchFile, type JobSpec, type JobOptions } from './batch-schema.js';
export { formatIssues, formatPath } from './format-issues.js';
export { loadBatch, type LoadedBatch, type ResolvedJob, type JobOutput } from './load-batch.js';
export { StateStore, type JobState } from './state-store.js';
export { runJob, type JobContext } from './run-job.js';
export { runBatch, batchManifestPath, type RunBatchOptions, type BatchHooks } from './run-batch.js';
