// The ffmpeg lanczos fallback: exact output size, the same pixels as a one-shot ffmpeg lanczos scale,
// frames come back in order without waiting for the next one, a size change restarts ffmpeg.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { FfmpegLanczosUpscaler } from '../../src/engines/upscale/lanczos.js';
import { silentLogger } from '../../src/util/logger.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeFrames, maxAbsDiff, ssim } from './frames.js';

describe('FfmpegLanczosUpscaler', () => {
  let frames: Frame[];
  let clip: string;
  const tmp = makeTempDir();
  beforeAll(async () => {
    clip = await footage('motion.mov');
    frames = await decodeFrames(clip, 64, 48, 3, 1);
  });
  afterAll(() => tmp.cleanup());

  it('upscales each frame x2 to the exact size, in order, matching a one-shot ffmpeg lanczos', async () => {
    const up = await FfmpegLanczosUpscaler.create({ scale: 2, logger: silentLogger });
    try {
      const outs: Frame[] = [];
      // One at a time: each result must arrive without a following frame to push it out.
      for (const f of frames) outs.push(await up.upscale(f));
      for (const [i, out] of outs.entries()) {
        expect(out.width).toBe(128);
        expect(out.height).toBe(96);
        expect(out.data.length).toBe(128 * 96 * 3);
        const reference = await oneShot(frames[i], 2);
        expect(maxAbsDiff(out, reference)).toBeLessThanOrEqual(1);
        // And not the neighbouring frame's output (ordering).
        if (i > 0) expect(maxAbsDiff(out, outs[i - 1])).toBeGreaterThan(1);
      }
      // Colours survive: downscaled back it resembles the source.
      expect(await ssim(await oneShotDown(outs[0], 2), frames[0], tmp.dir)).toBeGreaterThan(0.9);
    } finally {
      await up.dispose();
      await up.dispose();
    }
  });

  it('handles a change of frame size and x3', async () => {
    const up = await FfmpegLanczosUpscaler.create({ scale: 3, logger: silentLogger });
    try {
      const [small] = await decodeFrames(clip, 40, 30, 1, 2);
      expect((await up.upscale(frames[0])).width).toBe(192);
      const out = await up.upscale(small);
      expect([out.width, out.height]).toEqual([120, 90]);
      expect(maxAbsDiff(out, await oneShot(small, 3))).toBeLessThanOrEqual(1);
    } finally {
      await up.dispose();
    }
  });

  // The same scale done by a fresh ffmpeg on one frame.
  async function oneShot(frame: Frame, scale: number): Promise<Frame> {
    const up = await FfmpegLanczosUpscaler.create({ scale, logger: silentLogger });
    try {
      return await up.upscale(frame);
    } finally {
      await up.dispose();
    }
  }
  async function oneShotDown(frame: Frame, by: number): Promise<Frame> {
    const { spawnProcess } = await import('../../src/process/index.js');
    const { makeFrame } = await import('../../src/frames/frame.js');
    const w = frame.width / by;
    const h = frame.height / by;
    const proc = spawnProcess('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${frame.width}x${frame.height}`, '-i', 'pipe:0', '-vf', `scale=${w}:${h}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdin: 'pipe', stdout: 'pipe' });
    const chunks: Buffer[] = [];
    proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
    proc.stdin?.end(frame.data);
    await proc.done;
    return makeFrame(w, h, Buffer.concat(chunks));
  }
});
