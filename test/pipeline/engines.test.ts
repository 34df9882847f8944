import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/index.js';
import { blendFactory, blendFrames } from '../../src/engines/blend.js';
import { approximate, minterpolateFactory } from '../../src/engines/ffmpeg/minterpolate.js';
import type { InterpolatorFactory } from '../../src/engines/interpolator.js';
import { candidates, INTERPOLATOR_FACTORIES, selectInterpolator } from '../../src/engines/registry.js';
import { Channel } from '../../src/pipeline/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeAll, ffmpeg } from './clips.js';
import { footage } from '../helpers/footage.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function mse(a: Frame, b: Frame): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i] - b.data[i]) ** 2;
  return sum / a.data.length;
}

// Stand-ins for the RIFE factories, which live on another branch: they report unavailable the way a
// box without the model or runtime would, so the chain's order and logging can be checked here.
const unavailable = (id: string, prefer: string, reason: string): InterpolatorFactory => ({
  id,
  prefer,
  available: () => Promise.resolve({ ok: false, reason }),
  create: () => Promise.reject(new Error('not available')),
});

describe('--prefer chain', () => {
  it('auto tries onnx → ncnn → ffmpeg → blend whatever order the list is in', () => {
    const list = [blendFactory, minterpolateFactory, unavailable('rife-ncnn', 'ncnn', 'x'), unavailable('rife-onnx', 'onnx', 'y')];
    expect(candidates('auto', list).map((f) => f.id)).toEqual(['rife-onnx', 'rife-ncnn', 'minterpolate', 'blend']);
    expect(candidates('blend', list).map((f) => f.id)).toEqual(['blend']);
  });

  it('auto logs why each engine was skipped and which one ran', async () => {
    const logger = memoryLogger();
    const list = [unavailable('rife-onnx', 'onnx', 'model file missing'), unavailable('rife-ncnn', 'ncnn', 'no Vulkan device'), blendFactory];
    const { engine, attempts } = await selectInterpolator('auto', { logger }, list);
    expect(engine.info.id).toBe('blend');
    expect(attempts.map((a) => a.outcome)).toEqual(['skipped', 'skipped', 'used']);
    const lines = logger.records.map((r) => `${r.msg} ${typeof r.fields.reason === 'string' ? r.fields.reason : ''}`);
    expect(lines).toContain('engine rife-onnx skipped model file missing');
    expect(lines).toContain('engine rife-ncnn skipped no Vulkan device');
  });

  it('a named engine missing from the chain is a clear input error', async () => {
    const withoutOnnx = INTERPOLATOR_FACTORIES.filter((f) => f.prefer !== 'onnx');
    await expect(selectInterpolator('onnx', { logger: memoryLogger() }, withoutOnnx)).rejects.toThrow(/No "onnx" interpolation engine is built/);
  });

  it('this build has RIFE first in the auto chain: onnx, ncnn, minterpolate, then blend', () => {
    expect(INTERPOLATOR_FACTORIES.map((f) => f.id)).toEqual(['rife-onnx', 'rife-ncnn', 'minterpolate', 'blend']);
    expect(candidates('auto', INTERPOLATOR_FACTORIES).map((f) => f.id)).toEqual(['rife-onnx', 'rife-ncnn', 'minterpolate', 'blend']);
  });
});

describe('engines on real frames', () => {
  it('minterpolate rebuilds skipped frames of handheld footage better than a blend (total error over 3 pairs)', async () => {
    const clip = join(tmp.dir, 'hand.mkv');
    await ffmpeg(['-ss', '2', '-i', await footage('motion.mov'), '-frames:v', '12', '-an', '-c:v', 'ffv1', clip]);
    const f = await decodeAll(clip);
    const mi = await minterpolateFactory.create({ logger: memoryLogger() });
    let miError = 0;
    let blendError = 0;
    for (const i of [0, 4, 8]) {
      miError += mse(await mi.interpolate(f[i], f[i + 2], 0.5), f[i + 1]);
      blendError += mse(blendFrames(f[i], f[i + 2], 0.5), f[i + 1]);
    }
    expect(miError).toBeLessThan(blendError);
  });

  it('approximates t on a small grid', () => {
    expect(approximate(0.5, 64)).toEqual({ p: 1, q: 2 });
    expect(approximate(2 / 3, 64)).toEqual({ p: 2, q: 3 });
    expect(approximate(0.3, 64)).toEqual({ p: 3, q: 10 });
  });
});

describe('bounded channel', () => {
  it('never holds more than its capacity: a fast producer waits for a slow consumer', async () => {
    const ch = new Channel<number>(3);
    const produced = (async () => {
      for (let i = 0; i < 50; i++) await ch.push(i);
      ch.close();
    })();
    const seen: number[] = [];
    for await (const v of ch) {
      seen.push(v);
      await new Promise((r) => setTimeout(r, 1));
    }
    await produced;
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(ch.maxSeen).toBeLessThanOrEqual(3);
  });

  it('a close with an error reaches a waiting producer and the reader', async () => {
    const ch = new Channel<number>(1);
    await ch.push(1);
    const blocked = ch.push(2);
    ch.close(new Error('stage failed'));
    await expect(blocked).rejects.toThrow('stage failed');
    await expect((async () => {
      for await (const _ of ch) void _;
    })()).rejects.toThrow('stage failed');
  });
});
