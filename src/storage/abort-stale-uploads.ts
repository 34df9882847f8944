// After a kill -9 during a multipart upload its parts stay on the server (and are billed) until aborted.
// A rerun lists the unfinished multipart uploads for the key and aborts them. Best effort: servers without
// ListMultipartUploads (s3rver answers 501) are only logged.
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../util/index.js';
import { awsHttpStatus } from './retry.js';

/** Aborts unfinished multipart uploads whose key is exactly `key`; returns how many were aborted. */
export async function abortStaleUploads(client: S3Client, bucket: string, key: string, logger: Logger, signal?: AbortSignal): Promise<number> {
  let aborted = 0;
  try {
    const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }), { abortSignal: signal });
    for (const upload of listed.Uploads ?? []) {
      if (upload.Key !== key || !upload.UploadId) continue;
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: upload.UploadId }), { abortSignal: signal });
      aborted += 1;
    }
    if (aborted > 0) logger.info('aborted unfinished multipart uploads left by an earlier run', { aborted });
  } catch (error) {
    logger.debug('could not list or abort unfinished multipart uploads (server may not support it)', { status: awsHttpStatus(error), error });
  }
  return aborted;
}
