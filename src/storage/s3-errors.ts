// One shape for S3 failures a person must act on: which object, which HTTP status, what to check.
import { InterupError } from '../util/index.js';
import { awsHttpStatus } from './retry.js';

/** Wraps an S3 SDK error as InterupError(code) naming the action and the object. */
export function s3Failure(code: string, action: string, url: string, error: unknown): InterupError {
  if (error instanceof InterupError) return error;
  const status = awsHttpStatus(error);
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const refused = status === 401 || status === 403 || status === 400 || status === 404;
  return new InterupError(code, `${action} ${url} failed${status ? ` (HTTP ${status} ${name})` : ''}: ${message}`, {
    hint: refused
      ? 'Check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE), the bucket name and the endpoint.'
      : 'Nothing unverified was left under that key; run again to retry.',
    cause: error,
  });
}
