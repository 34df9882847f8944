// `--mode upscale|both` end to end on real footage (motion.mov, with its audio): exact output size, frame
// count and duration unchanged for upscale only, doubled for both; the upscaled frames look like the
// source (SSIM against a lanczos upscale); the auto chain logs its choice; bad requests leave nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegLanczosUpscaler } from '../../src/engines/upscale/lanczos.js';
import { probeMedia } from '../../src/media/index.js';
import { processVideo } from '../../src/pipeline/index.js';
import { Q } from '../../src/frames/index.js';
import { memoryLogger, silentLogger } from '../../src/util/logger.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { decodeAll, ffmpeg, trimClip } from '../pipeline/clips.js';
import { ssim } from './frames.js';

const tmp = makeTempDir();
let input: string;
beforeAll(async () => {
  await realModel('realesr-animevideov3-x2');
  // 0.4 s of real handheld footage with its AAC audio, at 64x36.
  input = await trimClip(await footage('motion.mov'), tmp.dir, 'motion-small.mp4', 0.4, '64:36');
});
afterAll(() => tmp.cleanup());

describe('interup run --mode upscale|both', () => {
  it('upscale x2 with the default model: exact size, same frames and duration, audio kept, faithful colours', async () => {
    const output = join(tmp.dir, 'up.mp4');
    const logger = memoryLogger();
    const report = await processVideo({ input, output, mode: 'upscale', prefer: 'auto', scale: 2, modelsDir: TEST_MODELS_DIR, threads: 2 }, { logger });
    const src = await probeMedia(input);
    const out = await probeMedia(output);
    expect([out.video?.width, out.video?.height]).toEqual([128, 72]);
    expect(out.video?.frameCount).toBe(src.video?.frameCount);
    expect(Math.abs(Q.toNumber(out.video!.duration) - Q.toNumber(src.video!.duration))).toBeLessThan(1 / 30);
    expect(out.audio.length).toBe(1);
    expect(report.engines.upscale).toBe('realesrgan-onnx');
    expect(logger.records.some((r) => r.msg === 'upscaler realesrgan-onnx selected')).toBe(true);
    // Each output frame against a lanczos upscale of its source frame.
    const [a, b] = [await decodeAll(input), await decodeAll(output)];
    const lanczos = await FfmpegLanczosUpscaler.create({ scale: 2, logger: silentLogger });
    try {
      for (const i of [0, a.length - 1]) expect(await ssim(b[i], await lanczos.upscale(a[i]), tmp.dir)).toBeGreaterThan(0.85);
    } finally {
      await lanczos.dispose();
    }
  });

  it('both: interpolates then upscales every output frame in one pass (blend x2, lanczos x3)', async () => {
    const output = join(tmp.dir, 'both.mp4');
    const report = await processVideo({ input, output, mode: 'both', prefer: 'ffmpeg', factor: 2, scale: 3 }, { logger: silentLogger });
    const src = await probeMedia(input);
    const out = await probeMedia(output);
    expect([out.video?.width, out.video?.height]).toEqual([192, 108]);
    expect(out.video?.frameCount).toBe(report.framesPlanned);
    expect(report.framesPlanned).toBe(2 * src.video!.frameCount);
    expect(report.engines.upscale).toBe('lanczos-ffmpeg');
    expect(report.upscaleOrder).toBe('interpolate-first');
  });

  it('both with an upscale that costs more than the interpolation: upscales source frames first', async () => {
    const output = join(tmp.dir, 'both-first.mp4');
    const logger = memoryLogger();
    const report = await processVideo({ input, output, mode: 'both', prefer: 'blend', factor: 2, scale: 2, modelsDir: TEST_MODELS_DIR, threads: 2 }, { logger });
    expect(report.upscaleOrder).toBe('upscale-first');
    expect(report.engines).toMatchObject({ interpolate: 'blend', upscale: 'realesrgan-onnx' });
    expect(logger.records.some((r) => r.msg === 'mode both: upscale-first')).toBe(true);
    const src = await probeMedia(input);
    const out = await probeMedia(output);
    expect([out.video?.width, out.video?.height]).toEqual([128, 72]);
    expect(out.video?.frameCount).toBe(2 * src.video!.frameCount);
    const [a, b] = [await decodeAll(input), await decodeAll(output)];
    const lanczos = await FfmpegLanczosUpscaler.create({ scale: 2, logger: silentLogger });
    try {
      expect(await ssim(b[0], await lanczos.upscale(a[0]), tmp.dir)).toBeGreaterThan(0.85);
    } finally {
      await lanczos.dispose();
    }
  });

  it('auto falls back to lanczos when the model cannot be had, and says why', async () => {
    const output = join(tmp.dir, 'fallback.mp4');
    const logger = memoryLogger();
    const empty = makeTempDir();
    try {
      // An empty models dir and a registry that does not answer: the fetch fails, lanczos runs.
      process.env.npm_config_registry = 'http://127.0.0.1:9/';
      const report = await processVideo({ input, output, mode: 'upscale', prefer: 'auto', scale: 2, modelsDir: empty.dir }, { logger });
      expect(report.engines.upscale).toBe('lanczos-ffmpeg');
      const attempt = report.upscaleAttempts?.find((x) => x.id === 'realesrgan-onnx');
      expect(attempt?.outcome).toBe('failed');
      expect(logger.records.some((r) => r.msg === 'upscaler realesrgan-onnx failed to start')).toBe(true);
    } finally {
      delete process.env.npm_config_registry;
      empty.cleanup();
    }
  });

  it('refuses a frame too large for any tile setting (x4 of a 4100-px-wide clip) and writes nothing', async () => {
    const wide = join(tmp.dir, 'wide.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=4100x16:rate=10', '-frames:v', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', wide]);
    const output = join(tmp.dir, 'wide-out.mp4');
    await expect(processVideo({ input: wide, output, mode: 'upscale', prefer: 'ffmpeg', scale: 4 }, { logger: silentLogger })).rejects.toThrow(/would be 16400x64, larger than the 16384-pixel side/);
    expect(existsSync(output)).toBe(false);
  });

  it('upscales a single-frame video (nothing to interpolate, so one frame is enough)', async () => {
    const one = join(tmp.dir, 'one.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10', '-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', one]);
    const output = join(tmp.dir, 'one-x2.mp4');
    const report = await processVideo({ input: one, output, mode: 'upscale', prefer: 'ffmpeg', scale: 2 }, { logger: silentLogger });
    const out = await probeMedia(output);
    expect([out.video?.width, out.video?.height, out.video?.frameCount]).toEqual([128, 96, 1]);
    expect(report.framesOut).toBe(1);
  });

  it('refuses a tile below the minimum and upscale flags without an upscale mode', async () => {
    const output = join(tmp.dir, 'bad-tile.mp4');
    await expect(processVideo({ input, output, mode: 'upscale', prefer: 'auto', tile: 8 }, { logger: silentLogger })).rejects.toThrow(/Expected --tile 0 \(automatic\) or a whole number of pixels from 32/);
    await expect(processVideo({ input, output, mode: 'interp', prefer: 'blend', factor: 2, scale: 2 }, { logger: silentLogger })).rejects.toThrow(/--scale only apply with --mode upscale or --mode both/);
    expect(existsSync(output)).toBe(false);
  });

  it('refuses an unknown model before writing anything', async () => {
    const output = join(tmp.dir, 'bad.mp4');
    await expect(processVideo({ input, output, mode: 'upscale', prefer: 'auto', upscaleModel: 'esrgan-9000' }, { logger: silentLogger })).rejects.toThrow(/Unknown upscale model/);
    expect(existsSync(output)).toBe(false);
  });
});
