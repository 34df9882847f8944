// Verified upload: multipart through @aws-sdk/lib-storage with the file's SHA-256 in user metadata, then
// checks (check-uploaded.ts), then the result manifest. A result counts only once verified.
//
// Where the bytes go, and why: straight to the final key. A multipart upload is invisible until
// CompleteMultipartUpload, so a failed or killed upload of parts leaves nothing under the key; and the
// manifest object (`<key>.manifest.json`) is the commit marker: it is deleted before the object is
// replaced and written only after the object verified. On any failure the final key is HEADed and a wrong
// object there (ours or an older one) is deleted. The one window left: a kill -9 between Complete and the
// delete can leave unverified bytes under the key, but without a manifest, so nothing trusts them and a
// rerun replaces them. Staging under a temporary key + CopyObject would close that window but doubles the
// server-side work, needs UploadPartCopy above 5 GB (s3rver lacks it) and leaves temp objects on a kill.
// s3rver cannot abort multipart uploads (405): the abort is tried, and its failure logged, not fatal.
import { AbortMultipartUploadCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { ProgressTracker, retry, silentLogger, type Logger, type ProgressListener } from '../util/index.js';
import { checkUploaded } from './check-uploaded.js';
import { contentTypeOf } from './content-type.js';
import { hashFile, type FileHashes } from './hash-file.js';
import type { ResultManifest } from './manifest.js';
import { deleteResultManifest, manifestKey, writeResultManifest } from './result-manifest.js';
import { awsHttpStatus, isTransientError, storageBackoff } from './retry.js';
import { s3Failure } from './s3-errors.js';
import { formatS3Url } from './s3-url.js';
import { SHA256_METADATA_KEY, verifyObject } from './verify-object.js';

export const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface UploadVerifiedOptions {
  client: S3Client;
  file: string;
  bucket: string;
  key: string;
  /** Bytes per part (≥ 5 MiB; default 16 MiB). */
  partSize?: number;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  /** Whole-upload attempts on transient failures or a failed check (default 3); parts also retry in the SDK. */
  attempts?: number;
  /** First pause between whole-upload attempts in ms (default 1000); the verifying HEAD's retries start at half of it. */
  baseDelayMs?: number;
  /** Default: from the key's container (its extension; the file's when the key has none), see content-type.ts. */
  contentType?: string;
  /** Fail on a plain-MD5 ETag that differs from the file's MD5 (default true). */
  etagCheck?: boolean;
  /** Also GET the object back and hash it (default false). */
  readBack?: boolean;
  /** Folder for the local copy of the manifest (a watchdog watches it); none when undefined. */
  manifestDir?: string;
  jobId?: string;
  jobFingerprint?: string;
  source?: string;
  logger?: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface UploadVerifiedResult {
  manifest: ResultManifest;
  localManifest?: string;
}

class NotVerifiedError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'NotVerifiedError';
  }
}

/** Uploads, verifies and writes the manifest; throws InterupError('UPLOAD_FAILED') leaving no wrong object. */
export async function uploadVerified(options: UploadVerifiedOptions): Promise<UploadVerifiedResult> {
  const logger = (options.logger ?? silentLogger).child({ object: formatS3Url(options) });
  const partSize = Math.max(MIN_PART_SIZE, options.partSize ?? 16 * 1024 * 1024);
  const hashes = await hashFile(options.file, partSize, options.signal);
  const uploadStartedAt = new Date().toISOString();
  const { client, bucket, key, signal } = options;
  // Set once this attempt's object is complete under the key: an interrupt after that must remove it.
  let completed = false;
  try {
    await deleteResultManifest(client, bucket, key, signal);
    const check = await retry(
      async (attempt) => {
        logger.info('uploading', { attempt, size: hashes.size, sha256: hashes.sha256, partSize });
        try {
          await sendOnce(options, hashes, partSize, logger);
        } catch (error) {
          await removeWrongObject(options, hashes, logger);
          throw error;
        }
        completed = true;
        const result = await checkUploaded({
          client, bucket, key, hashes, signal, logger,
          headDelayMs: (options.baseDelayMs ?? 1000) / 2,
          etagCheck: options.etagCheck ?? true,
          readBack: options.readBack ?? false,
        });
        if (result.ok) return result;
        logger.warn('uploaded object failed verification', { check: result.check, reason: result.reason });
        await removeWrongObject(options, hashes, logger);
        throw new NotVerifiedError(`the object did not verify (${result.check}): ${result.reason ?? 'unknown reason'}`, result.retryable);
      },
      {
        attempts: options.attempts ?? 3,
        ...storageBackoff(options.baseDelayMs ?? 1000),
        signal,
        isRetryable: (error) => (error instanceof NotVerifiedError ? error.retryable : isTransientError(error)),
        onRetry: (error, attempt, delayMs) => logger.warn('upload attempt failed; retrying', { attempt, delayMs: Math.round(delayMs), error }),
      },
    );
    const manifest: ResultManifest = {
      kind: 'interup.result',
      version: 1,
      bucket,
      key,
      url: formatS3Url({ bucket, key }),
      size: hashes.size,
      sha256: hashes.sha256,
      etag: check.head.etag,
      check: check.check,
      uploadStartedAt,
      uploadedAt: new Date().toISOString(),
      verifiedAt: new Date().toISOString(),
      source: options.source ?? options.file,
      jobId: options.jobId,
      jobFingerprint: options.jobFingerprint,
    };
    const localManifest = await writeResultManifest(client, manifest, options.manifestDir, signal);
    logger.info('upload verified', { check: check.check, size: hashes.size });
    return { manifest, localManifest };
  } catch (error) {
    // Interrupted (Ctrl-C, a job timeout) after the object was completed: the user stopped the upload, so
    // the object goes too, even when its bytes are right (no manifest vouches for it yet).
    if (signal?.aborted && completed) await deleteObject(options, logger, 'removed the object of an interrupted upload');
    throw s3Failure('UPLOAD_FAILED', 'Upload to', formatS3Url({ bucket, key }), error);
  }
}

