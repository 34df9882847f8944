// Shutdown runs every cleanup step: a run whose interpolator fails to dispose still ends the upscaler's
// ffmpeg and reports every error together; a preview whose interpolator cannot be chosen still ends the
// upscaler it had started. The upscaler and encoder are real (ffmpeg lanczos, libx264); the faulty
// interpolators are the real blend engine with a failure injected (a dispose or start that throws), since
// no real engine fails on demand.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blendFactory } from '../../src/engines/blend.js';
import type { InterpolatorFactory } from '../../src/engines/interpolator.js';
import { processVideo } from '../../src/pipeline/index.js';
import { writePreview } from '../../src/pipeline/preview.js';
import { CleanupError } from '../../src/util/cleanup.js';
import { InterupError } from '../../src/util/errors.js';
import { memoryLogger } from '../../src/util/index.js';
import { liveChildren } from '../helpers/children.js';
import { makeTempDir } from '../helpers/tmp.js';
import { synthClip } from './clips.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

// blend, answering to --prefer ffmpeg (so the lanczos upscaler is chosen beside it), with faults injected.
function faultyBlend(faults: { dispose?: boolean; interpolate?: boolean; create?: boolean }): InterpolatorFactory {
  return {
    id: 'faulty-blend',
    prefer: 'ffmpeg',
    available: () => Promise.resolve({ ok: true }),
    async create(context) {
      if (faults.create) throw new Error('the engine could not start');
      const inner = await blendFactory.create(context);
      return {
        info: { ...inner.info, id: 'faulty-blend' },
        maxConcurrency: 1,
        interpolate: (a, b, t, signal, out) =>
          faults.interpolate ? Promise.reject(new InterupError('ENGINE_BROKE', 'The engine broke mid-run.', { hint: 'Try another engine.' })) : inner.interpolate(a, b, t, signal, out),
        async dispose() {
          await inner.dispose();
          if (faults.dispose) throw new Error('the engine would not let go');
        },
      };
    },
  };
}

describe('shutdown runs every cleanup step', () => {
  it('a dispose that throws does not stop the upscaler from being disposed; the error names the step', async () => {
    const input = await synthClip(tmp.dir, 'both.mp4', { rate: '10', seconds: 0.5, size: '64x48' });
    const output = join(tmp.dir, 'both-out.mp4');
    const run = processVideo(
      { input, output, mode: 'both', prefer: 'ffmpeg', scale: 2, factor: 2, crf: 35 },
      { logger: memoryLogger(), interpolators: [faultyBlend({ dispose: true })] },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CleanupError);
    expect((error as CleanupError).message).toMatch(/dispose the interpolator: the engine would not let go/);
    // The upscaler's long-lived ffmpeg (and the encoder's) ended: nothing left running.
    expect(liveChildren('ffmpeg')).toEqual([]);
  });

  it('a failed run whose cleanup also fails reports both, keeps the run error first and leaves no output', async () => {
    const input = await synthClip(tmp.dir, 'fail.mp4', { rate: '10', seconds: 0.5, size: '64x48' });
    const dir = makeTempDir();
    try {
      const run = processVideo(
        { input, output: join(dir.dir, 'x.mp4'), mode: 'both', prefer: 'ffmpeg', scale: 2, factor: 2, crf: 35 },
        { logger: memoryLogger(), interpolators: [faultyBlend({ dispose: true, interpolate: true })] },
      );
      const error = (await run.catch((e: unknown) => e)) as CleanupError;
      expect(error).toBeInstanceOf(CleanupError);
      expect(error.errors).toHaveLength(2);
      expect([error.code, error.hint]).toEqual(['ENGINE_BROKE', 'Try another engine.']);
      expect(error.message).toBe('The engine broke mid-run. Cleaning up afterwards also failed (dispose the interpolator: the engine would not let go).');
      expect(readdirSync(dir.dir)).toEqual([]);
      expect(liveChildren('ffmpeg')).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });

  it('preview: when no interpolator can be chosen, the upscaler it started is disposed', async () => {
    const input = await synthClip(tmp.dir, 'preview.mp4', { rate: '10', seconds: 0.5, size: '64x48' });
    const output = join(tmp.dir, 'preview.png');
    const preview = writePreview(
      { input, output, at: '0.1', prefer: 'ffmpeg', scale: 2 },
      { logger: memoryLogger(), interpolators: [faultyBlend({ create: true })] },
    );
    await expect(preview).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE', message: expect.stringMatching(/the engine could not start/) as unknown });
    expect(liveChildren('ffmpeg')).toEqual([]);
    expect(existsSync(output)).toBe(false);
  });
});
