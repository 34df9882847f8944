// Inputs from anywhere: a local path is used in place; an http(s) URL or s3://bucket/key is streamed to a
// local file (with retries, a size check against what the server announced, and for S3 the object's own
// SHA-256 metadata when it has one). A download lands under a ".part" name and is renamed only when whole.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, InterupError, ProgressTracker, retry, sha256File, silentLogger, type Logger, type ProgressListener } from '../util/index.js';
import { isTransientError, storageBackoff, awsHttpStatus } from './retry.js';
import { isS3Url, parseS3Url } from './s3-url.js';
import { SHA256_METADATA_KEY } from './verify-object.js';

export type SourceKind = 'local' | 'http' | 's3';

export interface FetchSourceOptions {
  /** Folder that downloads are written to (created if missing). */
  dir: string;
  /** Client for s3:// inputs (called only when one is needed). */
  s3Client?: () => S3Client;
  logger?: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Attempts per download, including the first (default 4). */
  attempts?: number;
  baseDelayMs?: number;
}

export interface FetchedSource {
  kind: SourceKind;
  /** Local file to read. */
  path: string;
  size: number;
  /** True when the file was downloaded (the caller may delete it after use). */
  downloaded: boolean;
}

/** Says which kind of source a string names. */
export function sourceKind(input: string): SourceKind {
  if (/^https?:\/\//i.test(input)) return 'http';
  if (isS3Url(input)) return 's3';
  return 'local';
}

/** Makes the input available as a local file and returns where it is. */
export async function fetchSource(input: string, options: FetchSourceOptions): Promise<FetchedSource> {
  const kind = sourceKind(input);
  if (kind === 'local') return localSource(input);
  await mkdir(options.dir, { recursive: true });
  const logger = options.logger ?? silentLogger;
  const retryOptions = {
    attempts: options.attempts ?? 4,
    ...storageBackoff(options.baseDelayMs ?? 500),
    signal: options.signal,
    isRetryable: isTransientError,
    onRetry: (error: unknown, attempt: number, delayMs: number) =>
      logger.warn('download failed; retrying', { input, attempt, delayMs: Math.round(delayMs), error: describeCause(error) }),
  };
  const target = join(options.dir, safeName(input));
  const download = kind === 'http' ? () => downloadHttp(input, target, options) : () => downloadS3(input, target, options);
  try {
    const size = await retry(download, retryOptions);
    logger.info('input downloaded', { input, path: target, size });
    return { kind, path: target, size, downloaded: true };
  } catch (error) {
    if (error instanceof InterupError) throw error;
    throw new InterupError('SOURCE_UNREACHABLE', `Could not download ${input}: ${describeCause(error)}.`, {
      hint: 'Check the address and the network; the download was retried with backoff.',
      cause: error,
    });
  }
}

async function localSource(input: string): Promise<FetchedSource> {
  const path = resolve(input.startsWith('file://') ? new URL(input).pathname : input);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new InputError('INPUT_NOT_FOUND', `Input file ${path} does not exist or is not a file.`, {
      hint: 'Give a local path, an http(s) URL or s3://bucket/key.',
    });
  }
  return { kind: 'local', path, size: info.size, downloaded: false };
}

/** A file name for a download, from the last path segment of the URL. */
function safeName(input: string): string {
  const path = isS3Url(input) ? parseS3Url(input).key : new URL(input).pathname;
  const name = basename(path).replace(/[^A-Za-z0-9._-]/g, '_');
  return name && name !== '.' && name !== '..' ? name : 'input';
}

/** The messages of an error and its causes, joined ("fetch failed: connect ECONNREFUSED …"). */
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { message?: unknown; code?: unknown; cause?: unknown };
    const text = [typeof e.code === 'string' ? e.code : '', typeof e.message === 'string' ? e.message : ''].filter(Boolean).join(' ');
    if (text && !parts.includes(text)) parts.push(text);
    current = e.cause;
  }
  return parts.join(': ') || String(error);
}

/** Counts bytes flowing through into a progress tracker. */
function counter(tracker: ProgressTracker): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      tracker.add(chunk.length);
      callback(null, chunk);
    },
  });
}

/** Streams `body` to `<target>.part`, checks the size, renames into place; returns the size. */
async function streamToFile(body: Readable, target: string, expectedSize: number | undefined, options: FetchSourceOptions, stage: string): Promise<number> {
  const part = `${target}.part`;
  const tracker = new ProgressTracker({ stage, unit: 'B', total: expectedSize, listener: options.onProgress });
  try {
    await pipeline(body, counter(tracker), createWriteStream(part), { signal: options.signal });
    const { size } = await stat(part);
    if (expectedSize !== undefined && size !== expectedSize) {
      throw Object.assign(new Error(`received ${size} bytes but the server announced ${expectedSize}`), { name: 'TransientError' });
    }
    await rename(part, target);
    return size;
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

async function downloadHttp(url: string, target: string, options: FetchSourceOptions): Promise<number> {
  const response = await fetch(url, { signal: options.signal, redirect: 'follow' });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    if (transient) throw Object.assign(new Error(`HTTP ${response.status} ${response.statusText}`), { status: response.status });
    throw new InputError('SOURCE_HTTP_STATUS', `Could not download ${url}: HTTP ${response.status} ${response.statusText}.`, {
      hint: 'Check that the URL is right and publicly readable (or signed and not expired).',
    });
  }
  const header = response.headers.get('content-length');
  const encoded = response.headers.get('content-encoding');
  // A compressed transfer's Content-Length counts compressed bytes, so it cannot check the file's size.
  const expected = header !== null && !encoded ? Number(header) : undefined;
  return streamToFile(Readable.fromWeb(response.body), target, expected, options, 'download');
}

async function downloadS3(url: string, target: string, options: FetchSourceOptions): Promise<number> {
  if (!options.s3Client) {
    throw new InputError('NO_S3_SETTINGS', `Input ${url} is on S3 but no S3 settings were given.`, { hint: 'Add an s3 section (endpoint, region).' });
  }
  const { bucket, key } = parseS3Url(url);
  let object;
  try {
    object = await options.s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: options.signal });
  } catch (error) {
    const status = awsHttpStatus(error);
    if (status === 404 || status === 403 || status === 400) {
      throw new InputError('SOURCE_S3_STATUS', `Could not read ${url}: HTTP ${status} (${(error as Error).name}).`, {
        hint: status === 404 ? 'Check the bucket and key.' : 'Check the credentials (AWS_ACCESS_KEY_ID / profile) and the endpoint.',
        cause: error,
      });
    }
    throw error;
  }
  const size = await streamToFile(object.Body as Readable, target, object.ContentLength, options, 'download');
  const announced = object.Metadata?.[SHA256_METADATA_KEY];
  if (announced) {
    const { sha256 } = await sha256File(target, options.signal);
    if (sha256 !== announced.toLowerCase()) {
      await rm(target, { force: true });
      throw Object.assign(new Error(`downloaded bytes have sha256 ${sha256}, the object's metadata says ${announced}`), { name: 'TransientError' });
    }
  }
  return size;
}
