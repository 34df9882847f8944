// `interup preview` through the real CLI: a PNG montage of the exact promised size whose middle panel is
// the model's upscale of the frame at --at; bad --at values fail clearly with nothing written.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia, readPng } from '../../src/media/index.js';
import { Q } from '../../src/frames/index.js';
import { writePreview } from '../../src/pipeline/index.js';
import { ProcessError, runProcess } from '../../src/process/index.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { trimClip } from '../pipeline/clips.js';
import { cropFrame } from '../../src/engines/upscale/region.js';
import { maxAbsDiff, ssim } from './frames.js';
import { meanAbsDiff } from '../engines-rife/frames.js';
import { makeFrame, type Frame } from '../../src/frames/frame.js';
import { FfmpegLanczosUpscaler, selectUpscaler } from '../../src/engines/upscale/index.js';
import { silentLogger } from '../../src/util/logger.js';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const tmp = makeTempDir();
let input: string;

async function cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await runProcess(process.execPath, [bin, ...args], { timeoutMs: 180_000, env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return { code: error.failure.exitCode ?? -1, stdout: '', stderr: error.failure.stderrTail };
  }
}

beforeAll(async () => {
  await realModel('realesr-animevideov3-x2');
  input = await trimClip(await footage('motion.mov'), tmp.dir, 'motion-preview.mp4', 1, '64:36');
});
afterAll(() => tmp.cleanup());

// Undoes the source panel's display enlargement (each pixel doubled): the frame itself.
function everyOther(panel: Frame): Frame {
  const w = panel.width / 2;
  const h = panel.height / 2;
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) panel.data.copy(out, (y * w + x) * 3, (2 * y * panel.width + 2 * x) * 3, (2 * y * panel.width + 2 * x) * 3 + 3);
  return makeFrame(w, h, out);
}

describe('interup preview', () => {
  it('writes source | upscaled | interpolated as one PNG of the promised size, each panel labelled', async () => {
    const output = join(tmp.dir, 'p.png');
    const r = await cli(['preview', '--input', input, '--at', '00:00:00.5', '--output', output, '--scale', '2', '--models-dir', TEST_MODELS_DIR, '--threads', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('realesrgan-onnx');
    expect(r.stdout).toContain('labelled');
    const png = await readPng(output);
    // A band of labels above the panels (four lines at the smallest font, 9 px).
    const top = png.height - 72;
    expect(png.width).toBe(3 * 128 + 2 * 8);
    expect(top).toBeGreaterThanOrEqual(4 * 9);
    // Each panel's band carries text: white pixels on the dark background, only there.
    for (let panel = 0; panel < 3; panel++) {
      const band = cropFrame(png, { x: panel * 136, y: 0, width: 128, height: top });
      const lit = band.data.filter((v) => v > 160).length;
      expect(lit, `panel ${panel} label`).toBeGreaterThan(100);
    }
    // The upscaled panel and the enlarged source show the same picture.
    const source = cropFrame(png, { x: 0, y: top, width: 128, height: 72 });
    const upscaled = cropFrame(png, { x: 136, y: top, width: 128, height: 72 });
    const between = cropFrame(png, { x: 272, y: top, width: 128, height: 72 });
    expect(await ssim(source, upscaled, tmp.dir)).toBeGreaterThan(0.7);
    expect(await ssim(source, between, tmp.dir)).toBeGreaterThan(0.5);
    // The middle panel is the model's own upscale of the source frame (the source panel is that frame
    // with each pixel doubled), not a plain resize such as lanczos.
    const frame = everyOther(source);
    const { upscaler } = await selectUpscaler('onnx', { logger: silentLogger, threads: 2, modelsDir: TEST_MODELS_DIR, scale: 2 });
    const lanczos = await FfmpegLanczosUpscaler.create({ scale: 2, logger: silentLogger });
    try {
      const model = await upscaler.upscale(frame);
      const plain = await lanczos.upscale(frame);
      expect(maxAbsDiff(upscaled, model)).toBeLessThanOrEqual(1); // 0 here; a level of rounding allowed
      expect(meanAbsDiff(upscaled, plain)).toBeGreaterThan(2); // 3.5 here: lanczos would not pass
    } finally {
      await Promise.all([upscaler.dispose(), lanczos.dispose()]);
    }
  });

  it('labels: the source and interpolated panels are enlarged for display; the interpolated one says between which source times it sits', async () => {
    const result = await writePreview(
      { input, output: join(tmp.dir, 'labels.png'), at: '0.5', prefer: 'ffmpeg', scale: 2, modelsDir: TEST_MODELS_DIR, threads: 2 },
      { logger: silentLogger },
    );
    // The clip is 30 fps from 0: the first frame at or after 0.5 s is at 0.5 s, the next at 0.533 s.
    const times = (await probeMedia(input)).video!.frameTimes.map((t) => Q.toNumber(t));
    expect(times.slice(15, 17).map((t) => Number((t - times[0]).toFixed(3)))).toEqual([0.5, 0.533]);
    expect(result.labels).toEqual([
      ['source frame', 'at 0.5 s', '64×36', 'enlarged ×2 for display'],
      ['upscaled ×2', 'lanczos-ffmpeg (cpu)', '', '128×72'],
      ['interpolated t = 0.5', 'between 0.5 s and 0.533 s', 'minterpolate (cpu)', '', '64×36', 'enlarged ×2 for display'],
    ]);
  });

  it.each([
    ['a time past the end', '00:00:09', /past the end/],
    ['a malformed time', '3 seconds', /Expected --at as hh:mm:ss/],
    ['a label font that does not exist', '00:00:00.5', /INTERUP_FONT names \/nonexistent\/font\.ttf, which does not exist/, { INTERUP_FONT: '/nonexistent/font.ttf' }],
  ])('rejects %s with a clear message and writes nothing', async (_what, at, message, env?: Record<string, string>) => {
    const output = join(tmp.dir, 'bad.png');
    const r = await cli(['preview', '--input', input, '--at', at, '--output', output, '--prefer', 'ffmpeg'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(output)).toBe(false);
  });
});
