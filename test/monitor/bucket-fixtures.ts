// Objects and manifests for the bucket-mode tests: real uploads to s3rver with sha256 metadata.
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { BatchManifest, JobOutcome, ResultManifest } from '../../src/storage/index.js';

export const BUCKET = 'videos';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Random bytes standing in for an encoded video. */
export const video = (size = 40_000): Buffer => randomBytes(size);

/** A single-part PUT with the sha256 metadata the uploader sets (override it to lie). */
export async function putObject(client: S3Client, key: string, body: Buffer, metaSha = sha256(body)): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, Metadata: { sha256: metaSha } }));
}

/** Starts a multipart upload and sends its parts; call the returned function to complete it. */
export async function startMultipart(client: S3Client, key: string, body: Buffer): Promise<() => Promise<void>> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, Metadata: { sha256: sha256(body) } }));
  const part = await client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: body }));
  return async () => {
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
    );
  };
}

/** The result manifest the uploader writes for `key` holding `body`. */
export function resultFor(key: string, body: Buffer): ResultManifest {
  const now = new Date().toISOString();
  return {
    kind: 'interup.result',
    version: 1,
    bucket: BUCKET,
    key,
    url: `s3://${BUCKET}/${key}`,
    size: body.length,
    sha256: sha256(body),
    check: 'head:size+sha256-metadata',
    uploadStartedAt: now,
    uploadedAt: now,
    verifiedAt: now,
  };
}

/** A batch manifest with one job per entry (verified results and failed jobs). */
export function batchManifest(jobs: Array<{ key: string; body: Buffer; skipped?: boolean } | { failed: string }>): BatchManifest {
  const now = new Date().toISOString();
  const outcomes: JobOutcome[] = jobs.map((job, i) =>
    'failed' in job
      ? { id: `job${i}`, input: `in${i}.mp4`, output: `s3://${BUCKET}/${job.failed}`, status: 'failed', error: 'ffmpeg exited 1' }
      : { id: `job${i}`, input: `in${i}.mp4`, output: `s3://${BUCKET}/${job.key}`, status: job.skipped ? 'skipped' : 'verified', result: resultFor(job.key, job.body) },
  );
  return { kind: 'interup.batch', version: 1, batchFile: 'batch.yaml', startedAt: now, finishedAt: now, ok: outcomes.every((o) => o.status !== 'failed'), jobs: outcomes };
}

/** Writes JSON in one go (tests that need a half-written file write it themselves). */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value));
}
