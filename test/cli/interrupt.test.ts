// Ctrl-C and SIGTERM as a user sends them, through the CLI on real files and a real S3 server: run, batch
// and upload end with 130 / 143 and one line that says what was left, never a raw "Command was cancelled";
// an interrupted upload aborts its multipart upload and leaves no object and no manifest. Each signal is
// sent when the command's own log shows it is in the middle of its work (a progress line), not on a timer.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultManifest } from '../../src/storage/result-manifest.js';
import { logRecord, runCli, type CliResult } from '../helpers/cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { synthClip } from '../pipeline/clips.js';

const tmp = makeTempDir();
let clip: string;

/** Sends `sig` at the first progress line of `stage` that is not the last one (the work is under way). */
const midway = (stage: string, sig: NodeJS.Signals) => (line: string): NodeJS.Signals | false => {
  const r = logRecord(line) as { type?: string; stage?: string; done?: number; total?: number } | undefined;
  return r?.type === 'progress' && r.stage === stage && r.total !== undefined && (r.done ?? 0) < r.total ? sig : false;
};

/** The error lines of a run (everything else on stderr is JSON log records). */
const errorLines = (r: CliResult): string[] => r.stderr.split('\n').filter((l) => l.startsWith('interup:') || l.includes('"level":"error"'));

beforeAll(async () => {
  // 6 s at 25 fps: 300 frames to interpolate to 50 fps, long enough that the signal lands mid-run.
  clip = await synthClip(tmp.dir, 'clip.mp4', { rate: '25', seconds: 6, size: '320x180', audio: true });
});
afterAll(() => tmp.cleanup());

describe('interrupting a command', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('run: %s ends with exit %i, one line, and nothing left at the output', async (sig, code) => {
    const dir = join(tmp.dir, `run-${sig}`);
    mkdirSync(dir);
    const out = join(dir, 'out.mp4');
    const r = await runCli(['run', '-i', clip, '-o', out, '--prefer', 'blend', '--target-fps', '50', '--log-format', 'json'], { onLine: midway('interpolate', sig) });
    expect(r.code).toBe(code);
    const errors = errorLines(r);
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0] ?? '{}')).toMatchObject({ code: 'INTERRUPTED', msg: `interrupted by ${sig}; nothing left at ${out}` });
    expect(r.stderr).not.toMatch(/Command was cancelled/);
    // No output, no temp file of ours, no report: the folder is as it was.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('batch: SIGINT stops the running job, records it, writes the manifest, and exits 130 with one line', async () => {
    const file = join(tmp.dir, 'two.yaml');
    writeFileSync(file, `defaults: { prefer: blend, targetFps: 50 }\njobs:\n  - { id: one, input: "${clip}", output: out/one.mp4 }\n  - { id: two, input: "${clip}", output: out/two.mp4 }\n`);
    const r = await runCli(['batch', file, '--log-format', 'json'], { onLine: midway('interpolate', 'SIGINT') });
    expect(r.code).toBe(130);
    const errors = errorLines(r).filter((l) => logRecord(l)?.code === 'INTERRUPTED');
    expect(errors).toHaveLength(1);
    const manifestPath = join(tmp.dir, 'two.interup', 'manifests', 'two.batch.json');
    expect(logRecord(errors[0] ?? '')?.msg).toBe(
      `interrupted by SIGINT; job one was stopped and its scratch files removed, 1 not started; the batch manifest ${manifestPath} says so; rerun the batch to resume`,
    );
    expect(r.stderr).not.toMatch(/Command was cancelled/);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { ok: boolean; jobs: { id: string; status: string; error?: string }[] };
    expect(manifest.ok).toBe(false);
    expect(manifest.jobs).toMatchObject([
      { id: 'one', status: 'failed', error: 'stopped: the batch was interrupted' },
      { id: 'two', status: 'failed', error: 'not started: the batch was stopped' },
    ]);
    expect(existsSync(join(tmp.dir, 'out'))).toBe(false);
    expect(readdirSync(join(tmp.dir, 'two.interup', 'work'))).toEqual([]);
  });

  describe('upload', () => {
    let s3: TestS3;
    let proxy: FaultProxy;
    beforeAll(async () => {
      s3 = await startS3(['videos']);
      // About 3 MB/s for part bodies: a 12 MiB file in 5 MiB parts takes seconds, so Ctrl-C lands mid-upload.
      proxy = await startFaultProxy(s3.endpoint, (info) => (info.method === 'PUT' && info.query.has('partNumber') ? { kind: 'slow', bytesPerSecond: 3_000_000 } : { kind: 'pass' }));
    });
    afterAll(async () => {
      await proxy.stop();
      await s3.stop();
    });

    it('SIGINT aborts the multipart upload and leaves no object and no manifest, exit 130', async () => {
      const file = join(tmp.dir, 'big.bin');
      writeFileSync(file, randomBytes(12 * 1024 * 1024));
      const manifests = join(tmp.dir, 'manifests');
      const args = ['upload', file, 's3://videos/big.bin', '--endpoint', proxy.endpoint, '--path-style', '--part-size-mib', '5', '--concurrency', '1'];
      // The first upload progress line comes after part 1 is stored: the multipart upload exists by then.
      const r = await runCli([...args, '--manifest-dir', manifests, '--log-format', 'json'], {
        // Empty, as in a user's shell: the CLI itself must keep the SDK's Node-version notice out.
        env: { ...s3.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '' },
        onLine: midway('upload', 'SIGINT'),
      });
      expect(r.code).toBe(130);
      const errors = errorLines(r);
      expect(errors).toHaveLength(1);
      expect(logRecord(errors[0] ?? '')?.msg).toBe('interrupted by SIGINT; the upload was stopped and aborted; nothing left at s3://videos/big.bin');
      // The abort was asked for (s3rver answers 405 to it: it cannot abort, see test/helpers/s3.ts).
      expect(proxy.log.some((l) => /^DELETE \/videos\/big\.bin\?uploadId=/.test(l))).toBe(true);
      expect(proxy.log.some((l) => /^POST \/videos\/big\.bin\?uploadId=/.test(l))).toBe(false);
      await expect(s3.client.send(new HeadObjectCommand({ Bucket: 'videos', Key: 'big.bin' }))).rejects.toMatchObject({ name: 'NotFound' });
      expect(await readResultManifest(s3.client, 'videos', 'big.bin')).toBeUndefined();
      expect(existsSync(manifests) ? readdirSync(manifests) : []).toEqual([]);
      // The SDK's Node-version notice is kept out of the user's output (it prints only on Node < 22).
      expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    });
  });
});
