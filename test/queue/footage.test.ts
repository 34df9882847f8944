// Real-world inputs through the queue (test/helpers/odd-footage.ts), one real worker process on a real Redis
// and S3 server: a three-language mkv split in two comes out as the single-box run writes it (the same
// frames, every stream with its language, title and disposition, the chapters and title), and an
// interlaced capture asked to be split is rendered whole on one box (deinterlacing cannot be cut), equal
// to the single-box run.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBatch } from '../../src/jobs/index.js';
import { probeMedia, type MediaInfo } from '../../src/media/index.js';
import { processVideo, type ProcessOptions } from '../../src/pipeline/index.js';
import { openQueue, redisTarget, submitBatch, waitForBatch } from '../../src/queue/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { FIXTURES } from '../helpers/footage.js';
import { interlacedClip, multiLanguageMkv } from '../helpers/odd-footage.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { download, framemd5, keysUnder, records, startWorker, writeBatch } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';

const streams = (m: MediaInfo) => m.streams.map((s) => [s.type, s.codec, s.tags.language, s.tags.title, s.disposition.filter((d) => d === 'default' || d === 'forced').join('+')]);

describe('queue: real-world inputs', () => {
  let redis: TestRedis;
  let s3: TestS3;
  const tmp = makeTempDir('interup-queue-footage-');
  let ml: string;
  let tv: string;

  beforeAll(async () => {
    [redis, s3, ml, tv] = await Promise.all([startRedis(), startS3(['videos']), multiLanguageMkv(), interlacedClip()]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), s3?.stop()]);
    tmp.cleanup();
  });

  it('a three-language mkv split in two keeps its streams and chapters; an interlaced capture is rendered whole', async () => {
    const mlOptions = { mode: 'interp', targetFps: '50', prefer: 'blend', encoder: 'ffv1' } as const;
    const tvOptions = { mode: 'interp', factor: 2, prefer: 'blend', encoder: 'ffv1' } as const;
    const single = async (input: string, options: Omit<ProcessOptions, 'input' | 'output'>, name: string): Promise<string> => {
      const output = join(tmp.dir, name);
      await processVideo({ ...options, input, output }, { logger: silentLogger });
      return output;
    };
    const [mlSingle, tvSingle] = await Promise.all([single(ml, mlOptions, 'ml-single.mkv'), single(tv, tvOptions, 'tv-single.mkv')]);

    const queue = `test-${randomUUID()}`;
    const batch = writeBatch(tmp.dir, s3, [
      { id: 'ml', input: ml, output: 's3://videos/out/ml.mkv', ...mlOptions, segmentSeconds: 1 },
      { id: 'tv', input: tv, output: 's3://videos/out/tv.mkv', ...tvOptions, segmentSeconds: 1 },
    ]);
    const handle = await openQueue(redisTarget(redis.url), queue);
    const batchId = (await submitBatch(await loadBatch(batch), { queue: handle.queue, redis: handle.redis })).id;
    const worker = startWorker(['--redis', redis.url, '--queue', queue, '--allow-dir', FIXTURES, '--s3-endpoint', s3.endpoint, '--s3-path-style'], { ...s3.env });
    const waited = await waitForBatch(handle.queue, handle.redis, batchId, { intervalMs: 250, timeoutMs: 240_000 });
    await handle.close();
    worker.proc.child.kill('SIGTERM');
    expect(await worker.exited).toBe(143);
    expect(waited.kind, worker.lines.join('\n')).toBe('finished');
    const jobs = Object.fromEntries(waited.status.jobs.map((j) => [j.id, j]));
    expect(waited.status.verified, worker.lines.join('\n')).toBe(2);
    expect(jobs.ml.segments).toEqual({ done: 2, total: 2, failed: 0 });

    // The mkv: the single box's frames, streams with their languages, titles and dispositions, chapters, title.
    const mlJoined = await download(s3.client, 'videos', 'out/ml.mkv', join(tmp.dir, 'ml-joined.mkv'));
    const [a, b] = await Promise.all([probeMedia(mlSingle), probeMedia(mlJoined)]);
    expect(streams(b)).toEqual(streams(a));
    expect(b.audio).toHaveLength(3);
    expect(b.subtitles).toHaveLength(2);
    expect(b.chapters).toEqual(a.chapters);
    expect(b.chapters).toHaveLength(3);
    expect(b.tags.title).toBe('Three languages');
    const [fa, fb] = await Promise.all([framemd5(mlSingle), framemd5(mlJoined)]);
    expect(fa.length).toBe(100);
    expect(fb).toEqual(fa);
    expect(await keysUnder(s3.client, 'videos', 'out/ml.mkv.segments/')).toEqual([]);

    // The interlaced capture: not split (said in the log), deinterlaced whole, as the single box does it.
    const notSplit = records(worker, 'not split: the video is deinterlaced, which cannot be cut into segments; rendering it whole on this box');
    expect(notSplit).toHaveLength(1);
    expect(records(worker, 'split planned')).toHaveLength(1);
    const tvJoined = await download(s3.client, 'videos', 'out/tv.mkv', join(tmp.dir, 'tv-queued.mkv'));
    const [ta, tb] = await Promise.all([framemd5(tvSingle), framemd5(tvJoined)]);
    expect(ta.length).toBe(2 * (await probeMedia(tv)).video!.frameCount);
    expect(tb).toEqual(ta);
  });
});
