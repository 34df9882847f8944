// `interup batch` killed with kill -9 in the middle of a job's render, then started again: the job resumes
// from the checkpoints the render left (not from frame 0), finishes, and leaves no scratch behind; killed
// again during the upload, the next start uploads the finished render without rendering it again. The
// rented-box story of docs/batch.md as a scenario: `batch --monitor -- --dry-run` killed twice (the batch
// alone, then the whole box) ends with every result verified and the watchdog firing once, at the end.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultManifest, verifyObject } from '../../src/storage/index.js';
import { commandLineOf } from '../../src/process/index.js';
import { logRecord, runCli } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';
import { checkpointClip } from '../pipeline/checkpoint-harness.js';

/** Whether `pid` is still a running process (not gone, not a zombie). */
const alive = (pid: number): boolean => commandLineOf(pid) !== undefined;

/** Resolves once `done()` holds; fails after `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not done within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('batch restarted after kill -9 during a render', () => {
  const watchdogs: number[] = [];
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
    // A watchdog this file started that a failed assertion left running.
    for (const pid of watchdogs) if (commandLineOf(pid)?.includes('monitor')) process.kill(pid, 'SIGKILL');
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

  it('a job whose input was replaced by an unreadable file after the kill fails and leaves no checkpoints', async () => {
    const input = join(tmp.dir, 'broken.mkv');
    copyFileSync(clip, input);
    const file = join(tmp.dir, 'broken.yaml');
    writeFileSync(file, `defaults: { factor: 2, prefer: blend, encoder: ffv1, checkpointSeconds: 0.5 }\njobs:\n  - { id: c, input: "${input}", output: out/c.mkv }\n`);
    const env = { INTERUP_FROM_SOURCE: '1' };
    const first = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000, onLine: (line) => logRecord(line)?.msg === 'checkpoint 1 of 3 verified' });
    expect(first.signal).toBe('SIGKILL');
    expect(readdirSync(join(tmp.dir, 'broken.interup', 'work', 'c', 'output')).filter((n) => n.endsWith('.checkpoints'))).toHaveLength(1);

    writeFileSync(input, 'this is not a video any more');
    const second = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000 });
    expect(second.code).toBe(1);
    const outcome = JSON.parse(second.stdout) as { jobs: { id: string; status: string; error?: string }[] };
    expect(outcome.jobs[0]).toMatchObject({ id: 'c', status: 'failed' });
    expect(outcome.jobs[0].error).toContain('is not a media file ffmpeg can read');
    expect(messagesOf(second.stderr)).toContain("its render's checkpoints were removed: they were made from an input the render now refuses");
    expect(readdirSync(join(tmp.dir, 'broken.interup', 'work'))).toEqual([]);
  });

  it('a spot box: killed during a render, then (box reclaimed) during its upload; ends verified, the render resumed, the watchdog firing once', async () => {
    const tiny = await tinyClip();
    const file = join(tmp.dir, 'up.yaml');
    writeFileSync(
      file,
      `s3: { endpoint: "${proxy.endpoint}", forcePathStyle: true, maxAttempts: 2 }\ndefaults: { factor: 2, prefer: blend, encoder: ffv1, checkpointSeconds: 0.5 }\njobs:\n` +
        `  - { id: a, input: "${tiny}", output: s3://videos/up/a.mkv }\n  - { id: b, input: "${clip}", output: s3://videos/up/b.mkv }\n`,
    );
    const manifests = join(tmp.dir, 'up.interup', 'manifests');
    const sentinel = join(manifests, 'monitor-sentinel.json');
    const args = ['batch', file, '--log-format', 'json', '--monitor', '--', '--dry-run', '--check-interval', '0.3', '--confirm', '2'];
    const env = { ...s3.env, INTERUP_FROM_SOURCE: '1' };
    const recordsOf = (stderr: string) => stderr.split('\n').map(logRecord).filter((r) => r !== undefined);
    const monitorPid = (stderr: string, msg: string): number => Number(recordsOf(stderr).find((r) => r.msg?.startsWith(msg))?.pid);

    // 1. The batch alone is killed (an out-of-memory kill) once job b's render has its first checkpoint.
    const first = await runCli(args, { env, timeoutMs: 180_000, onLine: (line) => logRecord(line)?.job === 'b' && logRecord(line)?.msg === 'checkpoint 1 of 3 verified' });
    expect(first.signal).toBe('SIGKILL');
    const watchdog = monitorPid(first.stderr, 'monitor started');
    watchdogs.push(watchdog);
    expect(alive(watchdog)).toBe(true);

    // 2. Restarted: the watchdog still running is kept, b's render resumes; the whole box is reclaimed
    // (batch and watchdog killed) while b's upload is held on a slow link.
    proxy.setRule((info) => (info.method === 'PUT' && info.path === '/videos/up/b.mkv' ? { kind: 'slow', bytesPerSecond: 4000 } : { kind: 'pass' }));
    const second = await runCli(args, { env, timeoutMs: 180_000, killWhen: () => proxy.log.some((l) => l.startsWith('PUT /videos/up/b.mkv') && l.endsWith('slow')) });
    expect(second.signal).toBe('SIGKILL');
    process.kill(watchdog, 'SIGKILL');
    expect(monitorPid(second.stderr, 'monitor already running for this batch')).toBe(watchdog);
    expect(messagesOf(second.stderr)).not.toContain('monitor started');
    expect(messagesOf(second.stderr)).toContain('resumed at segment 2 of 3: 0.5 s of output kept');
    expect(await readResultManifest(s3.client, 'videos', 'up/b.mkv')).toBeUndefined();

    // 3. The box starts again: a new watchdog, the finished render uploaded without rendering it again.
    proxy.setRule(() => ({ kind: 'pass' }));
    const third = await runCli(args, { env, timeoutMs: 180_000 });
    expect(third.code).toBe(0);
    const last = monitorPid(third.stderr, 'monitor started');
    watchdogs.push(last);
    const messages = messagesOf(third.stderr);
    expect(messages).toContain('the render had finished and was verified before the stop; not rendered again');
    expect(messages).not.toContain('joining the checkpoints');
    expect(JSON.parse(third.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'a', status: 'skipped' }, { id: 'b', status: 'verified' }] });
    for (const key of ['up/a.mkv', 'up/b.mkv']) {
      const manifest = await readResultManifest(s3.client, 'videos', key);
      expect(manifest).toBeDefined();
      expect((await verifyObject(s3.client, { bucket: 'videos', key, size: manifest?.size ?? 0, sha256: manifest?.sha256 ?? '' })).status).toBe('verified');
    }
    const batchManifest = JSON.parse(readFileSync(join(manifests, 'up.batch.json'), 'utf8')) as { ok: boolean; finishedAt: string; jobs: { id: string }[] };
    expect(batchManifest.ok).toBe(true);
    expect(batchManifest.jobs.map((j) => j.id)).toEqual(['a', 'b']);
    expect(readdirSync(join(tmp.dir, 'up.interup', 'work'))).toEqual([]);

    // The watchdog confirms after the batch's end and exits; across the three starts it fired once.
    await until(() => !alive(last), 120_000);
    const sentinelText = readFileSync(sentinel, 'utf8');
    const fired = JSON.parse(sentinelText) as { dryRun: boolean; at: string; window: unknown };
    expect(fired.dryRun).toBe(true);
    expect(Date.parse(fired.at)).toBeGreaterThanOrEqual(Date.parse(batchManifest.finishedAt));
    expect(JSON.stringify(fired.window)).toContain('up/a.mkv');
    expect(JSON.stringify(fired.window)).toContain('up/b.mkv');
    const stops = readFileSync(join(manifests, 'monitor.log'), 'utf8').split('\n').filter((l) => l.includes('STOPPING INSTANCE'));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toContain('reason=verified');
  }, 600_000);
});
