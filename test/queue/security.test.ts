// The queue is a door into every box. Checked here: a Redis off this machine needs a password (or the
// logged --insecure-redis), a worker checks every job again and refuses local paths outside --allow-dir,
// file:// URLs and anything carrying credentials, uploading nothing; submit refuses credentials too, and
// what a queue cannot render (a split that cannot be cut, a folder as the output). The
// worker run doubles as the idle-stop test: idle with nothing unverified, it stops its box (dry run).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBatch } from '../../src/jobs/index.js';
import { checkInput, openQueue, parseQueuedJob, redisTarget, resolveAllowDirs, specFingerprint, submitBatch } from '../../src/queue/index.js';
import { describeError, InputError } from '../../src/util/errors.js';
import { memoryLogger } from '../../src/util/logger.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { keysUnder, queueCli, records, startWorker, writeBatch } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';

const upload = { partSizeMiB: 16, concurrency: 4, attempts: 3, readBack: false, etagCheck: true };

function videoJob(spec: { input: string; output: string; id: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'video', version: 1, batchId: 'bforged', spec, fingerprint: specFingerprint(spec), upload, ...extra };
}

describe('queue security: the Redis URL', () => {
  it('refuses a Redis off this machine without a password, and says how to use TLS', () => {
    expect(() => redisTarget('redis://queue.example.com:6379')).toThrow(InputError);
    const refused = (() => {
      try {
        redisTarget('redis://queue.example.com:6379');
      } catch (error) {
        return describeError(error);
      }
      return '';
    })();
    expect(refused).toMatch(/not on this machine and the URL carries no password.* rediss:\/\/:PASSWORD@HOST:6380 .*--insecure-redis/);
    expect(redisTarget('redis://127.0.0.1:6390').loopback).toBe(true);
    expect(redisTarget('redis://[::1]:6390').options.host).toBe('::1');
    const tls = redisTarget('rediss://:s3cret-pass@queue.example.com:6380/2');
    expect(tls.options).toMatchObject({ host: 'queue.example.com', port: 6380, db: 2, password: 's3cret-pass', tls: { servername: 'queue.example.com' } });
    expect(tls.where).not.toContain('s3cret');
    const logger = memoryLogger();
    expect(redisTarget('redis://queue.example.com:6379', { insecure: true, logger }).loopback).toBe(false);
    expect(logger.records.map((r) => r.msg).join('\n')).toMatch(/--insecure-redis: using Redis at queue\.example\.com:6379 without a password/);
    expect(() => redisTarget('http://127.0.0.1:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
  });

  it('the worker exits 2 before connecting to such a Redis', async () => {
    const result = await queueCli(['worker', '--redis', 'redis://queue.example.com:6379'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/interup: error: Redis at queue\.example\.com:6379 is not on this machine and the URL carries no password/);
  });
});

describe('queue security: what a worker accepts', () => {
  const tmp = makeTempDir('interup-queue-guard-');
  afterAll(() => tmp.cleanup());

  it('accepts http(s), s3:// and files inside --allow-dir; refuses other schemes, paths outside and links out', async () => {
    const allowed = join(tmp.dir, 'in');
    await import('node:fs/promises').then((fs) => fs.mkdir(allowed));
    writeFileSync(join(allowed, 'a.mp4'), 'x');
    symlinkSync('/etc/passwd', join(allowed, 'link.mp4'));
    const dirs = await resolveAllowDirs([allowed]);
    expect(await checkInput('https://example.com/a.mp4', dirs)).toBe('https://example.com/a.mp4');
    expect(await checkInput('s3://raw/a.mp4', dirs)).toBe('s3://raw/a.mp4');
    expect(await checkInput(join(allowed, 'a.mp4'), dirs)).toMatch(/a\.mp4$/);
    await expect(checkInput('file:///etc/passwd', dirs)).rejects.toThrow(/must be an http\(s\):\/\/ or s3:\/\/ URL/);
    await expect(checkInput('/etc/passwd', dirs)).rejects.toThrow(/local path outside the folders this worker may read/);
    await expect(checkInput(join(allowed, 'link.mp4'), dirs)).rejects.toThrow(/outside the folders/);
    await expect(checkInput(join(allowed, '..', 'x.mp4'), dirs)).rejects.toThrow(/outside the folders/);
    await expect(checkInput('/etc/passwd', [])).rejects.toThrow(/none: no --allow-dir given/);
    await expect(checkInput('https://user:pw@example.com/a.mp4', dirs)).rejects.toThrow(/carries a user name or password/);
  });

  it('revalidates job data with the batch schema and refuses credentials', () => {
    const spec = { id: 'a', input: 's3://raw/a.mp4', output: 's3://videos/a.mp4' };
    expect(parseQueuedJob(videoJob(spec)).kind).toBe('video');
    expect(() => parseQueuedJob(videoJob(spec, { s3: { region: 'x', forcePathStyle: true, secretAccessKey: 'k' } }))).toThrow(/carries credentials \(s3\.secretAccessKey\)/);
    expect(() => parseQueuedJob(videoJob({ ...spec, targetFps: '70fps' } as typeof spec))).toThrow(/spec\.targetFps: expected a frame rate/);
    expect(() => parseQueuedJob({ ...videoJob(spec), fingerprint: 'f'.repeat(64) })).toThrow(/altered after submission/);
  });
});

describe('queue security: a worker on a real Redis', () => {
  let redis: TestRedis;
  let s3: TestS3;
  const tmp = makeTempDir('interup-queue-security-');
  beforeAll(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3(['videos'])]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), s3?.stop()]);
    tmp.cleanup();
  });

  it('submit refuses a batch that carries S3 credentials', async () => {
    const batch = join(tmp.dir, 'creds.json');
    writeFileSync(batch, JSON.stringify({ s3: { endpoint: s3.endpoint, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI-secret' }, jobs: [{ input: 'https://example.com/a.mp4', output: 's3://videos/a.mp4' }] }));
    const result = await queueCli(['submit', batch, '--redis', redis.url, '--queue', `test-${randomUUID()}`], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/carries credentials \(accessKeyId, secretAccessKey\); credentials never travel through Redis/);
    expect(result.stderr).not.toContain('wJalrXUtnFEMI-secret');
    const local = writeBatch(tmp.dir, s3, [{ input: 'https://example.com/a.mp4', output: 'out/a.mp4' }], 'local.json');
    const refused = await queueCli(['submit', local, '--redis', redis.url, '--queue', `test-${randomUUID()}`], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/jobs\[0\]\.output: a queued job's output must be s3:\/\/bucket\/key/);
  });

  it('submit refuses, by field, what a queue cannot render: an unsplittable split, a folder as the output', async () => {
    const batch = writeBatch(tmp.dir, s3, [
      { id: 'mi', input: 'https://example.com/a.mp4', output: 's3://videos/a.mp4', prefer: 'ffmpeg', segmentSeconds: 10 },
      { id: 'deint', input: 'https://example.com/b.mp4', output: 's3://videos/b.mp4', deinterlace: 'on', segmentSeconds: 10 },
      { id: 'folder', input: 'https://example.com/c.mp4', output: 's3://videos/out/' },
      // Not split (the job's null wins over the default below): deinterlace on is fine.
      { id: 'whole', input: 'https://example.com/d.mp4', output: 's3://videos/d.mp4', deinterlace: 'on', segmentSeconds: null },
    ], 'unsplittable.json');
    const handle = await openQueue(redisTarget(redis.url), `test-${randomUUID()}`);
    try {
      const refused = await submitBatch(await loadBatch(batch), { queue: handle.queue, redis: handle.redis, segmentSeconds: 5 }).then(
        () => 'submitted',
        (error: unknown) => describeError(error),
      );
      expect(refused).toMatch(/cannot be queued/);
      expect(refused).toMatch(/jobs\[0\]\.segmentSeconds: prefer ffmpeg \(minterpolate\) filters the whole stream at once and cannot be split/);
      expect(refused).toMatch(/jobs\[1\]\.segmentSeconds: deinterlace on reads the frames either side of every cut and cannot be split/);
      expect(refused).toMatch(/jobs\[2\]\.output: "s3:\/\/videos\/out\/" names a folder; a queued job's output must name its object/);
      expect(refused).not.toMatch(/jobs\[3\]/);
      // Nothing was enqueued.
      const counts = await handle.queue.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it('fails forged jobs with a clear message, uploads nothing, then stops its idle box (dry run)', async () => {
    const name = `test-${randomUUID()}`;
    const queue = new Queue(name, { connection: { host: '127.0.0.1', port: redis.port } });
    const s3Public = { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true };
    const forged = {
      passwd: videoJob({ id: 'passwd', input: '/etc/passwd', output: 's3://videos/passwd.mp4' }, { s3: s3Public }),
      fileUrl: videoJob({ id: 'file', input: 'file:///etc/passwd', output: 's3://videos/file.mp4' }, { s3: s3Public }),
      secret: videoJob({ id: 'secret', input: 'https://example.com/a.mp4', output: 's3://videos/secret.mp4' }, { s3: { ...s3Public, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI-secret' } }),
      otherServer: videoJob({ id: 'other', input: 'https://example.com/a.mp4', output: 's3://videos/other.mp4' }, { s3: { ...s3Public, endpoint: 'https://s3.attacker.example' } }),
      folder: videoJob({ id: 'folder', input: 'https://example.com/a.mp4', output: 's3://videos/out/' }, { s3: s3Public }),
    };
    for (const [id, data] of Object.entries(forged)) await queue.add('video', data, { jobId: id, attempts: 3 });
    const sentinel = join(tmp.dir, 'sentinel.json');
    const worker = startWorker(
      ['--redis', redis.url, '--queue', name, '--allow-dir', tmp.dir, '--s3-endpoint', s3.endpoint, '--s3-path-style', '--lock-seconds', '3', '--idle-timeout', '4', '--dry-run', '--sentinel', sentinel],
      s3.env,
    );
    expect(await worker.exited).toBe(0);
    const reasons: Record<string, string | undefined> = {};
    for (const id of Object.keys(forged)) {
      const job = await queue.getJob(id);
      expect(await job?.getState()).toBe('failed');
      // Refused once, never retried: the same job fails the same way on every box.
      expect(job?.attemptsMade).toBe(1);
      reasons[id] = job?.failedReason;
    }
    await queue.close();
    expect(reasons.passwd).toMatch(/Input \/etc\/passwd is refused: it is a local path outside the folders this worker may read/);
    expect(reasons.fileUrl).toMatch(/Input "file:\/\/\/etc\/passwd" is refused: a queued job's input must be an http\(s\):\/\/ or s3:\/\/ URL/);
    expect(reasons.secret).toMatch(/carries credentials \(s3\.accessKeyId, s3\.secretAccessKey\)/);
    expect(reasons.otherServer).toMatch(/uploads to S3 endpoint https:\/\/s3\.attacker\.example but this worker uploads to http:\/\/127\.0\.0\.1/);
    expect(reasons.folder).toMatch(/output "s3:\/\/videos\/out\/" names a folder; a queued job's result must name its object/);
    expect(worker.lines.join('\n')).not.toContain('wJalrXUtnFEMI-secret');
    expect(await keysUnder(s3.client, 'videos', '')).toEqual([]);
    // Idle, nothing of its own unverified: the same STOPPING INSTANCE line as `interup monitor`, then the sentinel.
    const stopping = worker.lines.find((l) => l.includes('STOPPING INSTANCE'));
    expect(stopping).toMatch(/STOPPING INSTANCE \S+ reason=queue-idle checks=.*nothing unverified.* dry-run=true/);
    expect(records(worker, 'job refused').length).toBe(5);
    expect(existsSync(sentinel)).toBe(true);
    expect(JSON.parse(readFileSync(sentinel, 'utf8'))).toMatchObject({ dryRun: true, reason: 'queue-idle' });
  });
});