/** What an upload that did not finish left under its key: the object, and the manifest that would vouch for it. */
export async function leftUnderKey(client: S3Client, bucket: string, key: string): Promise<{ object: boolean; manifest: boolean }> {
  const present = async (k: string): Promise<boolean> => (await verifyObject(client, { bucket, key: k, size: -1, sha256: '' })).status !== 'absent';
  const [object, manifest] = await Promise.all([present(key), present(manifestKey(key))]);
  return { object, manifest };
}

async function deleteObject(options: UploadVerifiedOptions, logger: Logger, what: string): Promise<void> {
  try {
    await options.client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: options.key }));
    logger.warn(what);
  } catch (error) {
    logger.error('could not remove the object of an interrupted upload; it has no manifest, so it is not trusted', { error });
  }
}

/** One upload of the whole file through lib-storage, with progress and our own multipart abort. */
async function sendOnce(options: UploadVerifiedOptions, hashes: FileHashes, partSize: number, logger: Logger): Promise<void> {
  const tracker = new ProgressTracker({ stage: 'upload', unit: 'B', total: hashes.size, listener: options.onProgress });
  const upload = new Upload({
    client: options.client,
    partSize,
    queueSize: options.concurrency ?? 4,
    // We abort ourselves: lib-storage would replace the real error with the abort's own failure on
    // servers that cannot abort (s3rver answers 405).
    leavePartsOnError: true,
    params: {
      Bucket: options.bucket,
      Key: options.key,
      Body: createReadStream(options.file),
      ContentLength: hashes.size,
      ContentType: options.contentType ?? contentTypeOf(extname(options.key) ? options.key : options.file),
      Metadata: { [SHA256_METADATA_KEY]: hashes.sha256 },
    },
  });
  let seen = 0;
  upload.on('httpUploadProgress', (p) => {
    const loaded = p.loaded ?? 0;
    if (loaded > seen) tracker.add(loaded - seen);
    seen = Math.max(seen, loaded);
  });
  // An abort before CreateMultipartUpload has answered leaves no uploadId to abort here; on servers that
  // list uploads, a rerun's abortStaleUploads removes such a leftover.
  const onAbort = (): void => void upload.abort();
  options.signal?.throwIfAborted();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await upload.done();
  } catch (error) {
    if (upload.uploadId) await abortMultipart(options, upload.uploadId, logger);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Aborts a multipart upload so its parts are not billed; a server without abort support is only logged. */
async function abortMultipart(options: UploadVerifiedOptions, uploadId: string, logger: Logger): Promise<void> {
  try {
    await options.client.send(new AbortMultipartUploadCommand({ Bucket: options.bucket, Key: options.key, UploadId: uploadId }));
    logger.info('multipart upload aborted', { uploadId });
  } catch (error) {
    logger.warn('could not abort the multipart upload; its parts may linger until a lifecycle rule removes them', {
      uploadId,
      status: awsHttpStatus(error),
      error,
    });
  }
}

/** Makes sure the final key does not hold bytes other than the file's: deletes anything that does not verify. */
async function removeWrongObject(options: UploadVerifiedOptions, hashes: FileHashes, logger: Logger): Promise<void> {
  const { client, bucket, key } = options;
  const head = await verifyObject(client, { bucket, key, size: hashes.size, sha256: hashes.sha256 }).catch(() => undefined);
  if (head?.status === 'absent') return;
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    logger.warn('removed the unverified object under the final key', { status: head?.status, reason: head?.reason });
  } catch (error) {
    logger.error('could not remove an unverified object under the final key; it has no manifest, so it is not trusted', { error });
  }
}
