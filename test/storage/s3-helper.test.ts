// The S3 test server helper: a real server the real AWS SDK can store and read objects on.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type TestS3 } from '../helpers/s3.js';

describe('startS3', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3(['videos']);
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('serves a bucket on loopback that round-trips an object with metadata', async () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await s3.client.send(new PutObjectCommand({ Bucket: 'videos', Key: 'a/b.txt', Body: 'hello', Metadata: { sha256: 'x' } }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'videos', Key: 'a/b.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
    expect(got.Metadata?.sha256).toBe('x');
  });

  it('creates more buckets on demand', async () => {
    await s3.createBucket('second');
    await s3.client.send(new PutObjectCommand({ Bucket: 'second', Key: 'k', Body: 'v' }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'second', Key: 'k' }));
    expect(await got.Body?.transformToString()).toBe('v');
  });
});
