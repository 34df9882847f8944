// `interup batch` killed with kill -9 in the middle of a job's render, then started again: the job resumes
// from the checkpoints the render left (not from frame 0), finishes, and leaves no scratch behind.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRecord, runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/tmp.js';
import { checkpointClip } from '../pipeline/checkpoint-harness.js';

describe('batch restarted after kill -9 during a render', () => {
  const tmp = makeTempDir('interup-batch-resume-');
  let clip: string;
  beforeAll(async () => {
    clip = await checkpointClip(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('resumes the interrupted job from its checkpoints', async () => {
    const file = join(tmp.dir, 'jobs.yaml');
    writeFileSync(file, `defaults: { factor: 2, prefer: blend, encoder: ffv1, checkpointSeconds: 0.5 }\njobs:\n  - { id: a, input: "${clip}", output: out/a.mkv }\n`);
    const env = { INTERUP_FROM_SOURCE: '1' };
    const first = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000, onLine: (line) => logRecord(line)?.msg === 'checkpoint 2 of 3 verified' });
    expect(first.signal).toBe('SIGKILL');
    expect(existsSync(join(tmp.dir, 'out', 'a.mkv'))).toBe(false);

    const second = await runCli(['batch', file, '--log-format', 'json'], { env, timeoutMs: 180_000 });
    expect(second.code).toBe(0);
    const messages = second.stderr.split('\n').map((l) => logRecord(l)?.msg);
    expect(messages).toContain('an earlier run stopped in the middle of this job; resuming its render from its checkpoints');
    expect(messages).toContain('resumed at segment 3 of 3: 1 s of output kept');
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'a', status: 'done-local' }] });
    expect(existsSync(join(tmp.dir, 'out', 'a.mkv'))).toBe(true);
    expect(readdirSync(join(tmp.dir, 'jobs.interup', 'work'))).toEqual([]);
  });
});
