// Faults on a real Redis with real worker processes: a worker stopped twice hands its segment back, Redis
// restarted in the middle of a batch (the worker reconnects and finishes; no verified segment is rendered
// again), and a job with bad input failing alone
// with its message in `queue status` while the other job is verified (an MP4 with H.264 and audio, the
// default split encoder).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBatch } from '../../src/jobs/index.js';
import { probeMedia } from '../../src/media/index.js';
import { openQueue, redisTarget, submitBatch, type BatchStatus } from '../../src/queue/index.js';
import { renderStatus } from '../../src/cli/commands/queue-status.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { download, keysUnder, makeClip, queueCli, records, startWorker, writeBatch } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';

describe('queue: faults', () => {
  let redis: TestRedis;
  let s3: TestS3;
  const tmp = makeTempDir('interup-queue-faults-');
  let clip: string;

  beforeAll(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3(['videos'])]);
    clip = await makeClip(tmp.dir, 4, 'clip.mp4');
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), s3?.stop()]);
    tmp.cleanup();
  });

  // Two steps of one batch, each its own test (each within the test timeout on a busy machine).
  const queue = `test-${randomUUID()}`;
  const common = ['--redis', '', '--queue', queue];
  let batchId = '';
  let handedBackUnit = '';

  it('a worker stopped twice hands its segment back to the queue without using an attempt', async () => {
    common[1] = redis.url;
    const notVideo = join(tmp.dir, 'notes.mp4');
    writeFileSync(notVideo, 'this is not a video\n');
    const env = { ...s3.env };
    const batch = writeBatch(tmp.dir, s3, [
      { id: 'good', input: clip, output: 's3://videos/out/good.mp4', prefer: 'blend', factor: 2, segmentSeconds: 2 },
      { id: 'bad', input: notVideo, output: 's3://videos/out/bad.mp4', prefer: 'blend', factor: 2 },
    ]);
    // Submitted through the library (the CLI's submit is tested in split.test.ts): one process start less.
    const handle = await openQueue(redisTarget(redis.url), queue);
    batchId = (await submitBatch(await loadBatch(batch), { queue: handle.queue, redis: handle.redis })).id;
    await handle.close();

    const workerArgs = [...common, '--allow-dir', tmp.dir, '--s3-endpoint', s3.endpoint, '--s3-path-style', '--lock-seconds', '3'];
    // A worker told twice to stop (SIGTERM, SIGTERM) while it renders a segment hands it back to the queue
    // at once, without using an attempt (and exits 143, as a command stopped by SIGTERM).
    // (The second signal goes once the first was handled: two pending SIGTERMs would merge into one.)
    let signalled = false;
    const quitter = startWorker([...workerArgs, '--name', 'quitter'], env, (line) => {
      if (!signalled && line.includes('"msg":"segment started"')) {
        signalled = true;
        quitter.proc.child.kill('SIGTERM');
      }
      if (line.includes('finishing the current units')) quitter.proc.child.kill('SIGTERM');
      return false;
    });
    expect(await quitter.exited).toBe(143);
    const handedBack = records(quitter, 'unit handed back to the queue');
    expect(handedBack, quitter.lines.join('\n')).toHaveLength(1);
    expect(records(quitter, 'segment verified')).toHaveLength(0);
    handedBackUnit = String(handedBack[0].unit);
    const bull = new Queue(queue, { connection: { host: '127.0.0.1', port: redis.port } });
    const back = await bull.getJob(handedBackUnit);
    expect(['waiting', 'delayed']).toContain(await back?.getState());
    expect(back?.attemptsMade).toBe(0);
    await bull.close();
  });

  it('finishes after Redis restarts mid-batch, renders no verified segment twice, and fails only the bad job', async () => {
    expect(batchId).not.toBe('');
    const env = { ...s3.env };
    const workerArgs = [...common, '--allow-dir', tmp.dir, '--s3-endpoint', s3.endpoint, '--s3-path-style', '--lock-seconds', '3'];
    let restarted: Promise<void> | undefined;
    const worker = startWorker([...workerArgs, '--name', 'finisher'], env, (line) => {
      // Right after the first segment is verified, Redis goes away for a second and comes back.
      if (!restarted && line.includes('"msg":"segment verified"')) restarted = redis.restart(1000);
      return false;
    });
    const waited = await queueCli(['wait', batchId, ...common, '--timeout', '150', '--json'], env, 170_000);
    worker.proc.child.kill('SIGTERM');
    expect(await worker.exited).toBe(143);
    expect(restarted).toBeDefined();
    await restarted;
    expect(waited.code, `${waited.stdout}\n${waited.stderr}\n${worker.lines.join('\n')}`).toBe(1);
    const status = JSON.parse(waited.stdout) as BatchStatus;
    const good = status.jobs.find((j) => j.id === 'good');
    const bad = status.jobs.find((j) => j.id === 'bad');
    expect(good?.state).toBe('completed');
    expect(good?.segments).toEqual({ done: 2, total: 2, failed: 0 });
    expect(bad?.state).toBe('failed');
    expect(bad?.error).toMatch(/notes\.mp4 is not a media file ffmpeg can read/);
    // Redis really went away, and the worker said so and came back.
    expect(worker.lines.some((l) => l.includes('queue connection'))).toBe(true);
    // Each segment was rendered and uploaded once; one found already verified is never redone.
    const verified = records(worker, 'segment verified').map((r) => r.segment);
    expect(verified.sort()).toEqual(['1/2', '2/2']);
    // The handed-back segment was finished by the other worker, its hand-back not counted as an attempt.
    const bull = new Queue(queue, { connection: { host: '127.0.0.1', port: redis.port } });
    const back = await bull.getJob(handedBackUnit);
    expect(await back?.getState()).toBe('completed');
    expect(back?.attemptsMade).toBe(1);
    await bull.close();

    // The text status says the same to a person.
    const text = renderStatus(status);
    expect(text).toMatch(/1\/2 verified, 1 failed/);
    expect(text).toMatch(/bad: failed[\s\S]*error: Input .*notes\.mp4 is not a media file/);

    const out = await download(s3.client, 'videos', 'out/good.mp4', join(tmp.dir, 'good.mp4'));
    const media = await probeMedia(out);
    expect(media.video?.codec).toBe('h264');
    expect(media.video?.frameCount).toBe(192);
    expect(media.audio.length).toBe(1);
    expect(await keysUnder(s3.client, 'videos', 'out/bad.mp4')).toEqual([]);
  });
});
