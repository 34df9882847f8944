// RIFE engine behaviour a user meets: provider choice, padding rules, availability reasons, disposal.
import { afterEach, describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/frames/frame.js';
import { rifeNcnnFactory } from '../../src/engines/ncnn/index.js';
import { resolvePad } from '../../src/engines/pad.js';
import { listProviders, rifeOnnxFactory, selectProvider } from '../../src/engines/onnx/index.js';
import { InputError } from '../../src/util/errors.js';
import { memoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { meanAbsDiff } from './frames.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

const savedPad = process.env.INFERENCE_PAD;
afterEach(() => {
  if (savedPad === undefined) delete process.env.INFERENCE_PAD;
  else process.env.INFERENCE_PAD = savedPad;
});

describe('provider selection', () => {
  it('auto picks the best available provider and says why the others were skipped', () => {
    const providers = listProviders();
    expect(providers.map((p) => p.name)).toEqual(['tensorrt', 'cuda', 'cpu']);
    const choice = selectProvider('auto', providers);
    expect(choice.provider).toBe(providers.find((p) => p.available)?.name);
    const gpuBox = selectProvider('auto', [
      { name: 'tensorrt', available: false, reason: 'no lib' },
      { name: 'cuda', available: true },
      { name: 'cpu', available: true },
    ]);
    expect(gpuBox).toEqual({ provider: 'cuda', why: 'best available; skipped tensorrt: no lib' });
  });

  it('refuses an unknown or unavailable device by name', () => {
    expect(() => selectProvider('gpu')).toThrow(/Unknown --device "gpu"/);
    const cpuOnly = [
      { name: 'tensorrt' as const, available: false, reason: 'libonnxruntime_providers_tensorrt.so is not installed' },
      { name: 'cuda' as const, available: false, reason: 'libonnxruntime_providers_cuda.so is not installed' },
      { name: 'cpu' as const, available: true },
    ];
    expect(() => selectProvider('cuda', cpuOnly)).toThrow(/--device cuda is not available here: libonnxruntime_providers_cuda.so/);
  });
});

describe('INFERENCE_PAD', () => {
  it('defaults to 32, accepts larger multiples of 32 and refuses the rest clearly', () => {
    expect(resolvePad(undefined)).toBe(32);
    expect(resolvePad('64')).toBe(64);
    expect(() => resolvePad('48')).toThrow(InputError);
    expect(() => resolvePad('48')).toThrow(/Expected a positive multiple of 32 for INFERENCE_PAD but received "48"/);
  });

  it('the ONNX engine pads to INFERENCE_PAD and still returns the input size', async () => {
    await realModel('rife-v4.6');
    process.env.INFERENCE_PAD = '64';
    const engine = await rifeOnnxFactory.create({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'cpu', threads: 2 });
    try {
      expect(engine.info.description).toContain('pad 64');
      const a = makeFrame(40, 30, Buffer.from(Array.from({ length: 40 * 30 * 3 }, (_, i) => ((i / 3) % 40) * 4 + Math.floor(i / 120) * 2 + (i % 3) * 20)));
      const b = makeFrame(40, 30, Buffer.alloc(40 * 30 * 3, 200));
      // A frame between a frame and itself is close to that frame, cropped to the input size.
      const same = await engine.interpolate(a, a, 0.5);
      expect([same.width, same.height]).toEqual([40, 30]);
      expect(meanAbsDiff(same, a)).toBeLessThan(1);
      await expect(engine.interpolate(a, makeFrame(20, 30, Buffer.alloc(20 * 30 * 3)), 0.5)).rejects.toThrow(/equal size/);
      await expect(engine.interpolate(a, b, 1)).rejects.toThrow(RangeError);
    } finally {
      await engine.dispose();
      await engine.dispose();
    }
    await expect(engine.interpolate(makeFrame(32, 32, Buffer.alloc(3072)), makeFrame(32, 32, Buffer.alloc(3072)), 0.5)).rejects.toThrow(/disposed/);
  });
});

describe('availability', () => {
  it('says why an engine cannot run when the model is absent and fetching is off', async () => {
    const empty = makeTempDir();
    try {
      for (const factory of [rifeOnnxFactory, rifeNcnnFactory]) {
        const result = await factory.available({ logger: memoryLogger(), modelsDir: empty.dir, allowFetch: false });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain('interup models fetch rife-v4.6');
        expect((await factory.available({ logger: memoryLogger(), modelsDir: empty.dir, allowFetch: true })).ok).toBe(true);
      }
      process.env.INFERENCE_PAD = '33';
      const bad = await rifeOnnxFactory.available({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR });
      expect(bad.ok).toBe(false);
      await expect(rifeOnnxFactory.available({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'tensorrt' })).resolves.toMatchObject({ ok: false });
    } finally {
      empty.cleanup();
    }
  });
});
