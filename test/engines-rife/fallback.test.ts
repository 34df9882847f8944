// A provider that fails must not lose the run. The fall-back logic is tested with stated failures: a
// provider whose start fails with Dawn's own "no adapter" error, and a real CPU session wrapped to throw
// at one chosen call ("flaky-gpu"), which is what a lost device or an out-of-memory frame looks like to the
// engine. Whether this machine's WebGPU starts (a GPU, or the tests' Mesa 25 lavapipe) only decides which
// real path the CLI test takes; the real WebGPU session failing mid-run is in webgpu.test.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import type { InterpolatorFactory } from '../../src/engines/interpolator.js';
import { OrtSession, RifeOnnxEngine, RifeOnnxInterpolator, probeWebgpu, rifeStarters, type OrtSessionOptions, type RifeSession } from '../../src/engines/onnx/index.js';
import { selectInterpolator } from '../../src/engines/registry.js';
import { convertedModel } from '../../src/models/index.js';
import { processVideo } from '../../src/pipeline/index.js';
import { InputError, InterupError } from '../../src/util/errors.js';
import { memoryLogger, type Logger } from '../../src/util/logger.js';
import { decodeAll, ffmpeg, synthClip } from '../pipeline/clips.js';
import { footage } from '../helpers/footage.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/tmp.js';
import { stringContaining } from '../helpers/matchers.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, maxAbsDiff } from './frames.js';

const tmp = makeTempDir();
let frames: Frame[];
let modelPath: string;

beforeAll(async () => {
  modelPath = convertedModel(TEST_MODELS_DIR, await realModel('rife-v4.6'), 'float32').path;
  frames = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=0.6'], 96, 64);
});
afterAll(() => tmp.cleanup());

// A real CPU session whose `failAt`-th run (counted over every session this opener made) throws.
function flakyOpener(failAt: number): { open: (o: OrtSessionOptions) => Promise<RifeSession>; runs: () => number } {
  let runs = 0;
  const open = async (options: OrtSessionOptions): Promise<RifeSession> => {
    const session = await OrtSession.create({ ...options, provider: 'cpu' });
    return {
      threads: session.threads,
      outputNames: session.outputNames,
      run: async (feeds) => {
        if (++runs === failAt) throw new Error('device lost (VK_ERROR_DEVICE_LOST)');
        return session.run(feeds);
      },
      dispose: () => session.dispose(),
    };
  };
  return { open, runs: () => runs };
}

// Starters: a flaky "GPU" that fails at call `failAt`, then the real CPU provider.
function flakyThenCpu(failAt: number, logger: Logger = memoryLogger()) {
  const flaky = flakyOpener(failAt);
  const cpu = rifeStarters({ dir: TEST_MODELS_DIR, providers: ['cpu'], threads: 1, pad: 32, logger })[0];
  return [
    { provider: 'flaky-gpu', concurrency: 1, start: () => RifeOnnxInterpolator.create({ modelPath, provider: 'cpu', threads: 1, pad: 32, logger, createSession: flaky.open }) },
    cpu,
  ];
}

async function cpuReference(pairs: number): Promise<Frame[]> {
  const engine = await RifeOnnxInterpolator.create({ modelPath, provider: 'cpu', threads: 1, pad: 32, logger: memoryLogger() });
  try {
    const out: Frame[] = [];
    for (let i = 0; i < pairs; i++) out.push(await engine.interpolate(frames[i], frames[i + 1], 0.5));
    return out;
  } finally {
    await engine.dispose();
  }
}

const NO_ADAPTER = 'Failed to get a WebGPU adapter: No supported adapters (Dawn: Vulkan shaderUniform*ArrayDynamicIndexing required.)';

// Starters: a WebGPU provider whose start fails as Dawn fails without an adapter, then the real CPU provider.
function noAdapterThenCpu(logger: Logger) {
  return [
    { provider: 'webgpu', concurrency: 1, start: () => Promise.reject(new InterupError('WEBGPU_NO_ADAPTER', NO_ADAPTER)) },
    rifeStarters({ dir: TEST_MODELS_DIR, providers: ['cpu'], threads: 1, pad: 32, logger })[0],
  ];
}

