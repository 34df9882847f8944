import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFrame, type Frame } from '../../src/frames/index.js';
import { blendFrames } from '../../src/engines/blend.js';
import { readPng, writePng } from '../../src/media/index.js';
import { ProcessError, runProcess } from '../../src/process/index.js';
import { interpolateFolder } from '../../src/pipeline/index.js';
import { isInterupTempName, memoryLogger } from '../../src/util/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { RifeOnnxInterpolator } from '../../src/engines/onnx/index.js';
import { convertedModel } from '../../src/models/index.js';
import { ffmpegFrames } from '../engines-rife/frames.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { maxAbsDiff } from '../pipeline/clips.js';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** A 24x10 frame whose pixels depend on `seed` (so blends are distinguishable). */
function pattern(seed: number): Frame {
  const data = Buffer.alloc(24 * 10 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + seed * 61) & 255;
  return makeFrame(24, 10, data);
}

async function folder(name: string, files: string[]): Promise<{ dir: string; frames: Frame[] }> {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  const frames = files.map((_, i) => pattern(i));
  for (let i = 0; i < files.length; i++) await writePng(join(dir, files[i]), frames[i]);
  return { dir, frames };
}

describe('interup frames', () => {
  it('FACTOR 2 writes frame_NNNNNN_mid.png numbered from the input names, each the in-between of its pair', async () => {
    const { dir, frames } = await folder('in2', ['frame_000010.png', 'frame_000011.png', 'frame_000012.png']);
    const out = join(tmp.dir, 'out2');
    const r = await runProcess(process.execPath, [bin, 'frames', dir, out, '2', '--prefer', 'blend'], { timeoutMs: 120_000 });
    expect(r.stdout).toContain('2 in-between frames for 2 pairs');
    expect(readdirSync(out).sort()).toEqual(['frame_000010_mid.png', 'frame_000011_mid.png']);
    const mid = await readPng(join(out, 'frame_000011_mid.png'));
    expect(maxAbsDiff(mid, blendFrames(frames[1], frames[2], 0.5))).toBe(0);
  });

  it('FACTOR 3 writes _mid_01 and _mid_02, numbered by position when names carry no number', async () => {
    const { dir, frames } = await folder('in3', ['a.png', 'b.png']);
    const out = join(tmp.dir, 'out3');
    const report = await interpolateFolder({ inDir: dir, outDir: out, factor: 3, prefer: 'blend' }, { logger: memoryLogger() });
    expect(report.written).toEqual(['frame_000001_mid_01.png', 'frame_000001_mid_02.png']);
    const second = await readPng(join(out, 'frame_000001_mid_02.png'));
    expect(maxAbsDiff(second, blendFrames(frames[0], frames[1], 2 / 3))).toBe(0);
    expect(readdirSync(out).sort()).toEqual(report.written);
  });

  it('minterpolate answers for one pair too (--prefer ffmpeg)', async () => {
    const { dir, frames } = await folder('inmi', ['frame_000001.png', 'frame_000002.png']);
    const out = join(tmp.dir, 'outmi');
    const report = await interpolateFolder({ inDir: dir, outDir: out, factor: 2, prefer: 'ffmpeg' }, { logger: memoryLogger() });
    expect(report.engine).toBe('minterpolate');
    const mid = await readPng(join(out, 'frame_000001_mid.png'));
    expect([mid.width, mid.height]).toEqual([24, 10]);
    // Not a copy of either end.
    expect(maxAbsDiff(mid, frames[0])).toBeGreaterThan(0);
    expect(maxAbsDiff(mid, frames[1])).toBeGreaterThan(0);
  });

  it('RIFE on the CPU works two pairs at a time and writes each pair its own in-between', async () => {
    await realModel('rife-v4.6');
    const frames = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=0.6'], 64, 48);
    const dir = join(tmp.dir, 'inrife');
    mkdirSync(dir, { recursive: true });
    const names = frames.map((_, i) => `frame_${String(i + 1).padStart(6, '0')}.png`);
    for (let i = 0; i < frames.length; i++) await writePng(join(dir, names[i]), frames[i]);
    const out = join(tmp.dir, 'outrife');
    const logger = memoryLogger();
    const report = await interpolateFolder({ inDir: dir, outDir: out, factor: 2, prefer: 'onnx', device: 'cpu', threads: 2, modelsDir: TEST_MODELS_DIR }, { logger });
    expect(report.engine).toBe('rife-onnx');
    expect(logger.records.find((r) => r.msg.startsWith('rife-onnx: ONNX Runtime provider'))?.fields.sessions).toBe(2);
    expect(report.written).toEqual(names.slice(0, -1).map((n) => n.replace('.png', '_mid.png')));
    expect(readdirSync(out).sort()).toEqual(report.written);
    // Each file is its own pair's frame: the same as one session working pair by pair.
    const one = await RifeOnnxInterpolator.create({ modelPath: convertedModel(TEST_MODELS_DIR, await realModel('rife-v4.6'), 'float32').path, provider: 'cpu', threads: 1, sessions: 1, pad: 32, logger: memoryLogger() });
    try {
      for (let i = 0; i + 1 < frames.length; i++) {
        const want = await one.interpolate(frames[i], frames[i + 1], 0.5);
        expect(maxAbsDiff(await readPng(join(out, report.written[i])), want)).toBe(0);
      }
    } finally {
      await one.dispose();
    }
  });

  it('a frame of another size stops the run with a clear error, exit 2, and leaves no half-written file', async () => {
    const { dir } = await folder('insize', ['frame_000001.png', 'frame_000002.png', 'frame_000003.png', 'frame_000004.png', 'frame_000005.png']);
    await writePng(join(dir, 'frame_000004.png'), makeFrame(12, 10, Buffer.alloc(12 * 10 * 3, 90)));
    const out = join(tmp.dir, 'outsize');
    // minterpolate keeps two pairs in flight: either bad pair (3–4 or 4–5) may be the one that reports.
    const err = await runProcess(process.execPath, [bin, 'frames', dir, out, '2', '--prefer', 'ffmpeg'], { timeoutMs: 120_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessError);
    expect((err as ProcessError).failure.exitCode).toBe(2);
    expect((err as ProcessError).failure.stderrTail).toMatch(/(frame_000004.png is 12x10 but frame_000003.png is 24x10|frame_000005.png is 24x10 but frame_000004.png is 12x10); all frames must have one size/);
    const left = readdirSync(out);
    expect(left.filter(isInterupTempName)).toEqual([]); // no temp PNG (.NAME.interup-PID-HEX.png) left behind
    // Only in-betweens of whole pairs before the bad frame can exist, each a complete PNG.
    for (const name of left) {
      expect(['frame_000001_mid.png', 'frame_000002_mid.png']).toContain(name);
      expect((await readPng(join(out, name))).width).toBe(24);
    }
  });

  it('rejects a folder with fewer than two PNGs and a bad FACTOR, exit ≠ 0', async () => {
    const { dir } = await folder('in1', ['frame_000001.png']);
    for (const [args, message] of [
      [[dir, join(tmp.dir, 'o1'), '2'], /at least two are needed/],
      [[dir, join(tmp.dir, 'o1'), '1'], /Expected an integer from 2 to 64 for FACTOR but received "1"/],
    ] as const) {
      const err = await runProcess(process.execPath, [bin, 'frames', ...args], { timeoutMs: 120_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProcessError);
      expect((err as ProcessError).failure.exitCode).toBe(2);
      expect((err as ProcessError).failure.stderrTail).toMatch(message);
    }
  });
});
