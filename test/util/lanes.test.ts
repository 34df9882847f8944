// inLanes: how frames mode keeps an engine's two sessions busy; a failure must stop new work and must
// not return while another lane is still using the engine (the caller disposes it next).
import { describe, expect, it } from 'vitest';
import { inLanes } from '../../src/util/lanes.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('inLanes', () => {
  it('runs every job once, in order of start, with at most `lanes` at a time', async () => {
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    await inLanes(2, 7, async (i) => {
      started.push(i);
      peak = Math.max(peak, ++active);
      await tick(5 + (i % 3) * 3);
      active--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('after a failure starts nothing new and rethrows only once the other lane has finished', async () => {
    const started: number[] = [];
    let slowDone = false;
    const run = inLanes(2, 10, async (i, stopped) => {
      started.push(i);
      if (i === 0) {
        await tick(40);
        expect(stopped()).toBe(true);
        slowDone = true;
        return;
      }
      await tick(5);
      throw new Error(`job ${i} failed`);
    });
    await expect(run).rejects.toThrow('job 1 failed');
    expect(slowDone).toBe(true);
    expect(started).toEqual([0, 1]);
  });
});
