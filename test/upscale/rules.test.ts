// Bad input and the automatic tile rule: unknown model, scale not offered, impossible frames, tile sizes.
import { describe, expect, it } from 'vitest';
import { parseScale, resolveUpscaleModel, UPSCALE_MODELS } from '../../src/engines/upscale/models.js';
import { autoTileSize, MIN_TILE, parseTile, TILE_STEP, tileBytes } from '../../src/engines/upscale/tile-size.js';
import { InputError } from '../../src/util/errors.js';
import { chooseOrder } from '../../src/pipeline/upscale-stage.js';
import type { Upscaler } from '../../src/engines/upscaler.js';

const GiB = 2 ** 30;

describe('model and scale', () => {
  it('defaults to realesr-animevideov3 and maps scales to catalog entries', () => {
    expect(resolveUpscaleModel(undefined, 2).catalogName).toBe('realesr-animevideov3-x2');
    expect(resolveUpscaleModel('realesr-animevideov3', 3).catalogName).toBe('realesr-animevideov3-x3');
    expect(resolveUpscaleModel('realesrgan-x4plus', 4).catalogName).toBe('realesrgan-x4plus');
  });
  it('rejects an unknown model by name, listing the known ones', () => {
    expect(() => resolveUpscaleModel('esrgan-9000', 2)).toThrow(InputError);
    expect(() => resolveUpscaleModel('esrgan-9000', 2)).toThrow(/Unknown upscale model "esrgan-9000"/);
    try {
      resolveUpscaleModel('esrgan-9000', 2);
    } catch (error) {
      expect((error as InputError).hint).toContain('realesrgan-x4plus');
      expect((error as InputError).exitCode).toBe(2);
    }
  });
  it('rejects a scale the model does not offer', () => {
    expect(() => resolveUpscaleModel('realesrgan-x4plus', 2)).toThrow(/does not offer x2 \(it offers x4\)/);
  });
  it('accepts --scale 2|3|4 only', () => {
    expect(parseScale('3')).toBe(3);
    for (const bad of ['5', '1', '2.5', 'two', 0]) expect(() => parseScale(bad)).toThrow(/Expected --scale 2, 3 or 4/);
  });
});

describe('automatic tile size', () => {
  const spec = UPSCALE_MODELS[0];
  const base = { scale: 2, pad: spec.tilePad, bytesPerPixel: spec.bytesPerPixel };
  it('does not tile a small frame when memory is plentiful', () => {
    expect(autoTileSize({ ...base, width: 640, height: 360, budgetBytes: 8 * GiB }).tile).toBe(0);
  });
  it('tiles a 4K frame to fit a 1 GiB budget, with the largest step-aligned tile that fits', () => {
    const input = { ...base, width: 3840, height: 2160, budgetBytes: 1 * GiB };
    const d = autoTileSize(input);
    const out = 3840 * 2 * 2160 * 2 * 3;
    expect(d.tile % TILE_STEP).toBe(0);
    expect(d.tile).toBeGreaterThanOrEqual(MIN_TILE);
    expect(tileBytes(input, d.tile) + out).toBeLessThanOrEqual(1 * GiB);
    expect(tileBytes(input, d.tile + TILE_STEP) + out).toBeGreaterThan(1 * GiB);
    expect(d.tiles).toBe(Math.ceil(3840 / d.tile) * Math.ceil(2160 / d.tile));
  });
  it('says a frame is too large when even the smallest tile cannot fit', () => {
    expect(() => autoTileSize({ ...base, width: 3840, height: 2160, budgetBytes: 64 * 2 ** 20 })).toThrow(/Not enough memory to upscale a 3840x2160 frame/);
  });
  it('says a frame is too large when the result could not be encoded at any tile size', () => {
    expect(() => autoTileSize({ ...base, scale: 4, width: 7680, height: 4320, budgetBytes: 1000 * GiB })).toThrow(/would be 30720x17280/);
  });
  it('validates --tile', () => {
    expect(parseTile('0')).toBe(0);
    expect(parseTile('256')).toBe(256);
    for (const bad of ['8', '-1', 'big', '12.5']) expect(() => parseTile(bad)).toThrow(/Expected --tile 0/);
  });
});

describe('--mode both order', () => {
  const upscaler = (model: string | undefined) => ({ info: { id: 'x', description: '', device: 'cpu', model } }) as unknown as Upscaler;
  it('interpolates first when RIFE at s² pixels would cost more than the extra upscales', () => {
    expect(chooseOrder(upscaler('realesr-animevideov3-x4'), 4, { id: 'rife-onnx', streamFilter: false }).order).toBe('interpolate-first');
    expect(chooseOrder(upscaler(undefined), 2, { id: 'rife-onnx', streamFilter: false }).order).toBe('interpolate-first');
  });
  it('upscales first when the upscale is the expensive part (x2, heavy model, or a cheap blend)', () => {
    expect(chooseOrder(upscaler('realesr-animevideov3-x2'), 2, { id: 'rife-onnx', streamFilter: false }).order).toBe('upscale-first');
    expect(chooseOrder(upscaler('realesrgan-x4plus-x4'), 4, { id: 'rife-onnx', streamFilter: false }).order).toBe('upscale-first');
    expect(chooseOrder(upscaler('realesr-animevideov3-x4'), 4, { id: 'blend', streamFilter: false }).order).toBe('upscale-first');
  });
  it('always interpolates first with a whole-stream filter (it runs inside the decoder)', () => {
    expect(chooseOrder(upscaler('realesrgan-x4plus-x4'), 4, { id: 'minterpolate', streamFilter: true }).order).toBe('interpolate-first');
  });
});
