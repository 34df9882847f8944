// The rife-ncnn-vulkan engine keeps its file traffic bounded: at most three frames in one private temp
// folder, emptied after every call (also a failed or cancelled one) and removed on dispose.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/frames/frame.js';
import { BINARY, RifeNcnnInterpolator, rifeNcnnFactory } from '../../src/engines/ncnn/index.js';
import type { Interpolator } from '../../src/engines/interpolator.js';
import { memoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, meanAbsDiff } from './frames.js';

const tmp = makeTempDir();
const standIn = makeTempDir();
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
  standIn.cleanup();
});

// Waits for the stand-in binary to write its pid (an event, polled; the test's timeout bounds it).
async function waitForPid(file: string): Promise<number> {
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (text !== '') return Number(text);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The binary's frame files: its inputs (uncompressed PPM) and its answers (PNG).
function frameFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(png|ppm)$/.test(f));
}

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

  it('a call cancelled while the binary runs kills it, rejects with the abort reason and leaves no files', async () => {
    // A stand-in binary that says it started and then never finishes: the cancel lands while it runs,
    // whatever the machine's load (the real binary on a small frame may finish before any timer fires).
    const modelDir = standIn.dir;
    const pidFile = join(modelDir, 'pid');
    writeFileSync(join(modelDir, BINARY), `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`, { mode: 0o755 });
    const stalled = RifeNcnnInterpolator.create({ modelDir, gpu: -1, threads: 1 });
    try {
      const a = makeFrame(64, 64, Buffer.alloc(64 * 64 * 3, 50));
      const controller = new AbortController();
      const pending = stalled.interpolate(a, a, 0.5, controller.signal);
      const pid = await waitForPid(pidFile);
      expect(alive(pid)).toBe(true);
      expect(frameFiles(tmp.dir).length).toBeGreaterThan(0); // the inputs are on disk while it runs
      const reason = new Error('cancelled by the test');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(alive(pid)).toBe(false);
      expect(frameFiles(tmp.dir)).toEqual([]);
    } finally {
      await stalled.dispose();
    }
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
