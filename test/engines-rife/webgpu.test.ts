// RIFE on ONNX Runtime's WebGPU provider, for real: on a machine without a GPU that is Mesa 25's lavapipe
// (see test/helpers/webgpu.ts), slow (seconds per small frame), so a handful of tiny real-footage frames.
// The tests fail, never skip, when WebGPU does not start. What they check is the GPU code path: building
// WebGPU sessions, moving tensors in and out, padding and cropping odd sizes, 16-bit frames, and the
// mid-run fall-back to the CPU with a real WebGPU session.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { gpuPresent, listProviders, OrtSession, RifeOnnxEngine, RifeOnnxInterpolator, rifeStarters, type OrtSessionOptions, type RifeSession } from '../../src/engines/onnx/index.js';
import { selectInterpolator } from '../../src/engines/registry.js';
import { decodeFrames } from '../../src/media/index.js';
import { convertedModel } from '../../src/models/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { runCli } from '../helpers/cli.js';
import { footage } from '../helpers/footage.js';
import { makeTempDir } from '../helpers/tmp.js';
import { ffmpeg } from '../pipeline/clips.js';
import { tenBitFfv1Clip } from '../helpers/odd-footage.js';
import { maxAbsDiff16, requireWebgpu } from '../helpers/webgpu.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, maxAbsDiff } from './frames.js';

// Lavapipe takes seconds per tiny frame, minutes on a loaded 2-core machine: a generous limit per test.
const LAVAPIPE_TIMEOUT = 600_000;
let modelPath: string;
let small: Frame[];
let wide: Frame[];
let deep: Frame[];
let webgpu: RifeOnnxInterpolator;
let cpu: RifeOnnxInterpolator;

async function deepFrames(w: number, h: number): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of decodeFrames(await tenBitFfv1Clip(), { width: w, height: h, filter: `scale=${w}:${h}:flags=area`, pixelFormat: 'rgb48le' })) {
    out.push(f);
    if (out.length === 2) break;
  }
  return out;
}

beforeAll(async () => {
  await requireWebgpu();
  modelPath = convertedModel(TEST_MODELS_DIR, await realModel('rife-v4.6'), 'float32').path;
  const clip = await footage('motion.mov');
  small = await ffmpegFrames(['-i', clip, '-frames:v', '5'], 96, 64);
  wide = await ffmpegFrames(['-ss', '1', '-i', clip, '-frames:v', '2'], 330, 190);
  deep = await deepFrames(100, 60);
  const logger = memoryLogger();
  [webgpu, cpu] = await Promise.all([
    RifeOnnxInterpolator.create({ modelPath, provider: 'webgpu', threads: 1, pad: 32, logger }),
    RifeOnnxInterpolator.create({ modelPath, provider: 'cpu', threads: 1, sessions: 1, pad: 32, logger }),
  ]);
}, LAVAPIPE_TIMEOUT);
afterAll(async () => {
  await Promise.all([webgpu?.dispose(), cpu?.dispose()]);
});

describe('RIFE on WebGPU equals the CPU provider within 1/255 (real footage)', () => {
  it('96x64 at timesteps 0.25, 0.5 and 0.75', async () => {
    expect(webgpu.info.device).toBe('webgpu');
    for (const t of [0.25, 0.5, 0.75]) {
      const [g, c] = [await webgpu.interpolate(small[1], small[2], t), await cpu.interpolate(small[1], small[2], t)];
      expect(maxAbsDiff(g, c), `t=${t}`).toBeLessThanOrEqual(1);
    }
  }, LAVAPIPE_TIMEOUT);

  it('330x190 (a width that is not a multiple of 32): the frame is padded for the network and cropped back', async () => {
    const g = await webgpu.interpolate(wide[0], wide[1], 0.5);
    expect([g.width, g.height]).toEqual([330, 190]);
    expect(maxAbsDiff(g, await cpu.interpolate(wide[0], wide[1], 0.5))).toBeLessThanOrEqual(1);
  }, LAVAPIPE_TIMEOUT);

  it('10-bit input (rgb48le frames from a 10-bit ffv1 clip) stays 16-bit and within 1/255', async () => {
    const g = await webgpu.interpolate(deep[0], deep[1], 0.5);
    expect(g.format).toBe('rgb48le');
    expect(maxAbsDiff16(g.data, (await cpu.interpolate(deep[0], deep[1], 0.5)).data)).toBeLessThanOrEqual(1);
  }, LAVAPIPE_TIMEOUT);
});

