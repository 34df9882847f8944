// Batch defaults meet jobs of other modes, through the CLI on a real clip: what can never run is refused
// when the file loads (exit 2, the field named, nothing run); a default that means nothing in a job's mode
// is not inherited (and the log says so); `null` on a job opts out of a default.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { Q } from '../../src/frames/index.js';
import { logRecord, runCli } from '../helpers/cli.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
let clip: string;
beforeAll(async () => {
  clip = await tinyClip(); // 160×90, 10 fps, 1 s
});
afterAll(() => tmp.cleanup());

describe('batch defaults and job modes', () => {
  it('refuses, when the file loads, every job option that can never run in its mode, naming each field', async () => {
    const file = join(tmp.dir, 'never.yaml');
    writeFileSync(
      file,
      `defaults: { mode: upscale }
jobs:
  - { id: a, input: "${clip}", output: out/a.mp4, targetFps: 30 }
  - { id: b, input: "${clip}", output: out/b.mp4, mode: interp, scale: 2 }
  - { id: c, input: "${clip}", output: out/c.mp4, scale: 2, upscaleModel: realesrgan-x4plus }
  - { id: d, input: "${clip}", output: out/d.mp4, mode: both, factor: 2, targetFps: 60 }
`,
    );
    const r = await runCli(['batch', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('jobs[0].targetFps: does not apply to mode upscale (from defaults.mode): mode upscale keeps the frame rate');
    expect(r.stderr).toContain('jobs[1].scale: does not apply to mode interp (jobs[1].mode): mode interp does not upscale');
    expect(r.stderr).toContain('jobs[2]: The upscale model realesrgan-x4plus does not offer x2 (it offers x4).');
    expect(r.stderr).toContain('jobs[3]: targetFps and factor exclude each other; give one');
    // Nothing ran: no state, no scratch folder, no output.
    expect(existsSync(join(tmp.dir, 'never.interup'))).toBe(false);
    expect(existsSync(join(tmp.dir, 'out'))).toBe(false);
  });

  it('an upscale job does not inherit a targetFps default (logged), and targetFps: null opts a job out of it', async () => {
    const file = join(tmp.dir, 'mixed.yaml');
    writeFileSync(
      file,
      `defaults: { targetFps: 30, prefer: ffmpeg }
jobs:
  - { id: up, input: "${clip}", output: done/up.mp4, mode: upscale, scale: 2 }
  - { id: thirty, input: "${clip}", output: done/thirty.mp4 }
  - { id: doubled, input: "${clip}", output: done/doubled.mp4, targetFps: null }
`,
    );
    const r = await runCli(['batch', file, '--log-format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, jobs: [{ id: 'up', status: 'done-local' }, { id: 'thirty', status: 'done-local' }, { id: 'doubled', status: 'done-local' }] });
    const notes = r.stderr.split('\n').map((l) => logRecord(l)?.msg);
    expect(notes).toContain('jobs[0]: defaults.targetFps does not apply to mode upscale; not inherited');
    const up = await probeMedia(join(tmp.dir, 'done', 'up.mp4'));
    expect([up.video?.width, up.video?.height, up.video?.frameCount, Q.toString(up.video?.frameRate ?? Q.rat(0n))]).toEqual([320, 180, 10, '10']);
    const thirty = await probeMedia(join(tmp.dir, 'done', 'thirty.mp4'));
    expect([thirty.video?.frameCount, Q.toString(thirty.video?.frameRate ?? Q.rat(0n))]).toEqual([30, '30']);
    // Opted out of the default: the batch's built-in rate, twice the source's.
    const doubled = await probeMedia(join(tmp.dir, 'done', 'doubled.mp4'));
    expect([doubled.video?.frameCount, Q.toString(doubled.video?.frameRate ?? Q.rat(0n))]).toEqual([20, '20']);
  });
});
