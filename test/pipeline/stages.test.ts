import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Q, type Frame } from '../../src/frames/index.js';
import { minterpolateFactory } from '../../src/engines/ffmpeg/minterpolate.js';
import type { Interpolator } from '../../src/engines/interpolator.js';
import { decodeFrames, encoderArgs, probeMedia, startEncoder } from '../../src/media/index.js';
import { runPairStages } from '../../src/pipeline/index.js';
import { planTimeline } from '../../src/timeline/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { decodeAll, maxAbsDiff, synthClip } from './clips.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('pair stages with a concurrent engine', () => {
  it('keeps output order with calls in flight (minterpolate per pair, maxConcurrency 2) and never exceeds the limit', async () => {
    const input = await synthClip(tmp.dir, 'src.mkv', { rate: '10', seconds: 0.6, size: '64x48', codec: ['-c:v', 'ffv1'] });
    const v = (await probeMedia(input)).video!;
    const timeline = planTimeline(v.frameTimes, v.duration, Q.rat(30n));
    const inner = await minterpolateFactory.create({ logger: memoryLogger() });
    expect(inner.maxConcurrency).toBe(2);
    let inFlight = 0;
    let peak = 0;
    // Wraps the real engine only to count concurrent calls.
    const engine: Interpolator = {
      info: inner.info,
      maxConcurrency: inner.maxConcurrency,
      dispose: () => inner.dispose(),
      async interpolate(a, b, t, signal) {
        peak = Math.max(peak, ++inFlight);
        try {
          return await inner.interpolate(a, b, t, signal);
        } finally {
          inFlight--;
        }
      },
    };
    const output = join(tmp.dir, 'out.mkv');
    const encoder = startEncoder({ output, width: v.width, height: v.height, fps: timeline.fps, codecArgs: encoderArgs('ffv1', undefined) });
    const stats = await runPairStages({
      frames: decodeFrames(input, { width: v.width, height: v.height }),
      expectedFrames: v.frameCount,
      timeline,
      engine,
      scene: { enabled: false, threshold: 1 },
      encoder,
    });
    await encoder.finish();
    expect(stats.framesWritten).toBe(timeline.count);
    expect(peak).toBe(2);
    expect(stats.maxQueued).toBeLessThanOrEqual(4 + 4);
    // Same frames, same order, as calling the engine one pair at a time.
    const src = await decodeAll(input);
    const out = await decodeAll(output);
    for (let k = 0; k < timeline.count; k++) {
      const { index, t } = timeline.slot(k);
      const want: Frame = t.num === 0n ? src[index] : await inner.interpolate(src[index], src[index + 1], Q.toNumber(t));
      expect(maxAbsDiff(out[k], want)).toBe(0);
    }
  });
});
