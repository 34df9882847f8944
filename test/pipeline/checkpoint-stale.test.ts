// Disk hygiene of checkpoints: the work folder a killed `interup run` left for one output is kept while the same
// command can still resume it (its input unchanged), and removed, like the other stale temps, by the next
// run into that folder once it never can (its input changed or is gone).
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { checkpointClip, messages, RUN_FLAGS, runKilled, workFolders } from './checkpoint-harness.js';

describe('stale checkpoints of other outputs', () => {
  const tmp = makeTempDir('interup-stale-checkpoints-');
  let a: string;
  let b: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([checkpointClip(tmp.dir, 'a.mkv'), checkpointClip(tmp.dir, 'b.mkv')]);
  });
  afterAll(() => tmp.cleanup());

  it('a run into the same folder removes those whose input changed and keeps those the same command resumes', async () => {
    const out = join(tmp.dir, 'out');
    mkdirSync(out);
    const killAt = (r: Record<string, unknown>): boolean => r.msg === 'checkpoint 1 of 3 verified';
    expect((await runKilled(['-i', a, '-o', join(out, 'a.mkv'), '--encoder', 'ffv1', ...RUN_FLAGS], killAt)).signal).toBe('SIGKILL');
    const [keptA] = workFolders(out);
    expect((await runKilled(['-i', b, '-o', join(out, 'b.mkv'), '--encoder', 'ffv1', ...RUN_FLAGS], killAt)).signal).toBe('SIGKILL');
    const [staleB] = workFolders(out).filter((n) => n !== keptA);
    expect(staleB).toMatch(/^\.b\.interup-\d+-[0-9a-f]{6}\.mkv\.checkpoints$/);
    // b.mkv is edited after its run was killed: those checkpoints can never be resumed.
    utimesSync(b, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));

    const other = await runKilled(['-i', await tinyClip(), '-o', join(out, 'c.mkv'), ...RUN_FLAGS]);
    expect(other.code).toBe(0);
    const pid = /^\.b\.interup-(\d+)-/.exec(staleB)?.[1];
    expect(messages(other)).toContain(`removed ${join(out, staleB)}: checkpoints of b.mkv left by interup process ${pid}, which is gone, and its input ${b} changed (input modification time)`);
    expect(workFolders(out)).toEqual([keptA]);

    const rerun = await runKilled(['-i', a, '-o', join(out, 'a.mkv'), '--encoder', 'ffv1', ...RUN_FLAGS]);
    expect(rerun.code).toBe(0);
    expect(messages(rerun)).toContain('resumed at segment 2 of 3: 0.5 s of output kept');
    expect(workFolders(out)).toEqual([]);
  }, 480_000);
});
