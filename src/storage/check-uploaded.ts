// The checks after an upload, strongest first where the server allows: HEAD size + SHA-256 metadata
// (always), the ETag as MD5 only when its form proves it, and optionally reading the bytes back.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { retry, type Logger } from '../util/index.js';
import type { FileHashes } from './hash-file.js';
import { verifyObject, type VerifyResult } from './verify-object.js';

export interface UploadCheck {
  ok: boolean;
  /** The exact check that passed (or ran), e.g. "head:size+sha256-metadata+etag-md5". */
  check: string;
  /** Retrying the upload may help (a mismatch or a flaky HEAD), as opposed to a refusal. */
  retryable: boolean;
  reason?: string;
  head: VerifyResult;
}

export interface CheckOptions {
  client: S3Client;
  bucket: string;
  key: string;
  hashes: FileHashes;
  /** Fail when a plain-MD5-form ETag differs from the file's MD5 (default true). */
  etagCheck: boolean;
  /** GET the object and hash it (costs a download of the whole object). */
  readBack: boolean;
  logger: Logger;
  signal?: AbortSignal;
  /** First pause between HEAD retries in ms (default 500; doubles, capped at four times it). */
  headDelayMs?: number;
}

// A HEAD that met a transient error, carried through the retry loop so the last one can be returned.
class TransientHead extends Error {
  constructor(readonly result: VerifyResult) {
    super(result.reason ?? 'transient HEAD error');
  }
}

/** HEAD with a few quick retries on transient errors (a HEAD right after an upload may hit a flaky link). */
async function headWithRetry(options: CheckOptions): Promise<VerifyResult> {
  const expected = { bucket: options.bucket, key: options.key, size: options.hashes.size, sha256: options.hashes.sha256 };
  const head = async (): Promise<VerifyResult> => {
    const result = await verifyObject(options.client, expected, options.signal);
    if (result.status === 'transient-error') throw new TransientHead(result);
    return result;
  };
  try {
    const baseDelayMs = options.headDelayMs ?? 500;
    return await retry(head, { attempts: 4, baseDelayMs, maxDelayMs: 4 * baseDelayMs, signal: options.signal, isRetryable: (e) => e instanceof TransientHead });
  } catch (error) {
    options.signal?.throwIfAborted();
    if (error instanceof TransientHead) return error.result;
    throw error;
  }
}

/** Runs the checks and says whether the object under the key is exactly the file. */
export async function checkUploaded(options: CheckOptions): Promise<UploadCheck> {
  const head = await headWithRetry(options);
  let check: string = head.check;
  if (head.status !== 'verified') {
    return { ok: false, check, head, reason: head.reason, retryable: head.status !== 'config-error' };
  }
  const etag = head.etag?.toLowerCase();
  if (head.etagKind === 'md5' && options.etagCheck) {
    if (etag !== options.hashes.md5) {
      // Size and metadata match but the server hashed different bytes: corrupted in transit.
      return { ok: false, check: `${check}+etag-md5`, head, retryable: true, reason: `ETag ${etag} != MD5 of the file ${options.hashes.md5}` };
    }
    check += '+etag-md5';
  } else if (head.etagKind === 'multipart' && etag === options.hashes.multipartEtag) {
    check += '+etag-multipart-md5';
  } else {
    // An opaque or differently computed composite ETag proves nothing either way (B2, SSE-KMS, ...).
    options.logger.debug('ETag not usable as a checksum', { etag, etagKind: head.etagKind });
  }
  if (options.readBack) {
    const got = await options.client.send(new GetObjectCommand({ Bucket: options.bucket, Key: options.key }), { abortSignal: options.signal });
    const hash = createHash('sha256');
    for await (const chunk of got.Body as Readable) hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    if (sha256 !== options.hashes.sha256) {
      return { ok: false, check: `${check}+readback-sha256`, head, retryable: true, reason: `bytes read back have sha256 ${sha256}` };
    }
    check += '+readback-sha256';
  }
  return { ok: true, check, head, retryable: false };
}