describe('a real WebGPU session that fails mid-run', () => {
  it('auto falls to the CPU at the failed call: frames before it kept, that frame made again on the CPU', async () => {
    let runs = 0;
    const failing = async (options: OrtSessionOptions): Promise<RifeSession> => {
      const session = await OrtSession.create(options);
      return {
        threads: session.threads,
        outputNames: session.outputNames,
        run: async (feeds) => {
          if (++runs === 3) throw new Error('device lost (VK_ERROR_DEVICE_LOST)');
          return session.run(feeds);
        },
        dispose: () => session.dispose(),
      };
    };
    const logger = memoryLogger();
    const starters = [
      { provider: 'webgpu', concurrency: 1, start: () => RifeOnnxInterpolator.create({ modelPath, provider: 'webgpu', threads: 1, pad: 32, logger, createSession: failing }) },
      rifeStarters({ dir: TEST_MODELS_DIR, providers: ['cpu'], threads: 1, pad: 32, logger })[0],
    ];
    const engine = await RifeOnnxEngine.start(starters, { explicit: false, logger });
    try {
      const got: Frame[] = [];
      for (let i = 0; i < 4; i++) got.push(await engine.interpolate(small[i], small[i + 1], 0.5));
      expect(engine.fallbacks).toEqual([{ stage: 'run', from: 'webgpu', to: 'cpu', call: 3, reason: 'device lost (VK_ERROR_DEVICE_LOST)' }]);
      expect(engine.info.device).toBe('cpu');
      for (let i = 0; i < 4; i++) {
        const c = await cpu.interpolate(small[i], small[i + 1], 0.5);
        if (i < 2) {
          // Made on WebGPU before the failure and kept: WebGPU's own frame, within 1/255 of the CPU's.
          expect(maxAbsDiff(got[i], await webgpu.interpolate(small[i], small[i + 1], 0.5)), `frame ${i}`).toBe(0);
          expect(maxAbsDiff(got[i], c), `frame ${i}`).toBeLessThanOrEqual(1);
        } else {
          expect(maxAbsDiff(got[i], c), `frame ${i}`).toBe(0);
        }
      }
    } finally {
      await engine.dispose();
    }
  }, LAVAPIPE_TIMEOUT);
});

describe('--device auto with only a software adapter', () => {
  it('takes the CPU provider (a GPU one when this box has CUDA), never lavapipe, and logs why at info level', async () => {
    const logger = memoryLogger();
    const gpuProvider = listProviders().find((p) => (p.name === 'tensorrt' || p.name === 'cuda') && p.available)?.name;
    const { engine } = await selectInterpolator('onnx', { logger, modelsDir: TEST_MODELS_DIR, device: 'auto', threads: 1 });
    try {
      expect(engine.info.device).toBe(gpuProvider ?? 'cpu');
      expect(engine.fallbacks).toEqual([]);
      const choice = logger.records.find((r) => r.msg.startsWith('rife-onnx: device '));
      expect(choice?.msg).toMatch(/; not .*webgpu/);
      expect(String(choice?.fields.reason)).toMatch(/webgpu: no hardware adapter: .*; auto never runs on a software adapter \(lavapipe, SwiftShader\)/);
      if (!gpuProvider) expect(logger.records.filter((r) => r.level === 'warn')).toEqual([]);
    } finally {
      await engine.dispose();
    }
  }, LAVAPIPE_TIMEOUT);

  it('interup run --device auto: one line names the device and why not the others; without a GPU nothing is a WARN', async () => {
    const tmp = makeTempDir();
    try {
      const input = join(tmp.dir, 'in.mkv');
      await ffmpeg(['-i', await footage('motion.mov'), '-t', '0.2', '-an', '-vf', 'scale=64:48', '-c:v', 'ffv1', input]);
      const run = await runCli(['run', '--input', input, '--output', join(tmp.dir, 'out.mkv'), '--factor', '2', '--encoder', 'ffv1', '--models-dir', TEST_MODELS_DIR, '--no-progress'], { timeoutMs: 400_000 });
      expect(run.code, run.stderr).toBe(0);
      const choice = run.stderr.split('\n').filter((l) => l.startsWith('rife-onnx: device '));
      expect(choice).toHaveLength(1);
      expect(choice[0]).toMatch(/reason=".*webgpu: /);
      // The machine decides the path: without a GPU a CPU run is normal and nothing asks the user to act.
      if (!gpuPresent()) expect(run.stderr.split('\n').filter((l) => l.startsWith('WARN'))).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  }, LAVAPIPE_TIMEOUT);
});
