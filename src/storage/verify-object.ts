// The check that makes a result "done": HEAD the object and compare its size and SHA-256 user metadata.
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { bareEtag, classifyEtag, type EtagKind } from './etag.js';

/** The metadata key (x-amz-meta-sha256) that carries the hex SHA-256 of the object's bytes. */
export const SHA256_METADATA_KEY = 'sha256';

export interface ExpectedObject {
  bucket: string;
  key: string;
  size: number;
  sha256: string;
}

export type VerifyStatus =
  /** Size and SHA-256 metadata match. */
  | 'verified'
  /** 404: not there (yet). */
  | 'absent'
  /** There, but size or checksum differ (truncated, still uploading, wrong object). */
  | 'mismatch'
  /** The server refused the request in a way that retrying will not fix (400 bad header, 403). */
  | 'config-error'
  /** Network or 5xx: try again. */
  | 'transient-error';

export interface VerifyResult {
  status: VerifyStatus;
  /** The exact check that ran, for logs and manifests. */
  check: 'head:size+sha256-metadata';
  bucket: string;
  key: string;
  expectedSize: number;
  expectedSha256: string;
  size?: number;
  sha256?: string;
  etag?: string;
  etagKind?: EtagKind;
  /** Why it is not verified, in words. */
  reason?: string;
}

function httpStatus(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return meta?.httpStatusCode;
}

/** HEADs the object and says whether it is exactly the expected bytes (by size and SHA-256 metadata). */
export async function verifyObject(client: S3Client, expected: ExpectedObject, signal?: AbortSignal): Promise<VerifyResult> {
  const base = {
    check: 'head:size+sha256-metadata' as const,
    bucket: expected.bucket,
    key: expected.key,
    expectedSize: expected.size,
    expectedSha256: expected.sha256,
  };
  let head;
  try {
    head = await client.send(new HeadObjectCommand({ Bucket: expected.bucket, Key: expected.key }), { abortSignal: signal });
  } catch (error) {
    const status = httpStatus(error);
    const name = (error as { name?: string }).name ?? 'Error';
    if (status === 404 || name === 'NotFound' || name === 'NoSuchKey') {
      return { ...base, status: 'absent', reason: 'HEAD returned 404 (no such object)' };
    }
    if (status === 400 || status === 401 || status === 403 || status === 405 || status === 501) {
      return {
        ...base,
        status: 'config-error',
        reason: `HEAD was refused with HTTP ${status} (${name}); check the endpoint, credentials and checksum settings`,
      };
    }
    return { ...base, status: 'transient-error', reason: `HEAD failed: ${status ? `HTTP ${status} ` : ''}${name}` };
  }
  const size = head.ContentLength;
  const sha256 = head.Metadata?.[SHA256_METADATA_KEY];
  const etag = bareEtag(head.ETag);
  const found = { ...base, size, sha256, etag, etagKind: classifyEtag(head.ETag) };
  if (size !== expected.size) {
    return { ...found, status: 'mismatch', reason: `size ${size ?? 'unknown'} != expected ${expected.size}` };
  }
  if (!sha256) return { ...found, status: 'mismatch', reason: `no ${SHA256_METADATA_KEY} metadata on the object` };
  if (sha256.toLowerCase() !== expected.sha256.toLowerCase()) {
    return { ...found, status: 'mismatch', reason: `sha256 metadata ${sha256} != expected ${expected.sha256}` };
  }
  return { ...found, status: 'verified' };
}
