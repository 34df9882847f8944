// Many rife-ncnn calls in flight on one caller's signal (the pipeline keeps two batches, 64 on the CPU,
// in flight): one abort listener for all of them, so Node prints no listener-leak warning, and a cancel
// of calls still queued rejects them all without starting the binary.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFrame } from '../../src/frames/frame.js';
import { RifeNcnnInterpolator } from '../../src/engines/ncnn/index.js';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';

const warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);
beforeAll(async () => {
  await realModel('rife-v4.6');
  process.on('warning', onWarning);
});
afterAll(() => void process.off('warning', onWarning));

describe('rife-ncnn calls on one signal', () => {
  it('64 calls in flight add one abort listener; cancelling them while queued rejects all and runs nothing', async () => {
    const engine = RifeNcnnInterpolator.create({ modelDir: join(TEST_MODELS_DIR, 'rife-v4.6'), gpu: -1, threads: 1, chunk: 32 });
    try {
      expect(engine.maxConcurrency).toBe(64);
      const frame = makeFrame(32, 32, Buffer.alloc(32 * 32 * 3, 80));
      const controller = new AbortController();
      const calls = Array.from({ length: engine.maxConcurrency }, () => engine.interpolate(frame, frame, 0.5, controller.signal));
      controller.abort(new Error('stopped by the test'));
      const results = await Promise.allSettled(calls);
      expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'stopped by the test')).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
      expect(engine.stats.folderRuns + engine.stats.singleRuns).toBe(0);
    } finally {
      await engine.dispose();
    }
  });
});
