// Real-ESRGAN (realesr-animevideov3 x2) on ONNX Runtime's WebGPU provider, for real: on a machine without a
// GPU that is Mesa 25's lavapipe (test/helpers/webgpu.ts), slow, so one small real-footage frame. It fails,
// never skips, when WebGPU does not start. Tiles of 32 px on a 72x40 frame give six tiles with inner seams
// and edge padding on every side; the WebGPU result must equal the CPU provider's whole-frame result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { UPSCALE_MODELS } from '../../src/engines/upscale/models.js';
import { planTiles } from '../../src/engines/upscale/tiling.js';
import { OnnxUpscaler } from '../../src/engines/upscale/onnx-upscaler.js';
import { convertedModel } from '../../src/models/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { footage } from '../helpers/footage.js';
import { requireWebgpu } from '../helpers/webgpu.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { decodeFrames, maxAbsDiff } from './frames.js';

// Lavapipe takes seconds per tiny frame, minutes on a loaded 2-core machine: a generous limit per test.
const LAVAPIPE_TIMEOUT = 600_000;
const [ANIME] = UPSCALE_MODELS;
let frame: Frame;
let modelPath: string;
const engines: OnnxUpscaler[] = [];

async function upscaler(provider: 'webgpu' | 'cpu', tile: number): Promise<OnnxUpscaler> {
  const up = await OnnxUpscaler.create({ modelPath, spec: ANIME, scale: 2, provider, threads: 1, tile, memoryBudget: () => 2 ** 32, logger: silentLogger });
  engines.push(up);
  return up;
}

beforeAll(async () => {
  await requireWebgpu();
  modelPath = convertedModel(TEST_MODELS_DIR, await realModel('realesr-animevideov3-x2'), 'float32').path;
  [frame] = await decodeFrames(await footage('motion.mov'), 72, 40, 1, 2);
}, LAVAPIPE_TIMEOUT);
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
});

describe('the upscaler on WebGPU', () => {
  it('72x40 in 32 px tiles: 144x80, within 1/255 of the CPU provider whole-frame, seams and edges included', async () => {
    expect(planTiles(72, 40, 32, ANIME.tilePad)).toHaveLength(6);
    const gpu = await upscaler('webgpu', 32);
    expect(gpu.info.device).toBe('webgpu');
    const tiled = await gpu.upscale(frame);
    const whole = await (await upscaler('cpu', 0)).upscale(frame);
    expect([tiled.width, tiled.height]).toEqual([144, 80]);
    expect(maxAbsDiff(tiled, whole)).toBeLessThanOrEqual(1);
  }, LAVAPIPE_TIMEOUT);
});
