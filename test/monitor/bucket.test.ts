// Scenarios 2-5 (and 6 end to end): bucket mode against real s3rver behind a fault-injecting proxy, with
// a fake vast.ai API that records whether and when the box was stopped.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBucketDetector } from '../../src/monitor/index.js';
import { createS3Client } from '../../src/storage/index.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { NOT_FOUND, PASS, UNSUPPORTED_CHECKSUM_HEADER, startS3FaultProxy, type S3FaultProxy } from '../helpers/s3-fault-proxy-monitor.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { BUCKET, batchManifest, putObject, resultFor, startMultipart, video, writeJson } from './bucket-fixtures.js';
import { CONFIRM, expectStopsAfterConfirm, expectWaits, startWatch } from './harness.js';

let s3: TestS3;
let proxy: S3FaultProxy;
let vast: FakeVast;
let tmp: ReturnType<typeof makeTempDir>;
let manifestPath: string;
beforeEach(async () => {
  s3 = await startS3([BUCKET]);
  proxy = await startS3FaultProxy(s3.endpoint);
  vast = await startFakeVast();
  tmp = makeTempDir('interup-monitor-bucket-');
  manifestPath = join(tmp.dir, 'batch-manifest.json');
});
afterEach(async () => {
  await vast.close();
  await proxy.stop();
  await s3.stop();
  tmp.cleanup();
});

/** The watchdog's client goes through the proxy, one attempt per HEAD (the loop is the retry). */
const watchClient = (): S3Client => createS3Client(s3.settings({ endpoint: proxy.endpoint, maxAttempts: 1 }));
const detector = (expect = 1) => createBucketDetector({ source: { kind: 'file', path: manifestPath }, client: watchClient(), expect });

