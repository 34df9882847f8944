// s3://bucket/key parsing and formatting.
import { InputError } from '../util/index.js';

export interface S3Location {
  bucket: string;
  key: string;
}

export function isS3Url(value: string): boolean {
  return value.startsWith('s3://');
}

/** Parses s3://bucket/key; the key must not be empty. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) {
    throw new InputError('BAD_S3_URL', `"${url}" is not an S3 location.`, { hint: 'Write it as s3://bucket/path/to/key.' });
  }
  return { bucket: match[1], key: match[2] };
}

export function formatS3Url(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
