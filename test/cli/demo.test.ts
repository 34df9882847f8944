// `interup demo` through the real CLI, as a new user's first command: it fetches the sample clip (a
// registry tarball checked against its pinned integrity and sha256), runs the whole job on its first half
// second, writes a labelled montage, and prints where each file is; every path it prints exists and holds
// what it says. Bad flags fail with exit 2 before anything is written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia, readPng } from '../../src/media/index.js';
import { Q } from '../../src/frames/index.js';
import { cropFrame } from '../../src/engines/upscale/region.js';
import { ProcessError, runProcess } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { buildProgram } from '../../src/cli/program.js';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await runProcess(process.execPath, [bin, ...args], { timeoutMs: 300_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return { code: error.failure.exitCode ?? -1, stdout: '', stderr: error.failure.stderrTail };
  }
}

/** The path printed after `name:` in the demo's summary. */
function printed(stdout: string, name: string): string {
  const m = new RegExp(`^\\s+${name}:\\s+(\\S+)`, 'm').exec(stdout);
  if (!m) throw new Error(`no ${name} line in:\n${stdout}`);
  return m[1];
}

describe('interup demo', () => {
  it('runs the whole job on the sample and says where the result, its report and the labelled montage are', async () => {
    const dir = join(tmp.dir, 'demo');
    const r = await cli(['demo', '--output-dir', dir, '--seconds', '0.5', '--threads', '2', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`everything is in ${dir}`);
    const sample = printed(r.stdout, 'sample');
    const result = printed(r.stdout, 'result');
    const report = printed(r.stdout, 'report');
    const montage = printed(r.stdout, 'montage');
    for (const path of [sample, result, report, montage]) {
      expect(existsSync(path), path).toBe(true);
      expect(path.startsWith(dir), path).toBe(true);
    }
    // The result: 60 fps over the sample's half second, every frame the report promised.
    const source = (await probeMedia(sample)).video!;
    const out = (await probeMedia(result)).video!;
    expect([source.width, source.height]).toEqual([400, 300]);
    expect(Q.toString(out.frameRate)).toBe('60');
    const json = JSON.parse(readFileSync(report, 'utf8')) as { framesOut: number; checks: string[]; engines: { interpolate: string } };
    expect(out.frameCount).toBe(json.framesOut);
    expect(Math.abs(Q.toNumber(out.duration) - Q.toNumber(source.duration))).toBeLessThanOrEqual(1 / 25 + 1e-6);
    expect(json.checks.length).toBeGreaterThan(0);
    expect(r.stdout).toContain(json.engines.interpolate);
    // Which device each engine runs on is said once, though the montage starts RIFE again after the run.
    const choices = r.stderr.split('\n').filter((l) => /^(rife|realesrgan)-onnx: (device |a GPU is present)/.test(l));
    expect(choices.map((l) => l.split(':')[0])).toEqual(['rife-onnx', 'realesrgan-onnx']);
    // The montage: three 800x600 panels under a band of labels, each band carrying text.
    expect(r.stdout).toMatch(/montage: .*labelled\)/);
    const png = await readPng(montage);
    expect(png.width).toBe(3 * 800 + 2 * 8);
    const top = png.height - 600;
    expect(top).toBeGreaterThan(20);
    for (let panel = 0; panel < 3; panel++) {
      const band = cropFrame(png, { x: panel * 808, y: 0, width: 800, height: top });
      expect(band.data.filter((v) => v > 160).length, `panel ${panel} label`).toBeGreaterThan(200);
    }
    // The last line is a command to type for one's own video; as printed (`interup` where setup.sh linked it
    // onto PATH, else the script's own path), with a file that does not exist, it gets as far as looking for it.
    const hint = /^Your own video: (.+)$/m.exec(r.stdout)?.[1] ?? '';
    expect(hint).toMatch(/^(interup|\.\/bin\/interup\.js) run --input YOUR\.mp4 --output YOUR\.60fps\.mp4 --target-fps 60$/);
    const [program, ...args] = hint.replace('YOUR.mp4', join(tmp.dir, 'none.mp4')).replace('YOUR.60fps.mp4', join(tmp.dir, 'none.60fps.mp4')).split(' ');
    const typed = program === 'interup' ? runProcess(program, args, { timeoutMs: 120_000 }) : runProcess(process.execPath, [program, ...args], { timeoutMs: 120_000 });
    const own = await typed.then(() => ({ code: 0, stderr: '' }), (e: ProcessError) => ({ code: e.failure.exitCode, stderr: e.failure.stderrTail }));
    expect(own.code).toBe(2);
    expect(own.stderr).toContain('none.mp4');
  });

  it('writes into interup-demo/ by default, which git ignores (a newcomer runs it in the clone)', async () => {
    const repo = resolve(import.meta.dirname, '..', '..');
    const demo = buildProgram().commands.find((c) => c.name() === 'demo');
    expect(demo?.options.find((o) => o.long === '--output-dir')?.defaultValue).toBe('interup-demo');
    const ignored = await runProcess('git', ['check-ignore', '--no-index', 'interup-demo/montage.png', 'interup-demo/sample-60fps.mp4'], { cwd: repo, timeoutMs: 30_000 });
    expect(ignored.stdout.trim().split('\n')).toEqual(['interup-demo/montage.png', 'interup-demo/sample-60fps.mp4']);
  });

  it.each([
    ['--seconds 0', ['--seconds', '0'], /Expected a number greater than 0 and at most 30 for --seconds but received "0"/],
    ['--seconds past the sample', ['--seconds', '45'], /received "45".*The sample is 30\.6 s long/],
    ['--seconds that is not a number', ['--seconds', 'abc'], /for --seconds but received "abc"/],
  ])('rejects %s with exit 2 and writes nothing', async (_what, flags, message) => {
    const dir = join(tmp.dir, `bad-${flags[1]}`);
    const r = await cli(['demo', '--output-dir', dir, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects an --output-dir that is a file with exit 2, leaving the file alone', async () => {
    const file = join(tmp.dir, 'not-a-dir');
    writeFileSync(file, 'keep me');
    const r = await cli(['demo', '--output-dir', file, '--seconds', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});
