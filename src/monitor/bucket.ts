// Bucket mode: done when every object the manifest lists HEADs with the expected size and SHA-256
// metadata (and every local output, if the batch kept some, hashes right). The confirm loop then needs
// the same result on N consecutive checks spaced by the interval.
import type { S3Client } from '@aws-sdk/client-s3';
import { verifyObject, type ResultManifest, type VerifyResult } from '../storage/index.js';
import { checkFile } from './file-check.js';
import { describeSource, readManifest, type ManifestSource } from './manifest-source.js';
import type { Detector, ItemCheck, ItemOutcome, Observation } from './types.js';

export interface BucketOptions {
  source: ManifestSource;
  /** Client for HEAD (and GET of an s3:// manifest). */
  client?: S3Client;
  /** Jobs that must be accounted for (verified or failed) before the result can be complete (default 1). */
  expect?: number;
}

/** HEADs in flight at once for a big batch (a check of 100 objects should not take 100 round trips). */
const HEAD_CONCURRENCY = 8;

// Maps with at most `limit` calls in flight; results keep the input order.
async function mapLimit<T, R>(values: readonly T[], limit: number, fn: (value: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(values.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < values.length) {
      const index = next++;
      results[index] = await fn(values[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return results;
}

const OUTCOME: Record<VerifyResult['status'], ItemOutcome> = {
  verified: 'pass',
  absent: 'fail',
  mismatch: 'fail',
  'config-error': 'config-error',
  'transient-error': 'transient-error',
};

// HEAD-checks one object listed in the manifest.
async function checkObject(client: S3Client | undefined, result: ResultManifest, signal?: AbortSignal): Promise<ItemCheck> {
  const target = `s3://${result.bucket}/${result.key}`;
  if (!client) return { target, check: 'head:size+sha256-metadata', outcome: 'config-error', reason: 'no S3 client configured' };
  const v = await verifyObject(client, { bucket: result.bucket, key: result.key, size: result.size, sha256: result.sha256 }, signal);
  let reason = v.reason ?? 'size and sha256 metadata match';
  if (v.status === 'verified' && result.etag && v.etag && result.etag.replace(/"/g, '') !== v.etag) {
    reason += ` (etag ${v.etag} differs from the manifest's ${result.etag}: re-uploaded; the bytes are proven by sha256 metadata)`;
  }
  return { target, check: v.check, outcome: OUTCOME[v.status], size: v.size, expectedSize: v.expectedSize, sha256: v.sha256, expectedSha256: v.expectedSha256, etag: v.etag, etagKind: v.etagKind, reason };
}

// An observation for "the manifest cannot be used yet" (absent, half-written, refused).
function notYet(summary: string, configError = false, item?: ItemCheck): Observation {
  return { items: item ? [item] : [], complete: false, fingerprint: `manifest:${summary}`, configError, failedJobs: [], summary };
}

/** Creates the bucket/manifest detector. */
export function createBucketDetector(options: BucketOptions): Detector {
  const expect = options.expect ?? 1;
  const where = describeSource(options.source);
  return {
    description: `manifest ${where} (expect ${expect})`,
    async check(signal?: AbortSignal): Promise<Observation> {
      const read = await readManifest(options.source, options.client, signal);
      if (read.status !== 'batch' && read.status !== 'result' && read.status !== 'results') {
        const outcome: ItemOutcome = read.status === 'config-error' ? 'config-error' : read.status === 'transient-error' ? 'transient-error' : 'fail';
        return notYet(`${where}: ${read.reason}`, read.status === 'config-error', { target: where, check: 'read:manifest', outcome, reason: read.reason });
      }
      const items: ItemCheck[] = [];
      const failedJobs: string[] = [];
      if (read.status === 'result') items.push(await checkObject(options.client, read.manifest, signal));
      else if (read.status === 'results') {
        items.push(...(await mapLimit(read.manifests, HEAD_CONCURRENCY, (m) => checkObject(options.client, m, signal))));
        for (const path of read.invalid) items.push({ target: path, check: 'read:manifest', outcome: 'fail', reason: 'not a valid result manifest (still being written?)' });
      } else {
        failedJobs.push(...read.manifest.jobs.filter((job) => job.status === 'failed').map((job) => job.id));
        const checked = await mapLimit(read.manifest.jobs, HEAD_CONCURRENCY, async (job): Promise<ItemCheck | undefined> => {
          // A rerun reports already-done jobs as "skipped" with their result/local entry: check those too.
          if (job.status === 'failed') return undefined;
          if (job.result) return checkObject(options.client, job.result, signal);
          if (job.local) {
            const { mtimeMs: _m, ...item } = await checkFile(job.local.path, { size: job.local.size, sha256: job.local.sha256, source: 'manifest' }, signal);
            return item;
          }
          if (job.status === 'skipped') return undefined;
          return { target: job.output, check: 'manifest:entry', outcome: 'fail', reason: `job ${job.id} is ${job.status} without a result entry` };
        });
        items.push(...checked.filter((item): item is ItemCheck => item !== undefined));
      }
      const passed = items.filter((i) => i.outcome === 'pass').length;
      const accounted = passed + failedJobs.length;
      const configError = items.some((i) => i.outcome === 'config-error');
      const complete = passed === items.length && accounted >= expect;
      const fingerprint = [...items.map((i) => `${i.target}:${i.outcome}:${i.size ?? '-'}:${i.sha256 ?? '-'}:${i.etag ?? '-'}`), ...failedJobs.map((j) => `failed:${j}`)].join('|');
      const summary = complete
        ? `${passed} object(s) verified${failedJobs.length ? `, ${failedJobs.length} job(s) failed` : ''}`
        : `${passed} of ${items.length} listed object(s) verified${accounted < expect ? `; ${accounted} of ${expect} expected job(s) accounted for` : ''}`;
      return { items, complete, fingerprint, configError, failedJobs, summary };
    },
  };
}
