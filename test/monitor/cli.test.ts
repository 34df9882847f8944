// The real CLI as a child process: scenario 8 (dry run: sentinel with the checks, zero provider calls)
// and scenario 9 (the watchdog SIGKILLed mid-window and restarted), against a fake vast.ai API.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnProcess, type SpawnedProcess } from '../../src/process/index.js';
import type { Sentinel } from '../../src/monitor/index.js';
import { startS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { BUCKET, putObject, resultFor, video } from './bucket-fixtures.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const INTERVAL = 0.25;
const CONFIRM = 3;

let vast: FakeVast;
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(async () => {
  vast = await startFakeVast();
  tmp = makeTempDir('interup-monitor-cli-');
});
afterEach(async () => {
  await vast.close();
  tmp.cleanup();
});

interface Cli {
  proc: SpawnedProcess;
  stderr: () => string;
  stdout: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<number>;
  exit: Promise<number | null>;
}

// Starts `interup monitor …` with the vast.ai variables a box has in its environment.
function monitor(args: string[], tail: string[] = [], env: Record<string, string> = {}): Cli {
  let err = '';
  let out = '';
  const proc = spawnProcess(process.execPath, [join(ROOT, 'bin', 'interup.js'), 'monitor', ...args, ...tail], {
    cwd: tmp.dir,
    stdout: 'pipe',
    env: { ...process.env, ...env, VAST_API_URL: vast.url, CONTAINER_ID: vast.instanceId, CONTAINER_API_KEY: vast.apiKey },
    onStderr: (chunk) => {
      err += chunk.toString();
    },
  });
  proc.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => proc.child.once('close', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000): Promise<number> => {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(err)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${pattern} in:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now();
  };
  return { proc, stderr: () => err, stdout: () => out, waitFor, exit };
}

describe('interup monitor (CLI)', { retry: 1, timeout: 60_000 }, () => {
  it('dry run: writes a sentinel with the exact checks that passed and makes zero provider calls', async () => {
    const dir = join(tmp.dir, 'uploads');
    const sentinelPath = join(tmp.dir, 'sentinel.json');
    const cli = monitor(['--dry-run', '--watch-dir', dir, '--check-interval', String(INTERVAL), '--confirm', String(CONFIRM), '--sentinel', sentinelPath]);
    await cli.waitFor(/check #2 WAIT/);
    const body = randomBytes(50_000);
    const digest = createHash('sha256').update(body).digest('hex');
    // Copy then rename into the watched folder, as an uploader would.
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'final.mp4.sha256'), `${digest}  final.mp4\n`);
    writeFileSync(join(dir, 'final.mp4.part'), body);
    await cli.waitFor(/check #\d+ WAIT.*temporary, not counted: final\.mp4\.part/);
    renameSync(join(dir, 'final.mp4.part'), join(dir, 'final.mp4'));
    const completed = Date.now();
    expect(await cli.exit).toBe(0);
    const sentinel = JSON.parse(readFileSync(sentinelPath, 'utf8')) as Sentinel;
    expect(Date.parse(sentinel.at) - completed).toBeLessThanOrEqual(INTERVAL * 1000 * (CONFIRM + 1));
    expect(sentinel).toMatchObject({ kind: 'interup.monitor-sentinel', dryRun: true, reason: 'verified', wouldStop: `vast.ai stop instance ${vast.instanceId}` });
    expect(sentinel.window).toHaveLength(CONFIRM);
    for (const check of sentinel.window) {
      expect(check.items).toEqual([
        expect.objectContaining({ target: join(dir, 'final.mp4'), check: 'file:size+sha256-sidecar', outcome: 'pass', size: body.length, sha256: digest }),
      ]);
    }
    expect(vast.requests).toHaveLength(0);
    expect(vast.status).toBe('running');
    expect(cli.stderr()).toMatch(/^STOPPING INSTANCE \S+Z reason=verified checks=3\/3\[file:size\+sha256-sidecar×1\] dry-run=true$/m);
    expect(JSON.parse(cli.stdout())).toMatchObject({ reason: 'verified', confirmed: true, dryRun: true });
    expect(cli.stderr()).not.toContain(vast.apiKey);
  });

  it('killed (SIGKILL) mid-window and restarted: continues the window and stops the box exactly once', async () => {
    const dir = join(tmp.dir, 'out');
    const args = ['--watch-dir', dir, '--check-interval', String(INTERVAL), '--confirm', String(CONFIRM), '--log-format', 'json'];
    const first = monitor(args);
    await first.waitFor(/"msg":"check #1 WAIT/);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'video.mp4'), randomBytes(20_000));
    const completed = Date.now();
    await first.waitFor(/check #\d+ PASS 2\/3/);
    first.proc.child.kill('SIGKILL');
    await first.exit;
    expect(vast.requests.map((r) => r.method)).toEqual(['GET']); // the start-up check of the key, nothing else
    const second = monitor(args);
    expect(await second.exit).toBe(0);
    const lines = second.stderr().trim().split('\n').map((l) => JSON.parse(l) as { msg: string; time: string });
    expect(lines.some((l) => /^state: resuming: last check \d+ ms ago, streak 2 kept/.test(l.msg))).toBe(true);
    // One more passing check was enough: the first check of the restarted watchdog completes the window.
    const passes = lines.filter((l) => /PASS \d\/3/.test(l.msg)).map((l) => l.msg);
    expect(passes).toEqual([expect.stringMatching(/PASS 3\/3/)]);
    expect(vast.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(vast.status).toBe('stopped');
    expect(existsSync(join(tmp.dir, '.out.monitor-state.json'))).toBe(true);
    // Time to stop counts the restart too; the bound allows the CLI's start-up (tsx) on a busy machine.
    const stopAt = vast.requests.find((r) => r.method === 'PUT')?.at as number;
    expect(stopAt - completed).toBeLessThan(INTERVAL * 1000 * (CONFIRM + 1) + 15_000);
    const firstCheck = Date.parse(lines.find((l) => /^check #\d+ PASS/.test(l.msg))?.time ?? '');
    expect(stopAt - firstCheck).toBeLessThanOrEqual(INTERVAL * 1000 * (CONFIRM + 1));
    expect(first.stderr() + second.stderr()).not.toContain(vast.apiKey);
    // The user starts the box again: the watchdog (from the on-start script) does not stop it for old work.
    vast.status = 'running';
    const third = monitor(args);
    await third.waitFor(/already stopped the box/);
    third.proc.child.kill('SIGTERM');
    expect(await third.exit).toBe(143);
    expect(third.stderr()).toMatch(/interrupted by SIGTERM; state kept for a restart/);
    expect(vast.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(vast.status).toBe('running');
  });

  it('manifest mode: HEAD-verifies through real S3 and stops with the command given after --', async () => {
    const s3 = await startS3([BUCKET]);
    try {
      const body = video();
      await putObject(s3.client, 'out/a.mp4', body);
      const marker = join(tmp.dir, 'stopped.json');
      const script = 'require("fs").writeFileSync(process.argv[1], JSON.stringify({ at: Date.now(), args: process.argv.slice(2) }))';
      const cli = monitor(
        ['--s3-manifest', `s3://${BUCKET}/out/a.mp4.manifest.json`, '--s3-endpoint', s3.endpoint, '--s3-path-style', '--check-interval', String(INTERVAL), '--confirm', String(CONFIRM)],
        ['--', process.execPath, '-e', script, marker, 'stop', 'instance 7'],
        s3.env,
      );
      await cli.waitFor(/check #2 WAIT: s3:\/\/videos\/out\/a\.mp4\.manifest\.json: manifest not uploaded yet \(404\)/);
      const completed = Date.now();
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'out/a.mp4.manifest.json', Body: JSON.stringify(resultFor('out/a.mp4', body)) }));
      expect(await cli.exit).toBe(0);
      const stopped = JSON.parse(readFileSync(marker, 'utf8')) as { at: number; args: string[] };
      expect(stopped.args).toEqual(['stop', 'instance 7']);
      // The decision (the STOPPING line) is the watchdog's latency; the stop command's own start-up follows.
      const decided = Date.parse(/^STOPPING INSTANCE (\S+Z)/m.exec(cli.stderr())?.[1] ?? '');
      expect(decided - completed).toBeLessThanOrEqual(INTERVAL * 1000 * (CONFIRM + 1));
      expect(stopped.at).toBeGreaterThanOrEqual(decided);
      expect(cli.stderr()).toMatch(/check #\d+ PASS s3:\/\/videos\/out\/a\.mp4 {2}check=head:size\+sha256-metadata size=40000 expectedSize=40000 sha256=[0-9a-f]{64} .*etag=[0-9a-f]{32} etagKind=md5/);
      expect(cli.stderr()).toMatch(/^STOPPING INSTANCE \S+Z reason=verified checks=3\/3\[head:size\+sha256-metadata×1\]$/m);
      expect(vast.requests).toHaveLength(0);
    } finally {
      await s3.stop();
    }
  });

  it('refuses to start without an instance id or key, saying what to set', async () => {
    const cli = monitor(['--watch-dir', tmp.dir, '--instance-id', '', '--api-key', '']);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toMatch(/CONTAINER_ID|instance/);
    expect(vast.requests).toHaveLength(0);
  });
});
