// Tiling: cores partition the frame, and with enough context tiled == untiled (on a real frame, with a
// deterministic neighbourhood function standing in for a network); with too little context it differs.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { planTiles, upscaleTiled } from '../../src/engines/upscale/tiling.js';
import { footage } from '../helpers/footage.js';
import { blurUpscale, decodeFrames, maxAbsDiff } from './frames.js';

describe('planTiles', () => {
  it('covers every pixel exactly once with cores, and inputs stay inside the frame', () => {
    for (const [w, h, tile, pad] of [[64, 48, 32, 8], [97, 61, 32, 24], [640, 360, 128, 10], [50, 50, 0, 5], [33, 200, 48, 0]]) {
      const seen = new Uint8Array(w * h);
      for (const { core, input } of planTiles(w, h, tile, pad)) {
        expect(input.x).toBeGreaterThanOrEqual(0);
        expect(input.x + input.width).toBeLessThanOrEqual(w);
        expect(input.y + input.height).toBeLessThanOrEqual(h);
        expect(core.x - input.x).toBe(Math.min(pad, core.x));
        if (tile > 0) expect(core.width).toBeLessThanOrEqual(tile);
        for (let y = core.y; y < core.y + core.height; y++) for (let x = core.x; x < core.x + core.width; x++) seen[y * w + x] += 1;
      }
      expect(seen.every((v) => v === 1)).toBe(true);
    }
  });
});

describe('upscaleTiled on a real frame', () => {
  let frame: Frame;
  beforeAll(async () => {
    [frame] = await decodeFrames(await footage('motion.mov'), 96, 64, 1, 2);
  });
  const radius = 5;
  const run = (f: Frame): Promise<Frame> => Promise.resolve(blurUpscale(f, 2, radius));

  it('equals the untiled result when the pad covers the receptive radius', async () => {
    const whole = blurUpscale(frame, 2, radius);
    for (const tile of [32, 40, 48]) {
      const tiled = await upscaleTiled(frame, run, { scale: 2, tile, pad: radius });
      expect(tiled.width).toBe(192);
      expect(tiled.height).toBe(128);
      expect(maxAbsDiff(tiled, whole)).toBe(0);
    }
  });

  it('shows seams when the pad is smaller than the receptive radius (the check can fail)', async () => {
    const whole = blurUpscale(frame, 2, radius);
    const tiled = await upscaleTiled(frame, run, { scale: 2, tile: 32, pad: 1 });
    expect(maxAbsDiff(tiled, whole)).toBeGreaterThan(1);
  });

  it('refuses a runner that returns the wrong size', async () => {
    await expect(upscaleTiled(frame, (f) => Promise.resolve(blurUpscale(f, 3, 0)), { scale: 2, tile: 32, pad: 4 })).rejects.toThrow(/returned/);
  });
});
