// The `upload` and `batch` commands as a user runs them: exit codes, messages on stderr, results on stdout.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { verifyObject } from '../../src/storage/index.js';
import { runCli } from '../helpers/cli.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

describe('interup upload / batch', () => {
  let s3: TestS3;
  let clip: string;
  const tmp = makeTempDir();
  beforeAll(async () => {
    s3 = await startS3(['videos']);
    clip = await tinyClip();
  });
  afterAll(async () => {
    await s3.stop();
    tmp.cleanup();
  });

  it('upload: verifies the object, prints the manifest and writes it to --manifest-dir', async () => {
    const dir = join(tmp.dir, 'm');
    const r = await runCli(['upload', clip, 's3://videos/cli/clip.mp4', '--endpoint', s3.endpoint, '--path-style', '--manifest-dir', dir], { env: s3.env });
    expect(r.code).toBe(0);
    const manifest = JSON.parse(r.stdout) as { sha256: string; size: number; check: string };
    const bytes = readFileSync(clip);
    expect(manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(manifest.check).toMatch(/^head:size\+sha256-metadata/);
    const v = await verifyObject(s3.client, { bucket: 'videos', key: 'cli/clip.mp4', size: bytes.length, sha256: manifest.sha256 });
    expect(v.status).toBe('verified');
    expect(readFileSync(join(dir, 'videos__cli_clip.mp4.manifest.json'), 'utf8')).toContain(manifest.sha256);
  });

  it('upload: the object carries the Content-Type of its container (an mp4 file uploaded as .mkv is video/x-matroska)', async () => {
    const r = await runCli(['upload', clip, 's3://videos/types/clip.mkv', '--endpoint', s3.endpoint, '--path-style'], { env: s3.env });
    expect(r.code).toBe(0);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'videos', Key: 'types/clip.mkv' }));
    expect(head.ContentType).toBe('video/x-matroska');
  });

  it('upload: a 403 exits 1 with the object, the status and what to check, and no secret in sight', async () => {
    const r = await runCli(['upload', clip, 's3://videos/cli/denied.mp4', '--endpoint', s3.endpoint, '--path-style'], {
      env: { AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'very-secret-value', AWS_REGION: 'us-east-1' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/interup: error: Upload to s3:\/\/videos\/cli\/denied\.mp4 failed \(HTTP 403 InvalidAccessKeyId\).*Check the credentials/s);
    expect(r.stderr).not.toContain('very-secret-value');
  });

  it('upload: bad arguments exit 2', async () => {
    expect((await runCli(['upload', clip, 'videos/key'])).stderr).toMatch(/is not an S3 location/);
    const r = await runCli(['upload', clip, 's3://videos/k', '--part-size-mib', '2', '--endpoint', s3.endpoint], { env: s3.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Expected an integer from 5 to 5120 for --part-size-mib but received "2"');
  });

  it('batch: a bad file exits 2 and lists every bad field', async () => {
    const file = join(tmp.dir, 'bad.yaml');
    writeFileSync(file, `jobs:\n  - { input: a.mp4, output: s3://videos/a.mp4, targetFps: "fast" }\n  - { input: b.mp4, outptu: x }\n`);
    const r = await runCli(['batch', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('jobs[0].targetFps: expected a frame rate');
    expect(r.stderr).toContain('jobs[1].outptu: unknown key');
    expect(r.stderr).toContain('jobs[1].output: missing (expected a text)');
  });

  it('batch: exit 0 when all succeed, 1 when one fails; BATCH_TIMEOUT must be a number', async () => {
    const file = join(tmp.dir, 'ok.yaml');
    writeFileSync(file, `s3: { endpoint: "${s3.endpoint}", forcePathStyle: true }\njobs:\n  - { id: one, input: "${clip}", output: s3://videos/batch/one.mp4 }\n`);
    const ok = await runCli(['batch', file, '--log-format', 'json'], { env: s3.env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'one', status: 'verified' }] });
    const failing = join(tmp.dir, 'fail.yaml');
    writeFileSync(failing, `jobs:\n  - { id: nope, input: "${join(tmp.dir, 'missing.mp4')}", output: out/x.mp4 }\n  - { id: yes, input: "${clip}", output: out/y.mp4 }\n`);
    const bad = await runCli(['batch', failing], { env: s3.env });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, jobs: [{ id: 'nope', status: 'failed' }, { id: 'yes', status: 'done-local' }] });
    const t = await runCli(['batch', failing], { env: { ...s3.env, BATCH_TIMEOUT: 'soon' } });
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('Expected a positive number of seconds for BATCH_TIMEOUT but received "soon"');
  });
});
