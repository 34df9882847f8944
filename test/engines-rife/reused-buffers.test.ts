// The pipeline recycles frame buffers: RIFE (ONNX) must answer for a frame's current pixels even when its
// buffer held another frame a moment ago, and write into the buffer it is handed.
import { describe, expect, it } from 'vitest';
import { makeFrame, type Frame } from '../../src/frames/frame.js';
import { rifeOnnxFactory } from '../../src/engines/onnx/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { ffmpegFrames, maxAbsDiff } from './frames.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

const W = 72;
const H = 40;

describe('RIFE ONNX with reused buffers', () => {
  it('a recycled input buffer with new pixels gives the same frame as a fresh buffer; the result lands in `out`', async () => {
    await realModel('rife-v4.6');
    const [f0, f1, f2] = await ffmpegFrames(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=0.3'], W, H);
    const engine = await rifeOnnxFactory.create({ logger: memoryLogger(), modelsDir: TEST_MODELS_DIR, device: 'cpu', threads: 2 });
    try {
      // Reference: every frame in its own buffer, a fresh engine state per pair.
      const want = await engine.interpolate(copy(f1), copy(f2), 0.5);
      // Pipeline-like: f0's buffer is recycled for f2 right after the pair (f0, f1) was interpolated.
      const shared = Buffer.from(f0.data);
      const a = makeFrame(W, H, shared);
      const b = copy(f1);
      await engine.interpolate(a, b, 0.5);
      shared.set(f2.data);
      const out = Buffer.alloc(W * H * 3);
      const got = await engine.interpolate(b, makeFrame(W, H, shared), 0.5, undefined, out);
      expect(got.data).toBe(out);
      expect(maxAbsDiff(got, want)).toBe(0);
    } finally {
      await engine.dispose();
    }
  });

});

function copy(f: Frame): Frame {
  return makeFrame(f.width, f.height, Buffer.from(f.data));
}
