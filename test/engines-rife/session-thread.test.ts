// ONNX Runtime sessions run on their own threads: inference must not freeze the main thread (decode,
// encode and progress live there), and on the CPU two sessions interpolate side by side with the same
// results as one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { OrtSession, RifeOnnxInterpolator } from '../../src/engines/onnx/index.js';
import { convertedModel } from '../../src/models/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { stringContaining } from '../helpers/matchers.js';
import { ffmpegFrames, maxAbsDiff } from './frames.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

async function rifeModelPath(): Promise<string> {
  return convertedModel(TEST_MODELS_DIR, await realModel('rife-v4.6'), 'float32').path;
}

describe('ONNX Runtime session thread', () => {
  it('keeps the main thread free while RIFE runs (timers fire during inference)', async () => {
    const session = await OrtSession.create({ modelPath: await rifeModelPath(), provider: 'cpu', threads: 1 });
    const side = 256;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    // Decided by counting, not by the clock: a call that blocked the main thread would let no timer
    // callback run between its start and its answer, however long it took.
    const during: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const before = ticks;
        const out = await session.run({
          in0: { data: new Float32Array(3 * side * side).fill(0.25), dims: [1, 3, side, side] },
          in1: { data: new Float32Array(3 * side * side).fill(0.75), dims: [1, 3, side, side] },
          in2: { data: new Float32Array(side * side).fill(0.5), dims: [1, 1, side, side] },
        });
        during.push(ticks - before);
        // Two flat frames: the middle one is their mean.
        expect(out.out0.dims).toEqual([1, 3, side, side]);
        expect(Math.abs(out.out0.data[side * side + 5] - 0.5)).toBeLessThan(0.02);
      }
    } finally {
      clearInterval(timer);
      await session.dispose();
    }
    for (const n of during) expect(n).toBeGreaterThanOrEqual(1);
  });

  it('two CPU sessions interpolate side by side (two runs in flight at once) and give exactly the frames one session gives', async () => {
    const modelPath = await rifeModelPath();
    const frames = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=0.5'], 96, 64);
    const one = await RifeOnnxInterpolator.create({ modelPath, provider: 'cpu', threads: 2, sessions: 1, pad: 32, logger: memoryLogger() });
    const two = await RifeOnnxInterpolator.create({ modelPath, provider: 'cpu', threads: 2, pad: 32, logger: memoryLogger() });
    try {
      expect(one.maxConcurrency).toBe(1);
      expect(two.maxConcurrency).toBe(2);
      expect(two.info.description).toContain('2 sessions x 1 thread');
      const pairs = [0, 1, 2, 3].map((i) => [frames[i], frames[i + 1]] as const);
      const want: Frame[] = [];
      for (const [a, b] of pairs) want.push(await one.interpolate(a, b, 0.5));
      // All four at once: two run, two wait for a free session. Counted at the sessions themselves.
      let active = 0;
      let peak = 0;
      const used = new Set<OrtSession>();
      const { run } = Object.getOwnPropertyDescriptors(OrtSession.prototype);
      const spy = vi.spyOn(OrtSession.prototype, 'run').mockImplementation(async function (this: OrtSession, feeds) {
        used.add(this);
        peak = Math.max(peak, ++active);
        try {
          return await (run.value as OrtSession['run']).call(this, feeds);
        } finally {
          active--;
        }
      });
      const got = await Promise.all(pairs.map(([a, b]) => two.interpolate(a, b, 0.5))).finally(() => spy.mockRestore());
      expect(peak).toBe(2);
      expect(used.size).toBe(2);
      got.forEach((frame, i) => expect(maxAbsDiff(frame, want[i])).toBe(0));
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
  });

  it('disposing the engine fails a frame still waiting for a session instead of leaving it hanging', async () => {
    const frames = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=0.2'], 64, 32);
    const engine = await RifeOnnxInterpolator.create({ modelPath: await rifeModelPath(), provider: 'cpu', threads: 1, pad: 32, logger: memoryLogger() });
    const outcome = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'done', (error: unknown) => error);
    const first = outcome(engine.interpolate(frames[0], frames[1], 0.5));
    const second = outcome(engine.interpolate(frames[0], frames[1], 0.5));
    await engine.dispose();
    // The frame that had the session may finish or fail as disposed; the one waiting must fail, not hang.
    expect(await second).toMatchObject({ code: 'ENGINE_DISPOSED' });
    const firstOutcome = await first;
    if (firstOutcome !== 'done') expect(firstOutcome).toMatchObject({ code: 'ENGINE_DISPOSED' });
  });

  it('a file ONNX Runtime cannot load fails with ORT_SESSION naming it', async () => {
    const tmp = makeTempDir();
    try {
      const bad = join(tmp.dir, 'broken.onnx');
      writeFileSync(bad, Buffer.from('not an onnx model'));
      await expect(OrtSession.create({ modelPath: bad, provider: 'cpu', threads: 1 })).rejects.toMatchObject({
        code: 'ORT_SESSION',
        message: stringContaining('broken.onnx'),
      });
    } finally {
      tmp.cleanup();
    }
  });
});
