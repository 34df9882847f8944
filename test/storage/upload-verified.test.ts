// Verified uploads against a real s3rver with the real AWS SDK: the object HEADs with the file's size and
// SHA-256, the manifest lands next to it and locally, and failures leave nothing wrong under the key.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, ResultManifestSchema, verifyObject } from '../../src/storage/index.js';
import { findVerifiedResult, localManifestPath, manifestKey } from '../../src/storage/result-manifest.js';
import { uploadVerified } from '../../src/storage/upload-verified.js';
import type { ProgressEvent } from '../../src/util/progress.js';
import { memoryLogger } from '../../src/util/logger.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('uploadVerified', () => {
  let s3: TestS3;
  const tmp = makeTempDir();
  const big = randomBytes(11 * MiB);
  const bigFile = join(tmp.dir, 'big.mp4');
  const small = randomBytes(40_000);
  const smallFile = join(tmp.dir, 'small.mp4');
  beforeAll(async () => {
    s3 = await startS3(['videos']);
    writeFileSync(bigFile, big);
    writeFileSync(smallFile, small);
  });
  afterAll(async () => {
    await s3.stop();
    tmp.cleanup();
  });

  it('uploads in parts, HEADs with the right size and sha256, and writes both manifests', async () => {
    const events: ProgressEvent[] = [];
    const manifestDir = join(tmp.dir, 'manifests');
    const { manifest, localManifest } = await uploadVerified({
      client: s3.client, file: bigFile, bucket: 'videos', key: 'out/big.mp4',
      partSize: 5 * MiB, concurrency: 2, manifestDir, jobId: 'j1', onProgress: (e) => events.push(e),
    });
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'videos', Key: 'out/big.mp4' }));
    expect(head.ContentLength).toBe(big.length);
    expect(head.Metadata?.sha256).toBe(sha(big));
    expect(manifest).toMatchObject({ bucket: 'videos', key: 'out/big.mp4', size: big.length, sha256: sha(big), jobId: 'j1' });
    // s3rver answers a plain MD5 ETag for the whole object, so the ETag check joins the HEAD check.
    expect(manifest.check).toBe('head:size+sha256-metadata+etag-md5');
    expect(localManifest).toBe(localManifestPath(manifestDir, 'videos', 'out/big.mp4'));
    expect(ResultManifestSchema.parse(JSON.parse(readFileSync(localManifest as string, 'utf8')))).toEqual(manifest);
    const remote = await s3.client.send(new GetObjectCommand({ Bucket: 'videos', Key: manifestKey('out/big.mp4') }));
    expect(JSON.parse((await remote.Body?.transformToString()) ?? '')).toEqual(manifest);
    expect(events.at(-1)).toMatchObject({ stage: 'upload', done: big.length, total: big.length });
    const found = await findVerifiedResult(s3.client, 'videos', 'out/big.mp4');
    expect(found?.manifest.sha256).toBe(sha(big));
  });

  it('sets the Content-Type from the key\'s container (mov, MP4, mkv, webm), the file\'s when the key has no extension', async () => {
    const cases: [string, string, string][] = [['out/a.mov', smallFile, 'video/quicktime'], ['out/b.MP4', smallFile, 'video/mp4'], ['out/c.mkv', smallFile, 'video/x-matroska'], ['out/d.webm', smallFile, 'video/webm'], ['out/noext', smallFile, 'video/mp4']];
    for (const [key, file, type] of cases) {
      await uploadVerified({ client: s3.client, file, bucket: 'videos', key });
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'videos', Key: key }));
      expect([key, head.ContentType]).toEqual([key, type]);
    }
  });

  it('uploads a small file in one PUT and can read it back as the strongest check', async () => {
    const { manifest } = await uploadVerified({ client: s3.client, file: smallFile, bucket: 'videos', key: 'out/small.mp4', readBack: true });
    expect(manifest.check).toBe('head:size+sha256-metadata+etag-md5+readback-sha256');
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'videos', Key: 'out/small.mp4' }));
    expect(sha(Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))))).toBe(sha(small));
  });

  it('replaces a wrong object that was there before, and its stale manifest stops vouching for it', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: 'videos', Key: 'out/old.mp4', Body: 'stale', Metadata: { sha256: sha(Buffer.from('stale')) } }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'videos', Key: manifestKey('out/old.mp4'), Body: 'not json' }));
    expect(await findVerifiedResult(s3.client, 'videos', 'out/old.mp4')).toBeUndefined();
    await uploadVerified({ client: s3.client, file: smallFile, bucket: 'videos', key: 'out/old.mp4' });
    const v = await verifyObject(s3.client, { bucket: 'videos', key: 'out/old.mp4', size: small.length, sha256: sha(small) });
    expect(v.status).toBe('verified');
  });

  it('fails loudly with a 403 from S3 (unknown access key) and names what to check', async () => {
    const denied = createS3Client(s3.settings({ accessKeyId: 'WRONGKEY', secretAccessKey: 'WRONGSECRET' }));
    const logger = memoryLogger();
    const error: unknown = await uploadVerified({ client: denied, file: smallFile, bucket: 'videos', key: 'out/denied.mp4', logger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPLOAD_FAILED' });
    expect(String((error as Error).message)).toMatch(/s3:\/\/videos\/out\/denied\.mp4 failed \(HTTP 403/);
    expect((error as { hint?: string }).hint).toMatch(/credentials/);
    expect((await verifyObject(s3.client, { bucket: 'videos', key: 'out/denied.mp4', size: 1, sha256: '0'.repeat(64) })).status).toBe('absent');
    // A refusal is not retried.
    expect(logger.records.filter((r) => r.msg.includes('retrying'))).toHaveLength(0);
    denied.destroy();
  });
});

describe('abortStaleUploads', () => {
  it('on a server without ListMultipartUploads (s3rver) aborts nothing, logs why, and does not throw', async () => {
    const s3 = await startS3(['videos']);
    const { abortStaleUploads } = await import('../../src/storage/index.js');
    const logger = memoryLogger();
    try {
      expect(await abortStaleUploads(s3.client, 'videos', 'k.mp4', logger)).toBe(0);
      expect(logger.records.some((r) => r.msg.startsWith('could not list or abort') && r.fields.status === 501)).toBe(true);
    } finally {
      await s3.stop();
    }
  });
});
