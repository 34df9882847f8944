// Uploads through a fault-injecting proxy to a real s3rver: resets mid-part, 500s, a slow link and a
// corrupted part. Each ends verified, or fails loudly with nothing wrong left under the final key.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, verifyObject } from '../../src/storage/index.js';
import { readResultManifest } from '../../src/storage/result-manifest.js';
import { uploadVerified } from '../../src/storage/upload-verified.js';
import { memoryLogger } from '../../src/util/logger.js';
import type { ProgressEvent } from '../../src/util/progress.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { stringMatching } from '../helpers/matchers.js';

const MiB = 1024 * 1024;
const partPut = (info: { method: string; query: URLSearchParams }): boolean => info.method === 'PUT' && info.query.has('partNumber');

describe('uploadVerified through faults', () => {
  let s3: TestS3;
  let proxy: FaultProxy;
  const tmp = makeTempDir();
  const data = randomBytes(11 * MiB);
  const file = join(tmp.dir, 'clip.mp4');
  const sha256 = createHash('sha256').update(data).digest('hex');
  beforeAll(async () => {
    s3 = await startS3(['videos']);
    proxy = await startFaultProxy(s3.endpoint);
    writeFileSync(file, data);
  });
  afterEach(() => {
    proxy.setRule(() => ({ kind: 'pass' }));
    proxy.log.length = 0;
  });
  afterAll(async () => {
    await proxy.stop();
    await s3.stop();
    tmp.cleanup();
  });

  const viaProxy = (maxAttempts = 3) => createS3Client(s3.settings({ endpoint: proxy.endpoint, maxAttempts }));
  const expectVerified = async (key: string) => {
    const v = await verifyObject(s3.client, { bucket: 'videos', key, size: data.length, sha256 });
    expect(v.status).toBe('verified');
    expect((await readResultManifest(s3.client, 'videos', key))?.sha256).toBe(sha256);
  };
  const expectNothing = async (key: string) => {
    await expect(s3.client.send(new HeadObjectCommand({ Bucket: 'videos', Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(await readResultManifest(s3.client, 'videos', key)).toBeUndefined();
  };

  it('survives a connection reset in the middle of a part', async () => {
    let resets = 0;
    proxy.setRule((info) => (partPut(info) && info.query.get('partNumber') === '2' && resets++ === 0 ? { kind: 'reset', afterBytes: 2 * MiB } : { kind: 'pass' }));
    await uploadVerified({ client: viaProxy(), file, bucket: 'videos', key: 'reset.mp4', partSize: 5 * MiB, baseDelayMs: 10 });
    expect(proxy.log.some((l) => l.includes('partNumber=2') && l.endsWith('reset'))).toBe(true);
    await expectVerified('reset.mp4');
  });

  it('survives 500s on parts and on the HEAD that verifies: the failed check uploads again', async () => {
    // Two part PUTs fail (the SDK retries them); then every HEAD of the check fails: the SDK's 3 tries
    // times the check's 4, so the upload itself fails its check and interup uploads once more.
    const headFailures = 3 * 4;
    let partFails = 0;
    let headFails = 0;
    proxy.setRule((info) => {
      const fail = (partPut(info) && partFails++ < 2) || (info.method === 'HEAD' && headFails++ < headFailures);
      return fail ? { kind: 'status', status: 500 } : { kind: 'pass' };
    });
    const logger = memoryLogger();
    await uploadVerified({ client: viaProxy(3), file, bucket: 'videos', key: 'five-hundred.mp4', partSize: 5 * MiB, baseDelayMs: 10, logger });
    expect(proxy.log.filter((l) => l.startsWith('PUT') && l.endsWith(' status'))).toHaveLength(2);
    expect(proxy.log.filter((l) => l.startsWith('HEAD') && l.endsWith(' status'))).toHaveLength(headFailures);
    const failedCheck = logger.records.find((r) => r.msg === 'uploaded object failed verification');
    expect(String(failedCheck?.fields.reason)).toMatch(/HEAD failed: HTTP 500/);
    expect(logger.records.filter((r) => r.msg === 'uploading').map((r) => r.fields.attempt)).toEqual([1, 2]);
    await expectVerified('five-hundred.mp4');
  });

  it('gets through a slow link and reports a rate and an ETA on the way', async () => {
    proxy.setRule((info) => (partPut(info) ? { kind: 'slow', bytesPerSecond: 6 * MiB } : { kind: 'pass' }));
    const events: ProgressEvent[] = [];
    await uploadVerified({ client: viaProxy(), file, bucket: 'videos', key: 'slow.mp4', partSize: 5 * MiB, concurrency: 1, onProgress: (e) => events.push(e) });
    await expectVerified('slow.mp4');
    // The last event before the end: by then there is more than half a second of data to rate.
    const mid = events.filter((e) => e.done > 0 && e.done < data.length).at(-1);
    expect(mid?.rate).toBeGreaterThan(0);
    expect(mid?.etaSeconds).toBeGreaterThan(0);
  });

  it('catches a part corrupted in transit (same size, right metadata) by the ETag, and re-uploads', async () => {
    let corrupted = 0;
    proxy.setRule((info) => (partPut(info) && info.query.get('partNumber') === '1' && corrupted++ === 0 ? { kind: 'corrupt', offset: 1234 } : { kind: 'pass' }));
    const logger = memoryLogger();
    const { manifest } = await uploadVerified({ client: viaProxy(), file, bucket: 'videos', key: 'corrupt-once.mp4', partSize: 5 * MiB, baseDelayMs: 10, logger });
    expect(logger.records.some((r) => r.msg === 'uploaded object failed verification' && /ETag .* != MD5/.test(String(r.fields.reason)))).toBe(true);
    expect(manifest.check).toBe('head:size+sha256-metadata+etag-md5');
    await expectVerified('corrupt-once.mp4');
  });

  it('fails loudly when every upload is corrupted, leaving no object and no manifest', async () => {
    proxy.setRule((info) => (partPut(info) ? { kind: 'corrupt', offset: 99 } : { kind: 'pass' }));
    await expect(
      uploadVerified({ client: viaProxy(), file, bucket: 'videos', key: 'corrupt-always.mp4', partSize: 5 * MiB, attempts: 2, baseDelayMs: 10 }),
    ).rejects.toMatchObject({ code: 'UPLOAD_FAILED', message: stringMatching(/did not verify .*etag-md5/) });
    await expectNothing('corrupt-always.mp4');
  });

  it('fails loudly when parts keep failing with 500, and the old object under the key is gone', async () => {
    await uploadVerified({ client: s3.client, file, bucket: 'videos', key: 'down.mp4', partSize: 5 * MiB });
    const other = join(tmp.dir, 'other.mp4');
    writeFileSync(other, randomBytes(6 * MiB));
    proxy.setRule((info) => (partPut(info) && info.query.get('partNumber') === '2' ? { kind: 'status', status: 500 } : { kind: 'pass' }));
    const logger = memoryLogger();
    await expect(
      uploadVerified({ client: viaProxy(2), file: other, bucket: 'videos', key: 'down.mp4', partSize: 5 * MiB, attempts: 2, baseDelayMs: 10, logger }),
    ).rejects.toMatchObject({ code: 'UPLOAD_FAILED', message: stringMatching(/HTTP 500/) });
    // s3rver cannot abort a multipart upload: the attempt is logged, not fatal.
    expect(logger.records.some((r) => r.msg.startsWith('could not abort the multipart upload'))).toBe(true);
    await expectNothing('down.mp4');
  });
});
