// RIFE engine behaviour a user meets: provider choice, padding rules, availability reasons, disposal, and
// the selection never turning a user's mistake into a silent fall-back.
import { afterEach, describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/frames/frame.js';
import { rifeNcnnFactory } from '../../src/engines/ncnn/index.js';
import { resolvePad } from '../../src/engines/pad.js';
import { listProviders, providerPlan, rifeOnnxFactory, selectProvider } from '../../src/engines/onnx/index.js';
import { blendFactory } from '../../src/engines/blend.js';
import type { InterpolatorFactory } from '../../src/engines/interpolator.js';
import { INTERPOLATOR_FACTORIES, selectInterpolator } from '../../src/engines/registry.js';
import { selectUpscaler } from '../../src/engines/upscale/index.js';
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
  it('auto plans tensorrt → cuda → webgpu → cpu over the providers this install has, with the reasons for the rest', () => {
    const providers = listProviders();
    expect(providers.map((p) => p.name)).toEqual(['tensorrt', 'cuda', 'webgpu', 'cpu']);
    for (const p of providers) if (!p.available) expect(p.reason).toBeTruthy();
    const plan = providerPlan('auto', providers);
    expect(plan.providers).toEqual(providers.filter((p) => p.available).map((p) => p.name));
    expect(plan.explicit).toBe(false);
    const gpuBox = providerPlan('auto', [
      { name: 'tensorrt', available: false, reason: 'no lib' },
      { name: 'cuda', available: true },
      { name: 'webgpu', available: true },
      { name: 'cpu', available: true },
    ]);
    expect(gpuBox).toEqual({ providers: ['cuda', 'webgpu', 'cpu'], skipped: [{ provider: 'tensorrt', reason: 'no lib' }], explicit: false });
    expect(selectProvider('auto', [{ name: 'cpu', available: true }]).provider).toBe('cpu');
  });

  it("refuses an unknown or unavailable device by name, as the user's error", () => {
    expect(() => providerPlan('gpu')).toThrow(/Unknown --device "gpu"/);
    const cpuOnly = [
      { name: 'tensorrt' as const, available: false, reason: 'libonnxruntime_providers_tensorrt.so is not installed' },
      { name: 'cuda' as const, available: false, reason: 'libonnxruntime_providers_cuda.so is not installed' },
      { name: 'webgpu' as const, available: true },
      { name: 'cpu' as const, available: true },
    ];
    expect(() => providerPlan('cuda', cpuOnly)).toThrow(InputError);
    expect(() => providerPlan('cuda', cpuOnly)).toThrow(/--device cuda is not available here: libonnxruntime_providers_cuda.so/);
    expect(providerPlan('webgpu', cpuOnly)).toEqual({ providers: ['webgpu'], skipped: [], explicit: true });
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
    } finally {
      empty.cleanup();
    }
  });
});

// A factory that counts how often auto asked it anything: the user's mistakes must be refused before.
function counting(id: string, prefer: string): InterpolatorFactory & { asked: number } {
  const factory = {
    id,
    prefer,
    asked: 0,
    available: () => {
      factory.asked++;
      return Promise.resolve({ ok: true as const });
    },
    create: async () => {
      factory.asked++;
      return blendFactory.create({ logger: memoryLogger() });
    },
  };
  return factory;
}

describe("--prefer auto never swallows the user's mistakes (issue 10, item 4)", () => {
  it('INFERENCE_PAD=48, --threads abc and --threads 0 are input errors before any engine is asked', async () => {
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['INFERENCE_PAD=48', async () => {
        process.env.INFERENCE_PAD = '48';
        return selectInterpolator('auto', { logger: memoryLogger(), modelsDir: TEST_MODELS_DIR }, [...INTERPOLATOR_FACTORIES, first]);
      }, /Expected a positive multiple of 32 for INFERENCE_PAD but received "48"/],
      ['--threads abc', () => selectInterpolator('auto', { logger: memoryLogger(), threads: Number('abc') }, [...INTERPOLATOR_FACTORIES, first]), /Expected a positive integer for --threads but received NaN/],
      ['--threads 0', () => selectInterpolator('auto', { logger: memoryLogger(), threads: 0 }, [...INTERPOLATOR_FACTORIES, first]), /Expected a positive integer for --threads but received 0/],
    ];
    const first = counting('first', 'onnx');
    for (const [name, run, message] of cases) {
      const error = await run().then(() => undefined, (e: unknown) => e);
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode, name).toBe(2);
      expect((error as Error).message, name).toMatch(message);
      delete process.env.INFERENCE_PAD;
    }
    expect(first.asked).toBe(0);
  });

  it('--device tensorrt where TensorRT is missing stops with exit 2 instead of running ncnn', async () => {
    await realModel('rife-v4.6');
    const later = counting('later', 'ncnn');
    const error = await selectInterpolator('auto', { logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'tensorrt' }, [rifeOnnxFactory, later]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/--device tensorrt is not available here/);
    expect(later.asked).toBe(0);
  });

  it("an input error from an engine's start propagates; any other failure falls through to the next engine", async () => {
    const refusing: InterpolatorFactory = {
      id: 'refusing',
      prefer: 'onnx',
      available: () => Promise.resolve({ ok: true }),
      create: () => Promise.reject(new InputError('BAD_SETTING', 'Expected something else for --setting.')),
    };
    const crashing: InterpolatorFactory = { ...refusing, id: 'crashing', create: async () => Promise.reject(new Error('driver crashed')) };
    const next = counting('next', 'blend');
    await expect(selectInterpolator('auto', { logger: memoryLogger() }, [refusing, next])).rejects.toThrow(/Expected something else/);
    expect(next.asked).toBe(0);
    const { engine, attempts } = await selectInterpolator('auto', { logger: memoryLogger() }, [crashing, next]);
    expect(attempts).toEqual([
      { id: 'crashing', outcome: 'failed', reason: 'driver crashed' },
      { id: 'next', outcome: 'used' },
    ]);
    await engine.dispose();
  });

  it('the upscaler selection refuses the same mistakes', async () => {
    await expect(selectUpscaler('auto', { logger: memoryLogger(), scale: 2, threads: 0 })).rejects.toThrow(InputError);
    await expect(selectUpscaler('auto', { logger: memoryLogger(), scale: 2, device: 'gpu' })).rejects.toThrow(/Expected one of auto, tensorrt, cuda, webgpu, cpu for --device but received "gpu"/);
  });
});