describe('a provider that fails to start', () => {
  it('auto: the next provider starts, the failure is logged as a warning and kept for the report', async () => {
    const logger = memoryLogger();
    const engine = await RifeOnnxEngine.start(noAdapterThenCpu(logger), { explicit: false, logger });
    try {
      expect(engine.info.device).toBe('cpu');
      expect(engine.fallbacks).toEqual([{ stage: 'start', from: 'webgpu', to: 'cpu', reason: NO_ADAPTER }]);
      expect(logger.records.some((r) => r.level === 'warn' && r.msg === 'rife-onnx: the webgpu provider failed to start; trying cpu')).toBe(true);
      expect(maxAbsDiff(await engine.interpolate(frames[0], frames[1], 0.5), (await cpuReference(1))[0])).toBe(0);
    } finally {
      await engine.dispose();
    }
  });

  it('--device webgpu: stops with one sentence (exit 2) and never runs another engine', async () => {
    const named: InterpolatorFactory = {
      id: 'rife-onnx',
      prefer: 'onnx',
      available: () => Promise.resolve({ ok: true }),
      create: async (context) => RifeOnnxEngine.start(noAdapterThenCpu(context.logger).slice(0, 1), { explicit: true, logger: context.logger }),
    };
    const other: InterpolatorFactory = { id: 'other', prefer: 'ncnn', available: () => Promise.resolve({ ok: true }), create: async () => Promise.reject(new Error('must not start')) };
    const error = await selectInterpolator('auto', { logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'webgpu', threads: 1 }, [named, other]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('DEVICE_FAILED');
    expect((error as Error).message).toBe(`rife-onnx could not start on --device webgpu: ${NO_ADAPTER}.`);
    expect((error as InputError).hint).toContain('--device auto');
  });
});

describe('through the CLI', () => {
  it('interup run --device webgpu: with an adapter, frames within 1/255 of --device cpu; without, exit 2, one sentence, nothing written', async () => {
    // A quarter second of real footage at 96x64: lavapipe takes about a second per frame even this small.
    const input = join(tmp.dir, 'short.mkv');
    await ffmpeg(['-i', await footage('motion.mov'), '-t', '0.25', '-an', '-vf', 'scale=96:64', '-c:v', 'ffv1', input]);
    const args = (output: string, device: string) => ['run', '--input', input, '--output', output, '--factor', '2', '--device', device, '--encoder', 'ffv1', '--models-dir', TEST_MODELS_DIR, '--no-progress'];
    const named = join(tmp.dir, 'named.mkv');
    const probe = await probeWebgpu('any');
    // Generous limits: lavapipe is slow, and slower still on a loaded 2-core machine.
    const run = await runCli(args(named, 'webgpu'), { timeoutMs: 400_000 });
    if (!probe.ok) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('rife-onnx could not start on --device webgpu: Failed to get a WebGPU adapter');
      expect(existsSync(named)).toBe(false);
    } else {
      expect(run.code, run.stderr).toBe(0);
      if (probe.software) expect(run.stderr).toMatch(/rife-onnx: WebGPU runs on .+, a software renderer, because --device webgpu asked for it/);
      const cpu = join(tmp.dir, 'cpu.mkv');
      expect((await runCli(args(cpu, 'cpu'), { timeoutMs: 400_000 })).code).toBe(0);
      const [a, b] = [await decodeAll(named), await decodeAll(cpu)];
      expect(a).toHaveLength(b.length);
      expect(a.length).toBeGreaterThan(4);
      a.forEach((frame, i) => expect(maxAbsDiff(frame, b[i]), `output frame ${i}`).toBeLessThanOrEqual(1));
    }
    expect(run.stderr).not.toMatch(/PhysicalDeviceVk|VerifyEachNodeIsAssignedToAnEp/); // the probe's Dawn noise stays in its process; ORT's warnings are off
  }, 900_000);
});

describe('a provider that fails mid-run', () => {
  it('auto: the failed call is made again on the next provider; every frame equals the CPU frame', async () => {
    const logger = memoryLogger();
    const engine = await RifeOnnxEngine.start(flakyThenCpu(3, logger), { explicit: false, logger });
    try {
      const got: Frame[] = [];
      for (let i = 0; i < 5; i++) got.push(await engine.interpolate(frames[i], frames[i + 1], 0.5));
      const want = await cpuReference(5);
      got.forEach((frame, i) => expect(maxAbsDiff(frame, want[i]), `frame ${i}`).toBe(0));
      expect(engine.fallbacks).toEqual([{ stage: 'run', from: 'flaky-gpu', to: 'cpu', call: 3, reason: 'device lost (VK_ERROR_DEVICE_LOST)' }]);
      expect(engine.info.device).toBe('cpu');
      expect(logger.records.some((r) => r.msg.startsWith('rife-onnx: the flaky-gpu provider failed at call 3; continuing on cpu'))).toBe(true);
    } finally {
      await engine.dispose();
    }
  });

  it('a named provider stops at the failed call with one sentence saying what to try', async () => {
    const engine = await RifeOnnxEngine.start(flakyThenCpu(2).slice(0, 1), { explicit: true, logger: memoryLogger() });
    try {
      await engine.interpolate(frames[0], frames[1], 0.5);
      await expect(engine.interpolate(frames[1], frames[2], 0.5)).rejects.toMatchObject({
        code: 'PROVIDER_FAILED',
        message: 'rife-onnx failed on --device flaky-gpu at call 2: device lost (VK_ERROR_DEVICE_LOST).',
        hint: stringContaining('--device auto'),
      });
    } finally {
      await engine.dispose();
    }
  });

  it('through the pipeline: frames before the failure stay, the output equals an all-CPU run, the report says so', async () => {
    const input = await synthClip(tmp.dir, 'in.mkv', { rate: '10', seconds: 0.8, size: '96x64', codec: ['-c:v', 'ffv1'] });
    const factory = (failAt?: number): InterpolatorFactory => ({
      id: 'rife-onnx',
      prefer: 'onnx',
      available: () => Promise.resolve({ ok: true }),
      create: async (context) => {
        const starters = failAt ? flakyThenCpu(failAt, context.logger) : flakyThenCpu(Number.POSITIVE_INFINITY, context.logger).slice(1);
        return RifeOnnxEngine.start(starters, { explicit: false, logger: context.logger });
      },
    });
    const run = (name: string, failAt?: number) =>
      processVideo(
        { input, output: join(tmp.dir, name), mode: 'interp', prefer: 'onnx', factor: 2, encoder: 'ffv1', sceneDetect: false },
        { logger: memoryLogger(), interpolators: [factory(failAt)] },
      );
    const plain = await run('plain.mkv');
    const flaky = await run('flaky.mkv', 4);
    expect(flaky.framesOut).toBe(plain.framesOut);
    expect(flaky.engineFallbacks).toEqual([{ stage: 'run', from: 'flaky-gpu', to: 'cpu', call: 4, reason: stringContaining('device lost') }]);
    expect(plain.engineFallbacks).toBeUndefined();
    const [a, b] = [await decodeAll(join(tmp.dir, 'plain.mkv')), await decodeAll(join(tmp.dir, 'flaky.mkv'))];
    expect(b).toHaveLength(a.length);
    a.forEach((frame, i) => expect(maxAbsDiff(b[i], frame), `output frame ${i}`).toBe(0));
  });
});
