// rife-ncnn-vulkan's folder mode, checked against the packaged binary before the engine relies on it: with
// M = k·c outputs from c frames, output k·p + j (1-based file k·p + j + 1) is pair p at t = j/k, t = 0 is a
// copy of frame p and the tail is the last frame. Then the engine's batches: chunked frames are identical
// to the binary's one-pair-per-process frames, and its temp files stay bounded and go away.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/frames/frame.js';
import { RifeNcnnInterpolator, planChains, runBinary, stepOf } from '../../src/engines/ncnn/index.js';
import { decodePng, encodePng } from '../../src/media/index.js';
import type { Interpolator, InterpolatorFactory } from '../../src/engines/interpolator.js';
import { processVideo } from '../../src/pipeline/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { synthClip } from '../pipeline/clips.js';
import { makeTempDir } from '../helpers/tmp.js';
import { footage } from '../helpers/footage.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, maxAbsDiff } from './frames.js';

const tmp = makeTempDir();
const modelDir = join(TEST_MODELS_DIR, 'rife-v4.6');
const binary = { modelDir, gpu: -1, threads: 2 };
let frames: Frame[];
// The binary's own answer for pair p at t, one process per pair (the reference for everything below).
const single = new Map<string, Frame>();

async function perPair(p: number, t: number): Promise<Frame> {
  const key = `${p}@${t}`;
  const known = single.get(key);
  if (known) return known;
  const dir = join(tmp.dir, `pair-${p}-${t}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.png'), encodePng(frames[p]));
  writeFileSync(join(dir, 'b.png'), encodePng(frames[p + 1]));
  await runBinary(binary, ['-0', join(dir, 'a.png'), '-1', join(dir, 'b.png'), '-o', join(dir, 'o.png'), '-s', String(t)]);
  const frame = decodePng(readFileSync(join(dir, 'o.png')));
  single.set(key, frame);
  return frame;
}

beforeAll(async () => {
  await realModel('rife-v4.6');
  // Three frames of a handheld pan, at a size the binary's CPU path takes without shearing (multiples of 32).
  frames = await ffmpegFrames(['-ss', '2', '-i', await footage('motion.mov'), '-frames:v', '3'], 96, 64);
});
afterAll(() => tmp.cleanup());

describe('rife-ncnn-vulkan folder mode (the packaged binary)', () => {
  it('output k·p + j is pair p at t = j/k, t = 0 copies frame p, the tail repeats the last frame', async () => {
    for (const k of [2, 3]) {
      const inDir = join(tmp.dir, `in-${k}`);
      const outDir = join(tmp.dir, `out-${k}`);
      mkdirSync(inDir);
      mkdirSync(outDir);
      frames.forEach((f, i) => writeFileSync(join(inDir, `${i}.png`), encodePng(f)));
      await runBinary(binary, ['-i', inDir, '-o', outDir, '-n', String(k * frames.length)]);
      const out = readdirSync(outDir).sort();
      expect(out).toEqual(Array.from({ length: k * frames.length }, (_, i) => `${String(i + 1).padStart(8, '0')}.png`));
      for (let i = 0; i < out.length; i++) {
        const got = decodePng(readFileSync(join(outDir, out[i])));
        const p = Math.floor(i / k);
        const j = i % k;
        const want = p >= frames.length - 1 ? frames[frames.length - 1] : j === 0 ? frames[p] : await perPair(p, j / k);
        expect(maxAbsDiff(got, want), `k=${k} output ${i + 1} (pair ${p}, step ${j})`).toBe(0);
      }
    }
  });
});

describe('batches of requests', () => {
  it('groups consecutive pairs with j/k timesteps into chains and leaves other timesteps alone', () => {
    expect(stepOf(0.5)).toEqual({ k: 2, j: 1 });
    expect(stepOf(2 / 3)).toEqual({ k: 3, j: 2 });
    expect(stepOf(0.37)).toBeUndefined();
    const [f0, f1, f2, f3, f4] = ['f0', 'f1', 'f2', 'f3', 'f4'];
    // Factor 4 (steps 1/4, 2/4 = 1/2, 3/4) on two pairs, a cut skipping f2→f3, then an odd timestep.
    const requests = [
      { a: f0, b: f1, t: 0.25 },
      { a: f0, b: f1, t: 0.5 },
      { a: f0, b: f1, t: 0.75 },
      { a: f1, b: f2, t: 0.25 },
      { a: f3, b: f4, t: 0.5 },
      { a: f3, b: f4, t: 0.37 },
    ];
    const { chains, single: lone } = planChains(requests);
    expect(chains.map((c) => ({ frames: c.frames, k: c.k, steps: c.requests.map((r) => [r.p, r.j]) }))).toEqual([
      { frames: [f0, f1, f2], k: 4, steps: [[0, 1], [0, 2], [0, 3], [1, 1]] },
      { frames: [f3, f4], k: 4, steps: [[0, 2]] },
    ]);
    expect(lone).toEqual([requests[5]]);
  });

  it('chunked frames are identical to one-pair-per-process frames; temp files bounded and removed', async () => {
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp.dir; // os.tmpdir() follows TMPDIR: the engine's folder lands where we can watch it
    const engine = RifeNcnnInterpolator.create({ ...binary, chunk: 8 });
    try {
      for (const k of [2, 3]) {
        // All calls at once, as the pipeline issues them: one batch, one process.
        const calls = [];
        for (let p = 0; p + 1 < frames.length; p++) for (let j = 1; j < k; j++) calls.push({ p, t: j / k });
        const runsBefore = engine.stats.folderRuns;
        const got = await Promise.all(calls.map(({ p, t }) => engine.interpolate(frames[p], frames[p + 1], t)));
        expect(engine.stats.folderRuns - runsBefore).toBe(1);
        for (const [i, { p, t }] of calls.entries()) expect(maxAbsDiff(got[i], await perPair(p, t)), `pair ${p} t=${t}`).toBe(0);
      }
      // Asked one step at a time (frames mode's order): the second step comes from the first run's files.
      const first = await engine.interpolate(frames[0], frames[1], 1 / 3);
      const second = await engine.interpolate(frames[0], frames[1], 2 / 3);
      expect(engine.stats.leftoverHits).toBe(1);
      expect(maxAbsDiff(first, await perPair(0, 1 / 3))).toBe(0);
      expect(maxAbsDiff(second, await perPair(0, 2 / 3))).toBe(0);
      // An odd timestep runs alone.
      await engine.interpolate(frames[0], frames[1], 0.37);
      expect(engine.stats.singleRuns).toBe(1);
      // At most one batch on disk: 3 inputs and k·3 outputs for the largest batch here (k = 3).
      expect(engine.stats.peakFiles).toBeGreaterThan(0);
      expect(engine.stats.peakFiles).toBeLessThanOrEqual(3 + 3 * 3);
    } finally {
      await engine.dispose();
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    expect(readdirSync(tmp.dir).filter((d) => d.startsWith('interup-ncnn-'))).toEqual([]);
  });
});

describe('the pipeline drives batches', () => {
  it('run --prefer ncnn --factor 3: the 14 in-betweens, asked together, run as one folder-mode batch, none alone', async () => {
    const input = await synthClip(tmp.dir, 'clip.mkv', { rate: '10', seconds: 0.8, size: '96x64', codec: ['-c:v', 'ffv1'] });
    const inBetweens = 2 * 7;
    let engine: RifeNcnnInterpolator | undefined;
    const factory: InterpolatorFactory = {
      id: 'rife-ncnn',
      prefer: 'ncnn',
      available: () => Promise.resolve({ ok: true }),
      create: () => {
        engine = RifeNcnnInterpolator.create({ ...binary, chunk: 16 });
        return Promise.resolve(heldUntil(inBetweens, engine));
      },
    };
    const report = await processVideo(
      { input, output: join(tmp.dir, 'x3.mkv'), mode: 'interp', prefer: 'ncnn', factor: 3, encoder: 'ffv1', sceneDetect: false },
      { logger: memoryLogger(), interpolators: [factory] },
    );
    expect(report.framesOut).toBe(report.framesPlanned);
    expect(report.interpolatedFrames).toBe(inBetweens);
    // The pipeline keeps up to maxConcurrency calls in flight and hands the engine the same Frame objects
    // for neighbouring pairs, so its j/3 steps chain over all 8 frames: one process for the whole clip.
    expect(engine?.stats.singleRuns).toBe(0);
    expect(engine?.stats.folderRuns).toBe(1);
  });
});

// Holds the engine's calls until `count` are waiting, then passes them on in one turn: the batch the
// engine sees no longer depends on how decoding and setImmediate line up on a loaded machine.
function heldUntil(count: number, engine: Interpolator): Interpolator {
  const waiting: (() => void)[] = [];
  return {
    info: engine.info,
    maxConcurrency: engine.maxConcurrency,
    async interpolate(a, b, t, signal, out) {
      await new Promise<void>((release) => {
        waiting.push(release);
        if (waiting.length === count) for (const go of waiting.splice(0)) go();
      });
      return engine.interpolate(a, b, t, signal, out);
    },
    dispose: () => engine.dispose(),
  };
}
