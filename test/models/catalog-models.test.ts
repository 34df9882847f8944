// Every catalog model converts from its real registry weights: the .bin is consumed to the byte, the ONNX
// model loads in ONNX Runtime and produces an output of the promised size; conversions are cached.
import { existsSync, statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CATALOG, convertedModel } from '../../src/models/index.js';
import { realModel, TEST_MODELS_DIR } from './real-models.js';

describe('catalog models convert', () => {
  for (const { name } of CATALOG) {
    it(`${name}: converts, caches, and runs on a small input (RIFE needs a multiple of 32)`, async () => {
      const entry = await realModel(name);
      const first = convertedModel(TEST_MODELS_DIR, entry, 'float32');
      const again = convertedModel(TEST_MODELS_DIR, entry, 'float32');
      expect(again.path).toBe(first.path);
      expect(again.converted).toBe(false);
      expect(statSync(first.path).size).toBeGreaterThan(1_000_000);
      const session = await ort.InferenceSession.create(first.path, { intraOpNumThreads: 1 });
      try {
        const size = entry.kind === 'interpolation' ? 32 : 16;
        const feeds: Record<string, ort.Tensor> = {};
        for (const [input, channels] of Object.entries(entry.inputs)) {
          feeds[input] = new ort.Tensor('float32', new Float32Array(channels * size * size).fill(0.5), [1, channels, size, size]);
        }
        const out = await session.run(feeds);
        const result = out[session.outputNames[0]];
        const scale = entry.scale ?? 1;
        expect(result.dims).toEqual([1, 3, size * scale, size * scale]);
      } finally {
        await session.release();
      }
      expect(existsSync(first.path)).toBe(true);
    });
  }
});

describe('fp16 variant of RIFE 4.6 (for CUDA/TensorRT)', () => {
  it('runs and agrees with the fp32 model within 2/255', async () => {
    const entry = await realModel('rife-v4.6');
    const W = 64;
    const H = 64;
    const img = (phase: number): Float32Array => Float32Array.from({ length: 3 * W * H }, (_, i) => 0.5 + 0.4 * Math.sin((i % W) / 5 + phase + Math.floor(i / W) / 7));
    const run = async (path: string): Promise<Float32Array> => {
      const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
      try {
        const out = await session.run({
          in0: new ort.Tensor('float32', img(0), [1, 3, H, W]),
          in1: new ort.Tensor('float32', img(0.6), [1, 3, H, W]),
          in2: new ort.Tensor('float32', new Float32Array(W * H).fill(0.5), [1, 1, H, W]),
        });
        return out.out0.data as Float32Array;
      } finally {
        await session.release();
      }
    };
    const a = await run(convertedModel(TEST_MODELS_DIR, entry, 'float32').path);
    const b = await run(convertedModel(TEST_MODELS_DIR, entry, 'float16').path);
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    expect(max * 255).toBeLessThanOrEqual(2);
  });
});
