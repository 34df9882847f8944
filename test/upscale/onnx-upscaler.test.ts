// The converted Real-ESRGAN models on ONNX Runtime (CPU here), on real footage: they compute what the
// published networks compute (max abs diff <= 1 against the independent float64 reference), give the
// exact size, look like the picture (SSIM against lanczos), and tile without seams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { FfmpegLanczosUpscaler } from '../../src/engines/upscale/lanczos.js';
import { UPSCALE_MODELS, type UpscaleModelSpec } from '../../src/engines/upscale/models.js';
import { OnnxUpscaler } from '../../src/engines/upscale/onnx-upscaler.js';
import { convertedModel, modelDir } from '../../src/models/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { decodeFrames, maxAbsDiff, ssim } from './frames.js';
import { loadWeights, rrdbNet, srvggCompact } from './reference-net.js';

const [ANIME, X4PLUS] = UPSCALE_MODELS;
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

// An ORT upscaler for a catalog model, converted from the real weights.
async function engine(catalogName: string, spec: UpscaleModelSpec, scale: number, tile = 0): Promise<{ up: OnnxUpscaler; weights: () => ReturnType<typeof loadWeights> }> {
  const entry = await realModel(catalogName);
  const { path } = convertedModel(TEST_MODELS_DIR, entry, 'float32');
  const up = await OnnxUpscaler.create({ modelPath: path, spec, scale, provider: 'cpu', threads: 2, tile, memoryBudget: () => 2 ** 32, logger: silentLogger });
  const dir = modelDir(TEST_MODELS_DIR, entry);
  return { up, weights: () => loadWeights(`${dir}/${catalogName}.param`, `${dir}/${catalogName}.bin`) };
}

let clip: string;
let frame: Frame;
beforeAll(async () => {
  clip = await footage('motion.mov');
  [frame] = await decodeFrames(clip, 64, 48, 1, 3);
});

describe('equivalence with the published architectures (float64 reference)', () => {
  for (const scale of [2, 3, 4]) {
    it(`realesr-animevideov3 x${scale} on a real 48x32 crop: max abs diff <= 1`, async () => {
      const [crop] = await decodeFrames(clip, 48, 32, 1, 5);
      const { up, weights } = await engine(`realesr-animevideov3-x${scale}`, ANIME, scale);
      try {
        const out = await up.upscale(crop);
        expect([out.width, out.height]).toEqual([48 * scale, 32 * scale]);
        const reference = srvggCompact(crop, weights(), scale);
        expect(maxAbsDiff(out, reference)).toBeLessThanOrEqual(1);
      } finally {
        await up.dispose();
      }
    });
  }

  it('realesrgan-x4plus on a real 12x12 crop: max abs diff <= 1', async () => {
    const [crop] = await decodeFrames(clip, 12, 12, 1, 5);
    const { up, weights } = await engine('realesrgan-x4plus', X4PLUS, 4);
    try {
      const out = await up.upscale(crop);
      expect([out.width, out.height]).toEqual([48, 48]);
      expect(maxAbsDiff(out, rrdbNet(crop, weights()))).toBeLessThanOrEqual(1);
    } finally {
      await up.dispose();
    }
  });
});

describe('realesr-animevideov3 on a real 64x48 frame', () => {
  for (const scale of [2, 4]) {
    it(`x${scale}: exact size, SSIM against lanczos in a sane range, tiled == untiled within 1/255`, async () => {
      const whole = await engine(`realesr-animevideov3-x${scale}`, ANIME, scale);
      const tiled = await engine(`realesr-animevideov3-x${scale}`, ANIME, scale, 32);
      const seamy = await engine(`realesr-animevideov3-x${scale}`, { ...ANIME, tilePad: 2 }, scale, 32);
      const lanczos = await FfmpegLanczosUpscaler.create({ scale, logger: silentLogger });
      try {
        const out = await whole.up.upscale(frame);
        expect([out.width, out.height]).toEqual([64 * scale, 48 * scale]);
        // Garbage colours or a shifted image score far lower; a different but faithful upscale stays high.
        const s = await ssim(out, await lanczos.upscale(frame), tmp.dir);
        expect(s).toBeGreaterThan(0.85);
        expect(maxAbsDiff(await tiled.up.upscale(frame), out)).toBeLessThanOrEqual(1);
        // Too little context does show (the tiling check can fail).
        expect(maxAbsDiff(await seamy.up.upscale(frame), out)).toBeGreaterThan(1);
      } finally {
        await Promise.all([whole.up.dispose(), tiled.up.dispose(), seamy.up.dispose(), lanczos.dispose()]);
      }
    });
  }
});
