// The batch runner end to end with real parts: s3rver, an HTTP server on loopback, ffmpeg and the real
// pipeline). Outcomes a user checks: objects that HEAD-verify and play with the right frame count,
// manifests, a failed job not stopping the others, reruns skipping verified work even on a fresh box.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchManifestPath, loadBatch, runBatch } from '../../src/jobs/index.js';
import { runProcess } from '../../src/process/index.js';
import { BatchManifestSchema, createS3Client, localManifestPath, verifyObject } from '../../src/storage/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { startFileServer, type FileServer } from '../helpers/http-files.js';
import { copyProcessor, countingProcessor, stuckProcessor } from '../helpers/processors.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

async function frames(path: string): Promise<number> {
  const { stdout } = await runProcess('ffprobe', ['-v', 'error', '-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

describe('runBatch', () => {
  let s3: TestS3;
  let http: FileServer;
  let clip: string;
  let deadUrl: string;
  const tmp = makeTempDir();
  const batchFile = join(tmp.dir, 'batch.yaml');

  beforeAll(async () => {
    s3 = await startS3(['videos']);
    clip = await tinyClip();
    http = await startFileServer({ '/b.mp4': { body: readFileSync(clip), fail500: 1 } });
    const dead = await startFileServer();
    deadUrl = dead.url('/gone.mp4');
    await dead.stop();
  });
  afterAll(async () => {
    await http.stop();
    await s3.stop();
    tmp.cleanup();
  });

  const write = (targetFps = 60): void =>
    writeFileSync(
      batchFile,
      `s3: { endpoint: "${s3.endpoint}", region: us-east-1, forcePathStyle: true, accessKeyId: S3RVER, secretAccessKey: S3RVER }
defaults: { mode: interp, targetFps: ${targetFps}, prefer: auto }
upload: { partSizeMiB: 5 }
jobs:
  - { id: a, input: "${clip}", output: s3://videos/out/a.mp4 }
  - { id: b, input: "${http.url('/b.mp4')}", output: s3://videos/out/b.mp4, targetFps: 70, crf: 30 }
  - { id: gone, input: "${deadUrl}", output: s3://videos/out/c.mp4 }
  - { id: nobucket, input: "${clip}", output: s3://missing-bucket/d.mp4 }
  - { id: local, input: "${clip}", output: out/e.mp4 }
`,
    );

  it('runs every job, fails the bad ones clearly, and the rest end verified or written', async () => {
    write();
    const batch = await loadBatch(batchFile);
    const proc = countingProcessor();
    const { manifest, path } = await runBatch(batch, { processVideo: proc.processVideo, logger: memoryLogger() });
    expect(manifest.jobs.map((j) => [j.id, j.status])).toEqual([
      ['a', 'verified'], ['b', 'verified'], ['gone', 'failed'], ['nobucket', 'failed'], ['local', 'done-local'],
    ]);
    expect(manifest.ok).toBe(false);
    expect(manifest.jobs[2]?.error).toMatch(/Could not download .*gone\.mp4: .*ECONNREFUSED/);
    expect(manifest.jobs[3]?.error).toMatch(/Upload to s3:\/\/missing-bucket\/d\.mp4 failed \(HTTP 404 NoSuchBucket\)/);
    expect(path).toBe(batchManifestPath(batch));
    expect(BatchManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')))).toEqual(manifest);
    for (const key of ['out/a.mp4', 'out/b.mp4']) {
      const result = manifest.jobs.find((j) => j.output === `s3://videos/${key}`)?.result;
      expect(result).toBeDefined();
      const v = await verifyObject(s3.client, { bucket: 'videos', key, size: result?.size ?? 0, sha256: result?.sha256 ?? '' });
      expect(v.status).toBe('verified');
      expect(existsSync(localManifestPath(batch.manifestDir, 'videos', key))).toBe(true);
      const got = await s3.client.send(new GetObjectCommand({ Bucket: 'videos', Key: key }));
      const local = join(tmp.dir, `dl-${key.replace('/', '_')}`);
      writeFileSync(local, await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
      // 1 s at 10 fps, interpolated by the real pipeline to the job's rate (a: 60, b: 70 fps).
      expect(await frames(local)).toBe(key === 'out/a.mp4' ? 60 : 70);
    }
    expect(await frames(join(tmp.dir, 'out/e.mp4'))).toBe(60);
    expect(http.hits.get('/b.mp4')).toBe(2);
    // Scratch space is cleaned after every job, failed ones included.
    expect(existsSync(join(batch.workDir, 'a'))).toBe(false);
    expect(existsSync(join(batch.workDir, 'gone'))).toBe(false);
  });

  it('skips verified and written jobs on a rerun, and retries only the failed ones', async () => {
    const proc = countingProcessor();
    const { manifest } = await runBatch(await loadBatch(batchFile), { processVideo: proc.processVideo });
    expect(manifest.jobs.map((j) => j.status)).toEqual(['skipped', 'skipped', 'failed', 'failed', 'skipped']);
    expect(manifest.jobs[0]?.result?.check).toBe('head:size+sha256-metadata+etag-md5');
    expect(proc.calls.map((c) => c.split('/').at(-1))).toEqual(['d.mp4']);
  });

  it('skips jobs whose verified result is in the bucket even on a fresh box (no state, no scratch)', async () => {
    rmSync(join(tmp.dir, 'batch.interup'), { recursive: true, force: true });
    const proc = countingProcessor();
    const { manifest } = await runBatch(await loadBatch(batchFile), { processVideo: proc.processVideo });
    expect(manifest.jobs.slice(0, 2).map((j) => j.status)).toEqual(['skipped', 'skipped']);
    // The watchdog's folder on the new box holds the results' manifests again.
    const batch = await loadBatch(batchFile);
    expect(existsSync(localManifestPath(batch.manifestDir, 'videos', 'out/a.mp4'))).toBe(true);
    // The local output's state went with the box, so it is made again.
    expect(manifest.jobs[4]?.status).toBe('done-local');
    expect(proc.calls.map((c) => c.split('/').at(-1))).toEqual(['d.mp4', 'e.mp4']);
  });

  it('redoes a job whose options changed, since its old result answers another question', async () => {
    write(50);
    const proc = countingProcessor();
    const { manifest } = await runBatch(await loadBatch(batchFile), { processVideo: proc.processVideo });
    expect(manifest.jobs[0]?.status).toBe('verified');
    expect(manifest.jobs[1]?.status).toBe('skipped'); // b overrides targetFps, so its job did not change
  });

  it('fails S3 jobs with a 403 when the credentials are wrong, while the local job still runs', async () => {
    write();
    rmSync(join(tmp.dir, 'out'), { recursive: true, force: true });
    const denied = createS3Client(s3.settings({ accessKeyId: 'NOPE', secretAccessKey: 'NOPE' }));
    const { manifest } = await runBatch(await loadBatch(batchFile), { processVideo: countingProcessor().processVideo, s3Client: () => denied });
    expect(manifest.jobs[0]?.status).toBe('failed');
    expect(manifest.jobs[0]?.error).toMatch(/403/);
    expect(manifest.jobs[4]?.status).toBe('done-local');
    denied.destroy();
  });

  it('bounds a stuck job by the job timeout and goes on with the next', async () => {
    const stuckFile = join(tmp.dir, 'stuck.yaml');
    writeFileSync(stuckFile, `jobs:\n  - { id: stuck, input: "${clip}", output: stuck/x.mp4 }\n  - { id: after, input: "${clip}", output: stuck/y.mp4 }\n`);
    let calls = 0;
    const started = Date.now();
    const { manifest } = await runBatch(await loadBatch(stuckFile), {
      processVideo: (o, c) => (calls++ === 0 ? stuckProcessor(o, c) : copyProcessor(o, c)),
      jobTimeoutSeconds: 2,
      timeoutSource: 'BATCH_TIMEOUT',
    });
    expect(manifest.jobs.map((j) => j.status)).toEqual(['failed', 'done-local']);
    expect(manifest.jobs[0]?.error).toBe('timed out after 2 s (limit from BATCH_TIMEOUT)');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
