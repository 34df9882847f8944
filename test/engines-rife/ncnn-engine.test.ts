// The rife-ncnn-vulkan engine keeps its file traffic bounded: at most three frames in one private temp
// folder, emptied after every call (also a failed or cancelled one) and removed on dispose.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/frames/frame.js';
import { rifeNcnnFactory } from '../../src/engines/ncnn/index.js';
import type { Interpolator } from '../../src/engines/interpolator.js';
import { memoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, meanAbsDiff } from './frames.js';

const tmp = makeTempDir();
const savedTmp = process.env.TMPDIR;
let engine: Interpolator;

beforeAll(async () => {
  await realModel('rife-v4.6');
  process.env.TMPDIR = tmp.dir; // os.tmpdir() follows TMPDIR: the engine's folder lands where we can watch it
  engine = await rifeNcnnFactory.create({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'cpu', threads: 2 });
});

afterAll(async () => {
  await engine.dispose();
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  tmp.cleanup();
});

function files(): string[] {
  return readdirSync(tmp.dir).flatMap((d) => readdirSync(join(tmp.dir, d)).map((f) => join(d, f)));
}

describe('rife-ncnn engine temp files', () => {
  it('interpolates through one private folder that is empty between calls and gone after dispose', async () => {
    expect(engine.info.device).toBe('cpu');
    const frames = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=s=160x96:r=25', '-frames:v', '3'], 160, 96);
    const mid = await engine.interpolate(frames[0], frames[2], 0.5);
    expect([mid.width, mid.height]).toEqual([160, 96]);
    expect(meanAbsDiff(mid, frames[1])).toBeLessThan(meanAbsDiff(frames[0], frames[1]));
    expect(readdirSync(tmp.dir)).toHaveLength(1);
    expect(files()).toEqual([]);
  });

  it('cleans up after a cancelled call too', async () => {
    const a = makeFrame(64, 64, Buffer.alloc(64 * 64 * 3, 50));
    const controller = new AbortController();
    const pending = engine.interpolate(a, a, 0.5, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    expect(files()).toEqual([]);
  });

  it('dispose removes the folder', async () => {
    const other = await rifeNcnnFactory.create({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'cpu', threads: 1 });
    const a = makeFrame(32, 32, Buffer.alloc(32 * 32 * 3, 90));
    await other.interpolate(a, a, 0.5);
    const dirs = readdirSync(tmp.dir).map((d) => join(tmp.dir, d));
    await other.dispose();
    expect(dirs.filter((d) => existsSync(d))).toHaveLength(1); // only the shared engine's folder remains
  });
});
