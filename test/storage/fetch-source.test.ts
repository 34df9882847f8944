// Inputs from a local path, a real HTTP server on loopback (with 500s and cut-short bodies) and s3rver.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSource, sourceKind } from '../../src/storage/fetch-source.js';
import { memoryLogger } from '../../src/util/logger.js';
import { startFileServer, type FileServer } from '../helpers/http-files.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';

const body = randomBytes(300_000);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('fetchSource', () => {
  let http: FileServer;
  let s3: TestS3;
  const tmp = makeTempDir();
  beforeAll(async () => {
    http = await startFileServer({
      '/ok.mp4': { body },
      '/flaky.mp4': { body, fail500: 2 },
      '/cut.mp4': { body, truncate: 1 },
      '/always-cut.mp4': { body, truncate: 99 },
      '/forbidden.mp4': { body, status: 403 },
    });
    s3 = await startS3(['inputs']);
  });
  afterAll(async () => {
    await http.stop();
    await s3.stop();
    tmp.cleanup();
  });

  it('names the kind of each source', () => {
    expect([sourceKind('./a.mp4'), sourceKind('https://x/y.mov'), sourceKind('s3://b/k')]).toEqual(['local', 'http', 's3']);
  });

  it('uses a local file in place and rejects a missing one with exit code 2', async () => {
    const path = join(tmp.dir, 'local.bin');
    writeFileSync(path, body);
    const got = await fetchSource(path, { dir: join(tmp.dir, 'dl0') });
    expect(got).toMatchObject({ kind: 'local', path, size: body.length, downloaded: false });
    await expect(fetchSource(join(tmp.dir, 'nope.mp4'), { dir: tmp.dir })).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND', exitCode: 2 });
  });

  it('downloads over http with the exact bytes', async () => {
    const got = await fetchSource(http.url('/ok.mp4'), { dir: join(tmp.dir, 'dl1') });
    expect(got.downloaded).toBe(true);
    expect(sha(readFileSync(got.path))).toBe(sha(body));
  });

  it('retries 500s and a body cut short of its Content-Length, then gets the whole file', async () => {
    const logger = memoryLogger();
    const a = await fetchSource(http.url('/flaky.mp4'), { dir: join(tmp.dir, 'dl2'), baseDelayMs: 10, logger });
    const b = await fetchSource(http.url('/cut.mp4'), { dir: join(tmp.dir, 'dl2'), baseDelayMs: 10, logger });
    expect(sha(readFileSync(a.path))).toBe(sha(body));
    expect(sha(readFileSync(b.path))).toBe(sha(body));
    expect(http.hits.get('/flaky.mp4')).toBe(3);
    expect(http.hits.get('/cut.mp4')).toBe(2);
    expect(logger.records.filter((r) => r.msg.includes('retrying')).length).toBe(3);
  });

  it('fails loudly when every attempt is cut short, leaving no file behind', async () => {
    const dir = join(tmp.dir, 'dl3');
    await expect(fetchSource(http.url('/always-cut.mp4'), { dir, attempts: 3, baseDelayMs: 10 })).rejects.toMatchObject({
      code: 'SOURCE_UNREACHABLE',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not retry a 403 or 404 and says which status came back', async () => {
    await expect(fetchSource(http.url('/forbidden.mp4'), { dir: tmp.dir, baseDelayMs: 10 })).rejects.toThrow(/HTTP 403/);
    await expect(fetchSource(http.url('/missing.mp4'), { dir: tmp.dir, baseDelayMs: 10 })).rejects.toMatchObject({ code: 'SOURCE_HTTP_STATUS', exitCode: 2 });
    expect(http.hits.get('/forbidden.mp4')).toBe(1);
  });

  it('reports an unreachable host after retrying', async () => {
    const closed = await startFileServer();
    const url = closed.url('/x.mp4');
    await closed.stop();
    await expect(fetchSource(url, { dir: tmp.dir, attempts: 2, baseDelayMs: 10 })).rejects.toThrow(/Could not download http:\/\/127\.0\.0\.1:\d+\/x\.mp4: .*ECONNREFUSED/);
  });

  it('downloads s3://bucket/key and checks the sha256 metadata when present', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: 'inputs', Key: 'in/clip.mp4', Body: body, Metadata: { sha256: sha(body) } }));
    const got = await fetchSource('s3://inputs/in/clip.mp4', { dir: join(tmp.dir, 'dl4'), s3Client: () => s3.client });
    expect(sha(readFileSync(got.path))).toBe(sha(body));
    await s3.client.send(new PutObjectCommand({ Bucket: 'inputs', Key: 'in/liar.mp4', Body: body, Metadata: { sha256: '0'.repeat(64) } }));
    const dir = join(tmp.dir, 'dl5');
    await expect(fetchSource('s3://inputs/in/liar.mp4', { dir, s3Client: () => s3.client, attempts: 2, baseDelayMs: 10 })).rejects.toThrow(/metadata says 0000/);
    expect(existsSync(join(dir, 'liar.mp4'))).toBe(false);
    await expect(fetchSource('s3://inputs/in/none.mp4', { dir, s3Client: () => s3.client })).rejects.toMatchObject({ code: 'SOURCE_S3_STATUS' });
  });
});
