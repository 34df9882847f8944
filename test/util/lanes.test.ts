// inLanes: how frames mode keeps an engine's two sessions busy; a failure must stop new work and must
// not return while another lane is still using the engine (the caller disposes it next). The order of
// events is set by the test (deferred promises it settles itself), never by timers racing each other.
import { describe, expect, it } from 'vitest';
import { inLanes } from '../../src/util/lanes.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Lets every pending callback run (the lanes pick up their next job) before the test acts again.
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('inLanes', () => {
  it('runs every job once, in order of start, with at most `lanes` at a time', async () => {
    const jobs = Array.from({ length: 7 }, deferred);
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    const run = inLanes(2, 7, async (i) => {
      started.push(i);
      peak = Math.max(peak, ++active);
      await jobs[i].promise;
      active--;
    });
    // Finish jobs out of order (the second lane's job before the first's) and check who starts next.
    await settle();
    expect(started).toEqual([0, 1]);
    jobs[1].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const i of [0, 3, 2, 4, 6, 5]) {
      jobs[i].resolve();
      await settle();
    }
    await run;
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('after a failure starts nothing new and rethrows only once the other lane has finished', async () => {
    const slow = deferred();
    const started: number[] = [];
    let stoppedSeenBySlow: boolean | undefined;
    let settled = false;
    const run = inLanes(2, 10, async (i, stopped) => {
      started.push(i);
      if (i === 0) {
        await slow.promise;
        stoppedSeenBySlow = stopped();
        return;
      }
      throw new Error(`job ${i} failed`);
    });
    void run.then(() => (settled = true), () => (settled = true));
    await settle();
    // Job 1 has failed; job 0 is still running: nothing new started, and inLanes has not returned.
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(false);
    slow.resolve();
    await expect(run).rejects.toThrow('job 1 failed');
    expect(stoppedSeenBySlow).toBe(true);
    expect(started).toEqual([0, 1]);
  });

  it('rethrows the first failure in time, not the lowest-numbered lane\'s', async () => {
    const jobs = [deferred(), deferred()];
    const run = inLanes(2, 2, (i) => jobs[i].promise);
    await settle();
    jobs[1].reject(new Error('job 1 failed first'));
    await settle();
    jobs[0].reject(new Error('job 0 failed later'));
    await expect(run).rejects.toThrow('job 1 failed first');
  });
});
