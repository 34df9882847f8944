// The ONNX Runtime engine against rife-ncnn-vulkan -g -1 (the reference implementation) on the same
// frame pairs: synthetic and real footage, timesteps 0.25/0.5/0.75, every 8-bit value within 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { rifeOnnxFactory } from '../../src/engines/onnx/index.js';
import { rifeNcnnFactory } from '../../src/engines/ncnn/index.js';
import type { Interpolator } from '../../src/engines/interpolator.js';
import { memoryLogger } from '../../src/util/logger.js';
import { footage } from '../helpers/footage.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, maxAbsDiff, meanAbsDiff } from './frames.js';

let onnx: Interpolator;
let ncnn: Interpolator;
const logger = memoryLogger();

beforeAll(async () => {
  await realModel('rife-v4.6');
  const context = { logger, modelsDir: TEST_MODELS_DIR, device: 'cpu', threads: 2, allowFetch: false };
  onnx = await rifeOnnxFactory.create(context);
  ncnn = await rifeNcnnFactory.create(context);
});

afterAll(async () => {
  await onnx?.dispose();
  await ncnn?.dispose();
});

async function compare(a: Frame, b: Frame, timesteps: readonly number[]): Promise<void> {
  for (const t of timesteps) {
    const [x, y] = [await onnx.interpolate(a, b, t), await ncnn.interpolate(a, b, t)];
    expect([x.width, x.height]).toEqual([a.width, a.height]);
    expect(maxAbsDiff(x, y), `t=${t}`).toBeLessThanOrEqual(1);
    // A real interpolation: not a copy of either input (each differs by a share of what separates them).
    const gap = meanAbsDiff(a, b);
    expect(gap).toBeGreaterThan(0.5);
    expect(meanAbsDiff(x, a)).toBeGreaterThan(0.1 * gap);
    expect(meanAbsDiff(x, b)).toBeGreaterThan(0.1 * gap);
  }
}

describe('rife-onnx matches rife-ncnn-vulkan -g -1', () => {
  it('on synthetic motion (testsrc2, 128x96)', async () => {
    const frames = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25', '-frames:v', '4'], 128, 96);
    await compare(frames[0], frames[3], [0.25, 0.5, 0.75]);
    expect(onnx.info.device).toBe('cpu');
    expect(logger.records.some((r) => r.msg.includes('provider cpu'))).toBe(true);
  });

  it('on real handheld footage (motion.mov, 192x128)', async () => {
    const clip = await footage('motion.mov');
    const frames = await ffmpegFrames(['-i', clip, '-frames:v', '126'], 192, 128);
    await compare(frames[120], frames[124], [0.25, 0.5, 0.75]);
  });

  it('on a size that is not a multiple of 32 (both engines pad inside and crop back)', async () => {
    const clip = await footage('motion.mov');
    const frames = await ffmpegFrames(['-i', clip, '-frames:v', '110'], 142, 80);
    await compare(frames[104], frames[107], [0.5]);
  });
});
