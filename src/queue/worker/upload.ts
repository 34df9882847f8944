// Verified upload of a finished file (a segment or the final video), skipping work already proven done.
import { findVerifiedResult, type ResultManifest, uploadVerified } from '../../storage/index.js';
import type { Logger } from '../../util/index.js';
import type { QueuedJob } from '../job-data.js';
import type { WorkContext } from './context.js';

/** The verified result already at bucket/key for this fingerprint, if any (a finished unit is never redone). */
export async function verifiedAlready(ctx: WorkContext, bucket: string, key: string, fingerprint: string, signal?: AbortSignal): Promise<ResultManifest | undefined> {
  const found = await findVerifiedResult(ctx.s3Client(), bucket, key, signal);
  return found && found.manifest.jobFingerprint === fingerprint ? found.manifest : undefined;
}

export interface UploadRequest {
  file: string;
  bucket: string;
  key: string;
  jobId: string;
  fingerprint: string;
  contentType: string;
  logger: Logger;
  signal?: AbortSignal;
}

/** Uploads with the job's upload settings and returns the manifest once the object HEAD-verified. */
export async function uploadResult(job: QueuedJob, ctx: WorkContext, request: UploadRequest): Promise<ResultManifest> {
  const { manifest } = await uploadVerified({
    client: ctx.s3Client(),
    file: request.file,
    bucket: request.bucket,
    key: request.key,
    partSize: job.upload.partSizeMiB * 1024 * 1024,
    concurrency: job.upload.concurrency,
    attempts: job.upload.attempts,
    readBack: job.upload.readBack,
    etagCheck: job.upload.etagCheck,
    jobId: request.jobId,
    jobFingerprint: request.fingerprint,
    source: job.spec.input,
    contentType: request.contentType,
    logger: request.logger,
    signal: request.signal,
  });
  return manifest;
}
