// An endless run is impossible by construction (issue 19): timelines far larger than the file are fed to
// the real stages (real decoder, blend engine, real encoder) and the guards must stop them.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Q } from '../../src/frames/index.js';
import { blendFactory } from '../../src/engines/index.js';
import { decodeFrames, encoderArgs, probeMedia, startEncoder } from '../../src/media/index.js';
import { runPairStages, runStreamStages } from '../../src/pipeline/index.js';
import { checkPlanSize, frameLimits } from '../../src/pipeline/timing-guard.js';
import type { Slot, Timeline } from '../../src/timeline/index.js';
import { InterupError, memoryLogger } from '../../src/util/index.js';
import { oggCut } from '../helpers/timing-footage.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const FPS = Q.rat(60n);

/** The plan interup made for issue 19's Ogg cut before the probe checked it: 691,752,902,764,108,200 frames. */
function absurd(slot: (k: number) => Slot): Timeline {
  return { fps: FPS, count: 691_752_902_764_108_200, start: Q.ZERO, duration: Q.rat(11_529_215_046_068_470n), dropOnly: false, slot };
}

async function feed(timeline: Timeline, name: string, frames: number): Promise<{ error: unknown; written: number }> {
  const input = await oggCut();
  const media = await probeMedia(input);
  const v = media.video!;
  const engine = await blendFactory.create({ logger: memoryLogger() });
  const encoder = startEncoder({ output: join(tmp.dir, name), width: v.width, height: v.height, fps: FPS, codecArgs: encoderArgs('ffv1', undefined) });
  let written = 0;
  const error = await runPairStages({
    frames: decodeFrames(input, { width: v.width, height: v.height, skipFrames: v.timing?.droppedFrames, maxFrames: frames }),
    expectedFrames: frames,
    timeline,
    engine,
    scene: { enabled: false, threshold: 1 },
    encoder,
    limits: frameLimits(media, v, FPS),
    tracker: { add: () => void written++ },
  }).then(() => undefined, (e: unknown) => e);
  await encoder.kill();
  return { error, written };
}

describe('the run guard', () => {
  it('stops a plan of 6.9·10^17 frames before any work, naming the container duration', async () => {
    const media = await probeMedia(await oggCut());
    const limits = frameLimits(media, media.video!, FPS);
    expect(limits.maxFrames).toBe(Math.floor((media.duration + 1) * 60));
    const stop = (() => checkPlanSize(691_752_902_764_108_200, FPS, limits)) as () => never;
    expect(stop).toThrow(InterupError);
    expect(stop).toThrow(/691752902764108200 output frames but the container's 4\.034 s allow at most 302/);
    expect(() => checkPlanSize(limits.maxFrames, FPS, limits)).not.toThrow();
    expect(() => checkPlanSize(limits.maxFrames + 1, FPS, limits)).toThrow(InterupError);
  });

  it('stops a run that keeps interpolating between two early frames once it passes what the file allows', async () => {
    const { error, written } = await feed(absurd(() => ({ index: 0, t: Q.rat(1n, 2n) })), 'between.mkv', 4);
    expect(error).toBeInstanceOf(InterupError);
    expect((error as InterupError).code).toBe('RUN_PAST_FILE');
    expect((error as InterupError).exitCode).toBe(1);
    expect(written).toBeLessThanOrEqual(302);
  });

  it('ends the engine stage once the decoder has delivered its last frame and only repeats of it remain', async () => {
    const { error, written } = await feed(absurd((k) => ({ index: Math.min(k, 2), t: Q.ZERO })), 'tail.mkv', 3);
    expect((error as InterupError).code).toBe('RUN_PAST_SOURCE');
    expect((error as Error).message).toMatch(/decoder delivered its last frame \(3\)/);
    // Three source frames, then at most (last frame's 1/30 s + 1 s) × 60 + 1 repeats.
    expect(written).toBeLessThanOrEqual(3 + 64);
  });

  it('stops a whole-stream ffmpeg filter whose output never ends, with a sane plan (the extra frames are not all dropped forever) or an absurd one', async () => {
    const input = await oggCut();
    const media = await probeMedia(input);
    const v = media.video!;
    const limits = frameLimits(media, v, FPS);
    const planned = 240;
    for (const [name, count] of [['sane.mkv', planned], ['absurd.mkv', absurd(() => ({ index: 0, t: Q.ZERO })).count]] as const) {
      const encoder = startEncoder({ output: join(tmp.dir, name), width: v.width, height: v.height, fps: FPS, codecArgs: encoderArgs('ffv1', undefined) });
      let written = 0;
      // The loop filter repeats the decoded frames without end, as ffmpeg's fps/minterpolate would over times that never end.
      const frames = decodeFrames(input, { width: v.width, height: v.height, skipFrames: v.timing?.droppedFrames, filter: 'loop=loop=-1:size=8', fpsMode: 'cfr' });
      const timeline: Timeline = { ...absurd(() => ({ index: 0, t: Q.ZERO })), count };
      const error = await runStreamStages({ frames, timeline, encoder, limits, tracker: { add: () => void written++ } }).then(() => undefined, (e: unknown) => e);
      await encoder.kill();
      expect((error as InterupError).code).toBe('RUN_PAST_FILE');
      expect((error as InterupError).exitCode).toBe(1);
      expect(written).toBe(Math.min(count, limits.maxFrames));
    }
  });
});
