import { mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, ProcessError } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { ffmpeg, synthClip } from '../pipeline/clips.js';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const tmp = makeTempDir();
let good: string;

/** Runs the real CLI; returns exit code, stdout and stderr whatever the outcome. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await runProcess(process.execPath, [bin, ...args], { timeoutMs: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return { code: error.failure.exitCode ?? -1, stdout: '', stderr: error.failure.stderrTail };
  }
}

beforeAll(async () => {
  good = await synthClip(tmp.dir, 'good.mp4', { rate: '10', seconds: 0.5, size: '64x48' });
});
afterAll(() => tmp.cleanup());

describe('interup run', () => {
  it('--help explains the flags', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--input', '--output', '--target-fps', '--factor', '--prefer', '--encoder', '--no-scene-detect', '--log-format']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('runs end to end with the seed flags and JSON logs with progress lines', async () => {
    const out = join(tmp.dir, 'ok.mp4');
    const r = await cli(['run', '--input', good, '--output', out, '--mode', 'interp', '--prefer', 'blend', '--target-fps', '20', '--log-format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { framesOut: number; checks: string[] };
    expect(report.framesOut).toBe(10);
    expect(JSON.parse(readFileSync(`${out}.report.json`, 'utf8'))).toMatchObject({ framesOut: 10 });
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { type?: string; msg?: string; done?: number; total?: number });
    expect(lines.some((l) => l.msg === 'engine blend selected')).toBe(true);
    expect(lines.filter((l) => l.type === 'progress').at(-1)).toMatchObject({ done: 10, total: 10 });
  });

  const bad: [string, () => string[] | Promise<string[]>, RegExp][] = [
    ['a missing file', () => ['--input', join(tmp.dir, 'missing.mp4')], /does not exist/],
    ['a text file', () => (writeFileSync(join(tmp.dir, 'text.mp4'), 'not a video'), ['--input', join(tmp.dir, 'text.mp4')]), /not a media file/],
    ['a 0-byte file', () => (writeFileSync(join(tmp.dir, 'zero.mp4'), ''), ['--input', join(tmp.dir, 'zero.mp4')]), /empty/],
    ['a truncated file', () => {
      const whole = readFileSync(good);
      writeFileSync(join(tmp.dir, 'trunc.mp4'), whole.subarray(0, whole.length >> 1));
      return ['--input', join(tmp.dir, 'trunc.mp4')];
    }, /truncated|not a media file/],
    ['an audio-only file', async () => {
      await ffmpeg(['-f', 'lavfi', '-i', 'sine=duration=0.3', '-c:a', 'aac', join(tmp.dir, 'audio.m4a')]);
      return ['--input', join(tmp.dir, 'audio.m4a')];
    }, /only audio/],
    ['a single-frame video', async () => {
      await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10', '-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(tmp.dir, 'one.mp4')]);
      return ['--input', join(tmp.dir, 'one.mp4')];
    }, /1 video frame; at least two/],
    ['a zero target fps', () => ['--input', good, '--target-fps', '0'], /Expected a frame rate from 1 to 1000 fps .* for --target-fps but received "0"/],
    ['a negative target fps', () => ['--input', good, '--target-fps', '-24'], /for --target-fps but received "-24"/],
    ['an absurd target fps', () => ['--input', good, '--target-fps', '100000'], /for --target-fps but received "100000".*above 1000 fps is a typo/],
    ['a target fps below 1', () => ['--input', good, '--target-fps', '0.0001'], /for --target-fps but received "0.0001".*Below 1 fps every frame would stay on screen for more than a second/],
    ['a --factor that makes less than 1 fps', () => ['--input', good, '--factor', '0.05'], /--factor 0.05 gives 0.5000 fps from this source: below 1 fps/],
    ['an unwritable output path', () => ['--input', good, '--output', join(tmp.dir, 'no', 'such', 'dir', 'out.mp4')], /does not exist/],
    ['an unknown encoder', () => ['--input', good, '--encoder', 'h999'], /no video encoder named/],
    ['a bad --crf', () => ['--input', good, '--crf', 'best'], /Expected a number from 0 to 63 for --crf but received "best"/],
    ['--threads abc', () => ['--input', good, '--threads', 'abc'], /Expected a positive integer for --threads but received "abc"/],
    ['--threads 0', () => ['--input', good, '--threads', '0'], /Expected a positive integer for --threads but received "0"/],
    ['an unknown upscale model', () => ['--input', good, '--mode', 'both', '--upscale-model', 'esrgan-9000'], /Unknown upscale model "esrgan-9000"/],
    ['a scale the model does not offer', () => ['--input', good, '--mode', 'upscale', '--scale', '2', '--upscale-model', 'realesrgan-x4plus'], /does not offer x2/],
  ];

  it.each(bad)('rejects %s with one clear sentence, exit ≠ 0 and nothing at --output', async (_what, make, message) => {
    const args = await make();
    const output = args.includes('--output') ? args[args.indexOf('--output') + 1] : join(tmp.dir, 'out', 'result.mp4');
    const outDir = join(tmp.dir, 'out');
    if (!args.includes('--output')) {
      mkdirSync(outDir, { recursive: true });
      args.push('--output', output);
    }
    const r = await cli(['run', ...args, '--prefer', 'blend']);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('interup: error:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (!args.includes(join(tmp.dir, 'no', 'such', 'dir', 'out.mp4'))) expect(readdirSync(outDir)).toEqual([]);
  });
});
