// One video split across two real worker processes on a real Redis and a real S3 server, one of them
// killed with kill -9 in the middle of a segment: the other takes the stalled segment over, the join is
// verified, and the result decodes to exactly the frames and timestamps a single box writes (framemd5,
// with a deterministic engine and a lossless encoder).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBatch } from '../../src/jobs/index.js';
import { processVideo } from '../../src/pipeline/index.js';
import { openQueue, redisTarget, submitBatch, waitForBatch } from '../../src/queue/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { download, framemd5, keysUnder, makeClip, records, startWorker, writeBatch } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';

describe('queue: one video split across workers', () => {
  let redis: TestRedis;
  let s3: TestS3;
  const tmp = makeTempDir('interup-queue-split-');
  let clip: string;

  beforeAll(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3(['videos'])]);
    clip = await makeClip(tmp.dir, 2);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), s3?.stop()]);
    tmp.cleanup();
  });

  it('survives a worker killed with kill -9 mid-segment and joins to the single-box output, frame for frame', async () => {
    const options = { mode: 'interp', targetFps: '60', prefer: 'blend', encoder: 'ffv1' } as const;
    const single = join(tmp.dir, 'single.mkv');
    await processVideo({ ...options, input: clip, output: single }, { logger: silentLogger });

    const queue = `test-${randomUUID()}`;
    const env = { ...s3.env };
    const common = ['--redis', redis.url, '--queue', queue];
    const workerArgs = [...common, '--allow-dir', tmp.dir, '--s3-endpoint', s3.endpoint, '--s3-path-style', '--lock-seconds', '3'];
    // The first worker plans the split, then dies (SIGKILL) as soon as it holds a segment: its lock expires
    // and the segment stalls. It is ready before anything is submitted, so it surely gets there first.
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const doomed = startWorker([...workerArgs, '--name', 'doomed'], env, (line) => {
      if (line.includes('"msg":"worker ready"')) ready();
      return line.includes('"msg":"segment started"');
    });
    await Promise.race([isReady, doomed.exited]);
    // Submitted and awaited through the library (the CLI's submit and wait are tested elsewhere): fewer
    // process starts, which are what make this test slow on a busy machine.
    const batch = writeBatch(tmp.dir, s3, [{ id: 'clip', input: clip, output: 's3://videos/out/clip.mkv', ...options, segmentSeconds: 1 }]);
    const handle = await openQueue(redisTarget(redis.url), queue);
    const batchId = (await submitBatch(await loadBatch(batch), { queue: handle.queue, redis: handle.redis })).id;
    expect(batchId).toMatch(/^b[0-9a-z]+$/);
    expect(await doomed.exited).toBe('SIGKILL');
    expect(records(doomed, 'split planned')).toHaveLength(1);
    const held = records(doomed, 'segment started')[0];
    expect(held).toBeDefined();
    const survivor = startWorker([...workerArgs, '--name', 'survivor'], env);

    const waited = await waitForBatch(handle.queue, handle.redis, batchId, { intervalMs: 250, timeoutMs: 150_000 });
    await handle.close();
    expect(waited.kind, survivor.lines.join('\n')).toBe('finished');
    const status = waited.status;
    expect(status.verified, survivor.lines.join('\n')).toBe(1);
    const { done, total } = status.jobs[0].segments ?? { done: 0, total: 0 };
    expect(total).toBe(2);
    expect(done).toBe(total);

    // SIGTERM: the idle survivor shuts down gracefully (143, as every command stopped by SIGTERM).
    survivor.proc.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(143);
    expect(survivor.lines.join('\n')).toMatch(/interrupted by SIGTERM; its units finished/);
    // The survivor rendered every segment, the dead worker's one included, each exactly once.
    const rendered = records(survivor, 'segment verified').map((r) => r.segment);
    expect(rendered.sort()).toEqual(['1/2', '2/2']);
    expect(rendered).toContain(held.segment);

    const joined = await download(s3.client, 'videos', 'out/clip.mkv', join(tmp.dir, 'joined.mkv'));
    const [a, b] = await Promise.all([framemd5(single), framemd5(joined)]);
    expect(a.length).toBe(120);
    expect(b).toEqual(a);
    // The segments are deleted once the whole is verified; the manifest stays beside the result.
    expect(await keysUnder(s3.client, 'videos', 'out/clip.mkv.segments/')).toEqual([]);
    expect(await keysUnder(s3.client, 'videos', 'out/clip.mkv')).toEqual(['out/clip.mkv', 'out/clip.mkv.manifest.json']);
  });
});
