// A queue worker's units on the watch page: each unit is a job of its own, named by its video and segment
// from the worker's log records, its progress and end reported by unit id; a long-running worker keeps the
// latest few (ended ones go first, a working one stays), and a Redis reading that failed keeps the last one.
import { describe, expect, it } from 'vitest';
import { WatchHub } from '../../src/serve/index.js';
import { createLogger } from '../../src/util/index.js';

const event = (done: number) => ({ stage: 'interpolate', done, total: 48, unit: 'frames', rate: 10, elapsedSeconds: 1, etaSeconds: 1 });

describe('watch hub: a queue worker\'s units', () => {
  it('names each unit by video and segment, keeps the latest few, and keeps the last queue reading when Redis fails', () => {
    const hub = new WatchHub({ title: 'interup queue worker box-a', maxJobs: 2 });
    const logger = createLogger((r) => hub.log(r)).child({ unit: 'b1.clip.s0000' });
    logger.info('job checked');
    logger.child({ job: 'clip', segment: '1/2' }).info('segment started');
    hub.progress(event(48), 'b1.clip.s0000');
    hub.jobEnded('b1.clip.s0000');
    createLogger((r) => hub.log(r)).child({ unit: 'b1.clip.s0001', job: 'clip', segment: '2/2' }).info('segment started');
    hub.progress(event(10), 'b1.clip.s0001');
    createLogger((r) => hub.log(r)).child({ unit: 'b1.clip', job: 'clip' }).info('joining');
    const jobs = hub.snapshot().jobs;
    expect(jobs.map((j) => [j.id, j.state])).toEqual([['clip segment 2/2', 'working'], ['clip', 'working']]);
    expect(jobs[0].stages[0].done).toBe(10);

    hub.setQueue({ queue: 'q', board: true, at: 't1', batches: [], workers: [{ name: 'box-a', holds: [] }] });
    hub.setQueue({ queue: 'q', board: true, at: 't2', batches: [], workers: [], error: 'Connection is closed.' });
    expect(hub.snapshot().queue).toMatchObject({ at: 't2', error: 'Connection is closed.', workers: [{ name: 'box-a' }] });
  });
});
