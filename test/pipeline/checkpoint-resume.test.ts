// A run killed with kill -9 and run again resumes from its checkpoints: with ffv1 the output's frames are
// identical to an uninterrupted run's whichever the kill point (inside the first segment, inside the last,
// during the join), and with libx264 frame count, timestamps, duration and A/V offset are equal and the
// frames within the encoder's noise; audio, chapters and colour tags survive.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processVideo } from '../../src/pipeline/index.js';
import { memoryLogger, silentLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { checkpointClip, framemd5, frameTimes, messages, psnr, RUN_FLAGS, RUN_OPTIONS, runKilled, streamsOf, workFolders } from './checkpoint-harness.js';

const inSegment = (n: number) => (r: Record<string, unknown>): boolean => r.msg === 'plan' && r.segment === `${n}/3`;

describe('checkpointed run killed and rerun', () => {
  const tmp = makeTempDir('interup-resume-');
  let clip: string;
  beforeAll(async () => {
    clip = await checkpointClip(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('ffv1: killed inside the first segment, inside the last and during the join, the rerun gives the uninterrupted frames', async () => {
    const whole = join(tmp.dir, 'whole.mkv');
    const reference = await processVideo({ ...RUN_OPTIONS, encoder: 'ffv1', input: clip, output: whole }, { logger: silentLogger });
    expect(reference.checkpoints).toMatchObject({ segments: 3, reused: 0 });

    const out = join(tmp.dir, 'out', 'resumed.mkv');
    const args = ['-i', clip, '-o', out, ...RUN_FLAGS, '--encoder', 'ffv1'];
    mkdirSync(join(tmp.dir, 'out'));
    const first = await runKilled(args, inSegment(1));
    expect(first.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    expect(workFolders(join(tmp.dir, 'out'))).toHaveLength(1);

    const second = await runKilled(args, inSegment(3));
    expect(second.signal).toBe('SIGKILL');
    expect(messages(second)).toContain('checkpoint 2 of 3 verified');

    const third = await runKilled(args, (r) => r.msg === 'joining the checkpoints');
    expect(third.signal).toBe('SIGKILL');
    expect(messages(third)).toContain('resumed at segment 3 of 3: 1 s of output kept');
    expect(existsSync(out)).toBe(false);

    const logger = memoryLogger();
    const report = await processVideo({ ...RUN_OPTIONS, encoder: 'ffv1', input: clip, output: out }, { logger });
    expect(logger.records.map((r) => r.msg)).toContain('all 3 segments were finished; joining them: 1.5 s of output kept');
    expect(report.checkpoints).toMatchObject({ segments: 3, reused: 3, keptSeconds: 1.5 });
    expect(JSON.parse(readFileSync(`${out}.report.json`, 'utf8'))).toMatchObject({ framesOut: 30, checkpoints: { reused: 3 } });
    expect(workFolders(join(tmp.dir, 'out'))).toEqual([]);
    const [a, b] = await Promise.all([framemd5(whole), framemd5(out)]);
    expect(a).toHaveLength(30);
    expect(b).toEqual(a);
  });

  it('libx264: frame count, timestamps, duration and A/V offset equal, PSNR ≥ 45 dB, audio, chapters and colour kept', async () => {
    const whole = join(tmp.dir, 'whole-x264.mkv');
    const reference = await processVideo({ ...RUN_OPTIONS, encoder: 'libx264', input: clip, output: whole }, { logger: silentLogger });
    const out = join(tmp.dir, 'resumed-x264.mkv');
    const killed = await runKilled(['-i', clip, '-o', out, ...RUN_FLAGS, '--encoder', 'libx264'], (r) => r.msg === 'checkpoint 2 of 3 verified');
    expect(killed.signal).toBe('SIGKILL');

    const logger = memoryLogger();
    const resumed = await processVideo({ ...RUN_OPTIONS, encoder: 'libx264', input: clip, output: out }, { logger });
    expect(logger.records.filter((r) => !r.fields?.segment).map((r) => r.msg)).toContain('resumed at segment 3 of 3: 1 s of output kept');
    expect(resumed.checkpoints).toMatchObject({ segments: 3, reused: 2, resumedAt: 3 });

    expect(resumed.framesOut).toBe(reference.framesOut);
    expect(resumed.durationOut).toBe(reference.durationOut);
    expect(resumed.avOffsetSeconds).toBe(reference.avOffsetSeconds);
    expect(await frameTimes(out)).toEqual(await frameTimes(whole));
    expect(await psnr(out, whole)).toBeGreaterThanOrEqual(45);
    const [source, made] = await Promise.all([streamsOf(clip), streamsOf(out)]);
    expect(made.chapters).toEqual(['one', 'two']);
    expect(source.chapters).toEqual(made.chapters);
    expect(made.primaries).toBe('bt709');
    expect(made.audio).toHaveLength(1);
  });
});
