// kill -9 in the middle of a batch (during processing, during an upload), then a rerun: verified jobs are
// skipped, the interrupted one is redone from a clean state, and no unverified object is ever trusted.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultManifest, verifyObject } from '../../src/storage/index.js';
import { logRecord, runCli } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

interface StateFile {
  jobs: Record<string, { status: string; stage?: string }>;
}

describe('batch after kill -9', () => {
  let s3: TestS3;
  let proxy: FaultProxy;
  let clip: string;
  const tmp = makeTempDir();
  beforeAll(async () => {
    s3 = await startS3(['videos']);
    proxy = await startFaultProxy(s3.endpoint);
    clip = await tinyClip();
  });
  afterAll(async () => {
    await proxy.stop();
    await s3.stop();
    tmp.cleanup();
  });

  const writeBatch = (name: string, endpoint: string): string => {
    const file = join(tmp.dir, `${name}.yaml`);
    writeFileSync(
      file,
      `s3: { endpoint: "${endpoint}", forcePathStyle: true, maxAttempts: 2 }
jobs:
${['a', 'b', 'c'].map((id) => `  - { id: ${id}, input: "${clip}", output: s3://videos/${name}/${id}.mp4 }`).join('\n')}
`,
    );
    return file;
  };
  const state = (name: string): StateFile => JSON.parse(readFileSync(join(tmp.dir, `${name}.interup`, 'state.json'), 'utf8')) as StateFile;
  const verified = async (key: string): Promise<boolean> => {
    const manifest = await readResultManifest(s3.client, 'videos', key);
    if (!manifest) return false;
    return (await verifyObject(s3.client, { bucket: 'videos', key, size: manifest.size, sha256: manifest.sha256 })).status === 'verified';
  };

  it('killed while processing job b: rerun skips a, redoes b from scratch, runs c', async () => {
    const file = writeBatch('proc', s3.endpoint);
    const first = await runCli(['batch', file, '--log-format', 'json'], {
      env: s3.env,
      onLine: (line) => {
        const r = logRecord(line);
        return r?.job === 'b' && r.msg === 'plan';
      },
    });
    expect(first.signal).toBe('SIGKILL');
    expect(state('proc').jobs).toMatchObject({ a: { status: 'verified' }, b: { status: 'running', stage: 'process' } });
    expect(state('proc').jobs.c).toBeUndefined();
    expect(existsSync(join(tmp.dir, 'proc.interup', 'manifests', 'proc.batch.json'))).toBe(false);
    expect(await verified('proc/a.mp4')).toBe(true);
    expect(await verified('proc/b.mp4')).toBe(false);

    const second = await runCli(['batch', file, '--log-format', 'json'], { env: s3.env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'a', status: 'skipped' }, { id: 'b', status: 'verified' }, { id: 'c', status: 'verified' }] });
    const notes = second.stderr.split('\n').map(logRecord);
    expect(notes.some((r) => r?.job === 'b' && String(r.msg).startsWith('an earlier run stopped in the middle of this job'))).toBe(true);
    expect(notes.some((r) => String(r?.msg).startsWith('took over the lock of a run that is gone'))).toBe(true);
    expect(await verified('proc/b.mp4')).toBe(true);
    expect(await verified('proc/c.mp4')).toBe(true);
    expect(readdirSync(join(tmp.dir, 'proc.interup', 'work'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'proc.interup', 'manifests', 'proc.batch.json'), 'utf8'))).toMatchObject({ ok: true });
  });

  it('killed while uploading job b over a slow link: nothing trusts b, rerun verifies it', async () => {
    const file = writeBatch('upl', proxy.endpoint);
    proxy.setRule((info) => (info.method === 'PUT' && info.path === '/videos/upl/b.mp4' ? { kind: 'slow', bytesPerSecond: 4000 } : { kind: 'pass' }));
    const first = await runCli(['batch', file, '--log-format', 'json'], {
      env: s3.env,
      killWhen: () => proxy.log.some((l) => l.startsWith('PUT /videos/upl/b.mp4') && l.endsWith('slow')),
    });
    expect(first.signal).toBe('SIGKILL');
    expect(state('upl').jobs).toMatchObject({ a: { status: 'verified' }, b: { status: 'running', stage: 'upload' } });
    // Whatever a server keeps of a cut PUT (s3rver keeps nothing), it has no manifest, so neither a rerun
    // nor a watchdog trusts it.
    expect(await readResultManifest(s3.client, 'videos', 'upl/b.mp4')).toBeUndefined();

    proxy.setRule(() => ({ kind: 'pass' }));
    const second = await runCli(['batch', file, '--log-format', 'json'], { env: s3.env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'a', status: 'skipped' }, { id: 'b', status: 'verified' }, { id: 'c', status: 'verified' }] });
    expect(await verified('upl/b.mp4')).toBe(true);
  });
});
