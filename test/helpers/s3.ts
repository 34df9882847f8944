// A real S3-compatible server (s3rver) on 127.0.0.1 with a random port and a temporary directory, for tests.
// s3rver's limits (know them): no AbortMultipartUpload / ListMultipartUploads (405 / 501), no checksum
// verification of any kind (a corrupted part is stored as sent), no UploadPartCopy; CopyObject works. Its
// single fixed credential pair is S3RVER / S3RVER; an unknown access key gets 403 InvalidAccessKeyId.
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client, type S3Settings } from '../../src/storage/index.js';
import { makeTempDir } from './tmp.js';

export const S3RVER_KEY = 'S3RVER';

export interface TestS3 {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** Settings for createS3Client (path-style, the server's credentials), optionally via another endpoint. */
  settings(overrides?: Partial<S3Settings>): S3Settings;
  /** A client talking straight to the server. */
  client: S3Client;
  /** Environment variables that make the AWS credential chain find the server's credentials. */
  env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts s3rver on a random loopback port with the given buckets; call stop() when done. */
export async function startS3(buckets: string[] = ['videos']): Promise<TestS3> {
  const tmp = makeTempDir('interup-s3rver-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: tmp.dir,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const settings = (overrides: Partial<S3Settings> = {}): S3Settings => ({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    maxAttempts: 3,
    ...overrides,
  });
  const client = createS3Client(settings());
  let stopped = false;
  return {
    endpoint,
    port: address.port,
    settings,
    client,
    env: { AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_KEY, AWS_REGION: 'us-east-1' },
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      client.destroy();
      try {
        await server.close();
      } finally {
        tmp.cleanup();
      }
    },
  };
}