describe('bucket mode', () => {
  it('HEAD lag: 404 for the first checks is "not yet"; stops once HEAD sees the object', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    proxy.setRule((r) => (r.method === 'HEAD' ? NOT_FOUND : PASS));
    const watch = await startWatch(detector(), vast);
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => /FAIL s3:\/\/videos\/out\/a\.mp4/.test(r.msg) && /404/.test(String(r.fields.why)))).toBe(true);
    proxy.setRule(() => PASS);
    await expectStopsAfterConfirm(watch, vast);
  });

  it('flapping (present → missing → present) restarts the confirm window', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    const watch = await startWatch(detector(), vast);
    await watch.ticks(CONFIRM - 2); // CONFIRM - 1 passing checks so far
    expect(watch.verdicts().map((v) => v.streak)).toEqual([1, 2]);
    proxy.setRule((r) => (r.method === 'HEAD' ? NOT_FOUND : PASS));
    await expectWaits(watch, vast, 1);
    proxy.setRule(() => PASS);
    const result = await expectStopsAfterConfirm(watch, vast);
    // Every check of the final window came after the miss.
    expect(result.state.window.map((w) => w.check)).toEqual([4, 5, 6]);
  });

  it('a truncated object does not count; the complete upload does', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body.subarray(0, 30_000), resultFor('out/a.mp4', body).sha256);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    const watch = await startWatch(detector(), vast);
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => /size 30000 != expected 40000/.test(String(r.fields.why)))).toBe(true);
    await putObject(s3.client, 'out/a.mp4', body);
    await expectStopsAfterConfirm(watch, vast);
  });

  it('wrong sha256 metadata does not count; the right object does', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body, 'f'.repeat(64));
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    const watch = await startWatch(detector(), vast);
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => /sha256 metadata f{64} != expected/.test(String(r.fields.why)))).toBe(true);
    await putObject(s3.client, 'out/a.mp4', body);
    await expectStopsAfterConfirm(watch, vast);
  });

  it('an upload still in progress (multipart not completed) does not count until it completes', async () => {
    const body = video();
    const complete = await startMultipart(s3.client, 'out/a.mp4', body);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    const watch = await startWatch(detector(), vast);
    await expectWaits(watch, vast);
    await complete();
    await expectStopsAfterConfirm(watch, vast);
  });

  it('accepts every ETag form (md5, -N composite, opaque): the bytes are proven by sha256 metadata, the kind is logged', async () => {
    const [a, b, c] = [video(), video(), video()];
    await putObject(s3.client, 'out/md5.mp4', a);
    await (await startMultipart(s3.client, 'out/multi.mp4', b))();
    await putObject(s3.client, 'out/opaque.mp4', c);
    // s3rver answers HEAD of a completed multipart object with the plain MD5 ETag; AWS and B2 give the
    // composite md5(part md5s)-N, so the proxy puts the real composite on it.
    const composite = `"${createHash('md5').update(createHash('md5').update(b).digest()).digest('hex')}-1"`;
    proxy.setRule((r) =>
      r.path.endsWith('opaque.mp4') ? { kind: 'etag', etag: '"b2-opaque-4_z2f9c1"' } : r.path.endsWith('multi.mp4') ? { kind: 'etag', etag: composite } : PASS,
    );
    writeJson(manifestPath, batchManifest([{ key: 'out/md5.mp4', body: a }, { key: 'out/multi.mp4', body: b }, { key: 'out/opaque.mp4', body: c }]));
    const watch = await startWatch(detector(3), vast);
    const result = await expectStopsAfterConfirm(watch, vast, { completedAfter: 0 });
    const items = result.state.window.at(-1)?.items ?? [];
    expect(items.map((i) => i.etagKind)).toEqual(['md5', 'multipart', 'opaque']);
    expect(items[1]?.etag).toMatch(/-1$/);
    expect(watch.log.records.some((r) => r.fields.etagKind === 'opaque' && r.fields.etag === 'b2-opaque-4_z2f9c1')).toBe(true);
  });

  it('400 "Unsupported header x-amz-checksum-mode" is a configuration error: logged loudly, never a stop', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body);
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'manifests/batch.json', Body: JSON.stringify(batchManifest([{ key: 'out/a.mp4', body }])) }));
    // Like Backblaze B2: any request carrying x-amz-checksum-mode is refused.
    proxy.setRule((r) => (r.headers['x-amz-checksum-mode'] ? UNSUPPORTED_CHECKSUM_HEADER : PASS));
    // A client with the AWS SDK v3 defaults sends that header on GET (the seed's bug).
    const sdkDefaults = new S3Client({ endpoint: proxy.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, maxAttempts: 1 });
    const source = { kind: 's3' as const, bucket: BUCKET, key: 'manifests/batch.json' };
    const bad = await startWatch(createBucketDetector({ source, client: sdkDefaults }), vast);
    const seen = await expectWaits(bad, vast);
    await bad.stop();
    expect(await bad.result).toBeInstanceOf(Error);
    for (const v of seen) expect(v.verdict).toBe('CONFIG-ERROR');
    const loud = bad.log.records.filter((r) => r.level === 'error' && /CONFIGURATION ERROR/.test(r.msg));
    expect(loud).toHaveLength(CONFIRM + 3);
    expect(String(loud[0]?.fields.why)).toMatch(/HTTP 400/);
    // interup's own client (B2-safe checksum settings) reads the same bucket through the same proxy.
    const good = await startWatch(createBucketDetector({ source, client: watchClient() }), vast);
    await expectStopsAfterConfirm(good, vast, { completedAfter: 0 });
  });

  it('403 on HEAD is a configuration error, not "absent" and not "verified"', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    proxy.setRule((r) => (r.method === 'HEAD' ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } : PASS));
    const watch = await startWatch(detector(), vast);
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => r.level === 'error' && /CONFIGURATION ERROR/.test(r.msg))).toBe(true);
    expect(watch.log.records.some((r) => / CONFIG-ERROR: /.test(r.msg))).toBe(true);
    proxy.setRule(() => PASS);
    await expectStopsAfterConfirm(watch, vast);
  });

  it('a folder of result manifests (as the uploader writes them locally): every listed object must verify', async () => {
    const [a, b] = [video(), video()];
    await putObject(s3.client, 'out/a.mp4', a);
    await putObject(s3.client, 'out/b.mp4', b);
    const dir = join(tmp.dir, 'manifests');
    mkdirSync(dir);
    writeJson(join(dir, 'videos__out_a.mp4.manifest.json'), resultFor('out/a.mp4', a));
    const watch = await startWatch(createBucketDetector({ source: { kind: 'file', path: dir }, client: watchClient(), expect: 2 }), vast);
    await expectWaits(watch, vast);
    writeFileSync(join(dir, 'videos__out_b.mp4.manifest.json'), JSON.stringify(resultFor('out/b.mp4', b)).slice(0, 40)); // half-written
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => /FAIL .*videos__out_b\.mp4\.manifest\.json/.test(r.msg))).toBe(true);
    writeJson(join(dir, 'videos__out_b.mp4.manifest.json'), resultFor('out/b.mp4', b));
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items.map((i) => i.target)).toEqual(['s3://videos/out/a.mp4', 's3://videos/out/b.mp4']);
  });

  it('a rerun batch manifest: jobs skipped as already done are HEAD-checked like verified ones', async () => {
    const [a, b] = [video(), video()];
    await putObject(s3.client, 'out/a.mp4', a);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body: a, skipped: true }, { key: 'out/b.mp4', body: b }]));
    const watch = await startWatch(detector(2), vast);
    await expectWaits(watch, vast); // b is listed but not in the bucket
    await putObject(s3.client, 'out/b.mp4', b);
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items.map((i) => `${i.target}:${i.outcome}`)).toEqual(['s3://videos/out/a.mp4:pass', 's3://videos/out/b.mp4:pass']);
  });

  it('still stops on the confirming check when the provider answers the stop with 429 (no Retry-After), 503 and 500 first', async () => {
    const body = video();
    await putObject(s3.client, 'out/a.mp4', body);
    writeJson(manifestPath, batchManifest([{ key: 'out/a.mp4', body }]));
    const watch = await startWatch(detector(), vast);
    // Past the start-up GET: the faults hit the stop itself.
    vast.faults.push({ kind: 'status', status: 429 }, { kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    await expectStopsAfterConfirm(watch, vast, { completedAfter: 0 });
    expect(vast.requests.filter((r) => r.method === 'PUT')).toHaveLength(4);
    expect(watch.log.records.filter((r) => /^vast\.ai PUT .*retrying in/.test(r.msg)).map((r) => /HTTP (\d+)/.exec(r.msg)?.[1])).toEqual(['429', '503', '500']);
  });
});
