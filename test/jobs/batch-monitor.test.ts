// `batch --monitor`: the watchdog starts beside the batch, outlives it, and (dry run) records that the
// batch's verified object passed its checks. A real S3 server on loopback, the real CLI, the real pipeline.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

async function waitFor(path: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (existsSync(path)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return existsSync(path);
}

describe('interup batch --monitor', () => {
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

  it('starts a detached watchdog that confirms the verified object after the batch has exited', async () => {
    const file = join(tmp.dir, 'mon.yaml');
    const sentinel = join(tmp.dir, 'sentinel.json');
    writeFileSync(file, `s3: { endpoint: "${s3.endpoint}", forcePathStyle: true }\ndefaults: { prefer: blend, factor: 2 }\njobs:\n  - { id: one, input: "${clip}", output: s3://videos/mon/one.mp4 }\n`);
    const r = await runCli(['batch', file, '--log-format', 'json', '--monitor', '--', '--dry-run', '--check-interval', '0.3', '--confirm', '2', '--sentinel', sentinel], { env: s3.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('monitor started');
    // The batch process is gone; the monitor keeps watching and writes the sentinel once confirmed.
    expect(await waitFor(sentinel, 60_000)).toBe(true);
    const written = JSON.parse(readFileSync(sentinel, 'utf8')) as { dryRun: boolean; checks: string; reason: string; window: unknown };
    expect(written.dryRun).toBe(true);
    expect(written.checks).toBe('2/2[head:size+sha256-metadata×1]');
    expect(JSON.stringify(written.window)).toContain('mon/one.mp4');
    const manifests = join(tmp.dir, 'mon.interup', 'manifests');
    const log = readFileSync(join(manifests, 'monitor.log'), 'utf8');
    expect(log).toMatch(/STOPPING INSTANCE \S+ reason=/);
    // Its restart-safe state sits beside the manifests (not in the folder the batch was started from); a
    // dry run keeps it apart from the real watchdog's (monitor-state.json), which it never touches.
    expect(existsSync(join(manifests, 'monitor-state.json'))).toBe(false);
    const state = JSON.parse(readFileSync(join(manifests, 'monitor-state.dry-run.json'), 'utf8')) as { kind: string; runKey: string };
    expect(state.kind).toBe('interup.monitor-state');
    expect(state.runKey).toContain('mon.batch.json');
  }, 180_000);

  it('refuses stray arguments without --monitor', async () => {
    const file = join(tmp.dir, 'stray.yaml');
    writeFileSync(file, `jobs:\n  - { input: "${clip}", output: out/x.mp4 }\n`);
    const r = await runCli(['batch', file, '--', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Only --monitor takes flags after --');
  });
});
