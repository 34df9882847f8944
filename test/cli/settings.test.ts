// Settings through the CLI as a user meets them: a wrong value (--threads abc, --threads 0, INFERENCE_PAD=48,
// a rate below 1 fps) is refused while the command line is parsed, by every command that takes it, with exit 2
// and one sentence, before anything loads; `interup --help` lists one line per command.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
let clip: string;
let frames: string;

beforeAll(async () => {
  clip = await tinyClip();
  frames = join(tmp.dir, 'frames');
  mkdirSync(frames);
});
afterAll(() => tmp.cleanup());

describe('a bad setting is refused before anything starts', () => {
  it('--threads abc / 0, INFERENCE_PAD=48 and --target-fps 0.0001: exit 2, one sentence, no model touched, nothing written', async () => {
    const batch = join(tmp.dir, 'b.yaml');
    writeFileSync(batch, `jobs: [{ input: "${clip}", output: out/a.mp4 }]\n`);
    const out = join(tmp.dir, 'out');
    mkdirSync(out);
    const run = ['run', '-i', clip, '-o', join(out, 'r.mp4'), '--log-format', 'json'];
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[...run, '--threads', 'abc'], {}, /^interup: error: Expected a positive integer for --threads but received "abc", which is not a number\.$/],
      [[...run, '--threads', '0'], {}, /^interup: error: Expected a positive integer for --threads but received "0"\.$/],
      [run, { INFERENCE_PAD: '48' }, /^interup: error: Expected a positive multiple of 32 for INFERENCE_PAD but received "48"\. RIFE works on sizes divisible by 32/],
      [[...run, '--target-fps', '0.0001'], {}, /for --target-fps but received "0\.0001"\. Below 1 fps every frame would stay on screen for more than a second/],
      [['frames', frames, join(out, 'f'), '2', '--threads', 'abc'], {}, /for --threads but received "abc"/],
      [['frames', frames, join(out, 'f'), '2'], { INFERENCE_PAD: '48' }, /for INFERENCE_PAD but received "48"/],
      [['preview', '-i', clip, '-o', join(out, 'p.png'), '--threads', '0'], {}, /for --threads but received "0"/],
      [['preview', '-i', clip, '-o', join(out, 'p.png')], { INFERENCE_PAD: '48' }, /for INFERENCE_PAD but received "48"/],
      [['batch', batch], { INFERENCE_PAD: '48' }, /for INFERENCE_PAD but received "48"/],
    ];
    // A model folder of its own: anything that loaded or fetched a model would leave files in it.
    const models = join(tmp.dir, 'models');
    mkdirSync(models);
    const results = await Promise.all(cases.map(([args, env]) => runCli(args, { env: { ...env, INTERUP_MODELS: models } })));
    results.forEach((r, i) => {
      const [args, , message] = cases[i] ?? [[], {}, /x/];
      const lines = r.stderr.trim().split('\n');
      expect({ args, code: r.code, lines: lines.length }).toEqual({ args, code: 2, lines: 1 });
      expect(lines[0]).toMatch(message);
    });
    expect(readdirSync(models)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(tmp.dir)).not.toContain('b.interup');
  });
});

describe('help', () => {
  it('interup --help lists one line per command; interup run --help has the long text', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = top.stdout.slice(top.stdout.indexOf('Commands:')).split('\n').slice(1).filter((l) => l.trim());
    for (const name of ['run', 'frames', 'models', 'doctor', 'batch', 'upload', 'monitor', 'preview']) {
      expect(commands.filter((l) => l.trimStart().startsWith(`${name} `))).toHaveLength(1);
    }
    // Every line of the list starts with a command name: no description wrapped onto lines of its own.
    for (const line of commands) expect(line).toMatch(/^ {2}[a-z]+ /);
    expect(top.stdout).not.toContain('then probe the result');
    const run = await runCli(['run', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('then probe the result (frame count, duration, A/V offset)');
    expect(run.stdout).toMatch(/--threads <n>\s+CPU threads/);
    expect(run.stdout).toMatch(/INFERENCE_PAD\s+RIFE padding multiple/);
  });
});
