// `interup batch` killed with kill -9 in the middle of a job's render, then started again: the job resumes
// from the checkpoints the render left (not from frame 0), finishes, and leaves no scratch behind; killed
// again during the upload, the next start uploads the finished render without rendering it again.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultManifest, verifyObject } from '../../src/storage/index.js';
import { logRecord, runCli } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { checkpointClip } from '../pipeline/checkpoint-harness.js';

describe('batch restarted after kill -9 during a render', () => {
  const tmp = makeTempDir('interup-batch-resume-');
  let clip: string;
  let s3: TestS3;
  let proxy: FaultProxy;
  beforeAll(async () => {
    clip = await checkpointClip(tmp.dir);
    s3 = await startS3(['videos']);
    proxy = await startFaultProxy(s3.endpoint);
  });
  afterAll(async () => {
    await proxy.stop();
    await s3.stop();
    tmp.cleanup();
  });
  const messagesOf = (stderr: string): (string | undefined)[] => stderr.split('\n').map((l) => logRecord(l)?.msg);

  it('resumes the interrupted job from its checkpoints', async () => {
    const file = join(tmp.dir, 'jobs.yaml');
    writeFileSync(file, `defaults: { factor: 2, prefer: blend, encoder: ffv1, checkpointSeconds: 0.5 }\njobs:\n  - { id: a, input: "${clip}", output: out/a.mkv }\n`);
    const env = { INTERUP_FROM_SOURCE: '1' };
    const first = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000, onLine: (line) => logRecord(line)?.msg === 'checkpoint 2 of 3 verified' });
    expect(first.signal).toBe('SIGKILL');
    expect(existsSync(join(tmp.dir, 'out', 'a.mkv'))).toBe(false);

    const second = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000 });
    expect(second.code).toBe(0);
    const messages = messagesOf(second.stderr);
    expect(messages).toContain('an earlier run stopped in the middle of this job; resuming its render from its checkpoints');
    expect(messages).toContain('resumed at segment 3 of 3: 1 s of output kept');
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'a', status: 'done-local' }] });
    expect(existsSync(join(tmp.dir, 'out', 'a.mkv'))).toBe(true);
    expect(readdirSync(join(tmp.dir, 'jobs.interup', 'work'))).toEqual([]);
  });

  it('killed during the render and again during the upload: ends verified, the render done once', async () => {
    const file = join(tmp.dir, 'up.yaml');
    writeFileSync(file, `s3: { endpoint: "${proxy.endpoint}", forcePathStyle: true, maxAttempts: 2 }\ndefaults: { factor: 2, prefer: blend, encoder: ffv1, checkpointSeconds: 0.5 }\njobs:\n  - { id: b, input: "${clip}", output: s3://videos/up/b.mkv }\n`);
    const env = { ...s3.env, INTERUP_FROM_SOURCE: '1' };
    const first = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000, onLine: (line) => logRecord(line)?.msg === 'checkpoint 1 of 3 verified' });
    expect(first.signal).toBe('SIGKILL');

    proxy.setRule((info) => (info.method === 'PUT' && info.path === '/videos/up/b.mkv' ? { kind: 'slow', bytesPerSecond: 4000 } : { kind: 'pass' }));
    const second = await runCli(['batch', file, '--log-format', 'json'], {
      env,
      timeoutMs: 180_000,
      killWhen: () => proxy.log.some((l) => l.startsWith('PUT /videos/up/b.mkv') && l.endsWith('slow')),
    });
    expect(second.signal).toBe('SIGKILL');
    expect(messagesOf(second.stderr)).toContain('resumed at segment 2 of 3: 0.5 s of output kept');
    expect(await readResultManifest(s3.client, 'videos', 'up/b.mkv')).toBeUndefined();

    proxy.setRule(() => ({ kind: 'pass' }));
    const third = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000 });
    expect(third.code).toBe(0);
    const messages = messagesOf(third.stderr);
    expect(messages).toContain('the render had finished and was verified before the stop; not rendered again');
    expect(messages).not.toContain('joining the checkpoints');
    expect(JSON.parse(third.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'b', status: 'verified' }] });
    const manifest = await readResultManifest(s3.client, 'videos', 'up/b.mkv');
    expect(manifest).toBeDefined();
    expect((await verifyObject(s3.client, { bucket: 'videos', key: 'up/b.mkv', size: manifest?.size ?? 0, sha256: manifest?.sha256 ?? '' })).status).toBe('verified');
    expect(readdirSync(join(tmp.dir, 'up.interup', 'work'))).toEqual([]);
  });
});
