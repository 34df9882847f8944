// Scenario 10 (the result never arrives: idle timeout and max runtime fire with their reasons), the
// --on-failure policy, and scenario 9 at library level (a watchdog stopped mid-window and restarted).
import { createHash, randomBytes } from 'node:crypto';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBucketDetector, createHeartbeat, createWatchDirDetector, loadState } from '../../src/monitor/index.js';
import type { BatchManifest } from '../../src/storage/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { CONFIRM, INTERVAL_MS, TIMING, expectNotStopped, expectStoppedInTime, startWatch, wait } from './harness.js';

let vast: FakeVast;
let tmp: ReturnType<typeof makeTempDir>;
let out: string;
beforeEach(async () => {
  vast = await startFakeVast();
  tmp = makeTempDir('interup-monitor-caps-');
  out = join(tmp.dir, 'out');
});
afterEach(async () => {
  await vast.close();
  tmp.cleanup();
});

const QUIET = INTERVAL_MS * (CONFIRM + 3);

describe('caps', TIMING, () => {
  it('idle timeout: stops (reason idle-timeout) once the heartbeat goes quiet, not while it beats', async () => {
    const heartbeat = join(tmp.dir, 'heartbeat');
    writeFileSync(heartbeat, '');
    const idleMs = 600;
    const watch = startWatch(createWatchDirDetector({ dir: out }), vast, { idleTimeoutMs: idleMs, heartbeatPath: heartbeat });
    let lastBeat = Date.now();
    for (let i = 0; i < 12; i++) {
      await wait(100);
      lastBeat = Date.now();
      utimesSync(heartbeat, lastBeat / 1000, lastBeat / 1000);
    }
    expectNotStopped(vast);
    await expectStoppedInTime(watch, vast, lastBeat + idleMs, 'idle-timeout');
    expect(watch.log.records.some((r) => /no progress for [\d.]+ s .*idle timeout 0\.6 s/.test(r.msg))).toBe(true);
  });

  it('the pipeline-side heartbeat keeps an idle timeout from firing while work progresses', async () => {
    const heartbeat = join(tmp.dir, 'nested', 'heartbeat');
    const beat = createHeartbeat(heartbeat, 100);
    expect(beat.lastError).toBeUndefined();
    const watch = startWatch(createWatchDirDetector({ dir: out }), vast, { idleTimeoutMs: 500, heartbeatPath: heartbeat });
    const progress = setInterval(() => beat.beat(), 20); // progress events, throttled to one touch per 100 ms
    await wait(1200);
    clearInterval(progress);
    expectNotStopped(vast);
    const quiet = statSync(heartbeat).mtimeMs;
    await expectStoppedInTime(watch, vast, quiet + 500, 'idle-timeout');
  });

  it('max runtime: stops (reason max-runtime) even while things keep changing', async () => {
    const started = Date.now();
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir }), vast, { maxRuntimeMs: 1200, idleTimeoutMs: 60_000 });
    const writer = setInterval(() => writeFileSync(join(tmp.dir, 'growing.mp4'), randomBytes(100 + Math.floor(Math.random() * 1000))), 50);
    try {
      await wait(900);
      expectNotStopped(vast);
      await expectStoppedInTime(watch, vast, started + 1200, 'max-runtime');
    } finally {
      clearInterval(writer);
    }
  });
});

describe('--on-failure with a batch manifest that lists failed jobs', TIMING, () => {
  // A batch whose one good job kept its output locally (done-local) and whose other job failed.
  function writeBatch(): string {
    const body = randomBytes(5000);
    const file = join(tmp.dir, 'good.mp4');
    writeFileSync(file, body);
    const now = new Date().toISOString();
    const manifest: BatchManifest = {
      kind: 'interup.batch', version: 1, batchFile: 'b.yaml', startedAt: now, finishedAt: now, ok: false,
      jobs: [
        { id: 'good', input: 'a.mp4', output: file, status: 'done-local', local: { path: file, size: body.length, sha256: createHash('sha256').update(body).digest('hex') } },
        { id: 'bad', input: 'b.mp4', output: join(tmp.dir, 'bad.mp4'), status: 'failed', error: 'ffmpeg exited 1' },
      ],
    };
    const path = join(tmp.dir, 'manifest.json');
    writeFileSync(path, JSON.stringify(manifest));
    return path;
  }

  it('stop: stops once the rest is verified, with reason batch-finished-with-failures', async () => {
    const path = writeBatch();
    const started = Date.now();
    const watch = startWatch(createBucketDetector({ source: { kind: 'file', path }, expect: 2 }), vast, { onFailure: 'stop' });
    const result = await expectStoppedInTime(watch, vast, started, 'batch-finished-with-failures');
    expect(result.state.window.at(-1)?.items[0]).toMatchObject({ check: 'file:size+sha256-manifest', outcome: 'pass' });
  });

  it('keep: leaves the box running and says why', async () => {
    const path = writeBatch();
    const watch = startWatch(createBucketDetector({ source: { kind: 'file', path }, expect: 2 }), vast, { onFailure: 'keep' });
    await wait(QUIET);
    watch.stop();
    expect(await watch.result).toBeInstanceOf(Error);
    expectNotStopped(vast);
    expect(watch.log.records.filter((r) => /failed job\(s\) bad; --on-failure keep/.test(r.msg))).toHaveLength(1);
  });
});

describe('restart mid-window (library)', TIMING, () => {
  function setup() {
    writeFileSync(join(tmp.dir, 'result.mp4'), randomBytes(3000));
    return { detector: createWatchDirDetector({ dir: tmp.dir, pattern: '*.mp4' }), statePath: join(tmp.dir, '.state.json') };
  }

  it('a quick restart keeps the window: the streak continues from where it was', async () => {
    const { detector, statePath } = setup();
    const first = startWatch(detector, vast, { statePath });
    await wait(INTERVAL_MS * (CONFIRM - 1.5));
    first.stop();
    await first.result;
    expectNotStopped(vast);
    const restarted = Date.now();
    const second = startWatch(detector, vast, { statePath });
    const result = await expectStoppedInTime(second, vast, restarted - INTERVAL_MS * (CONFIRM - 1));
    expect(Date.now() - restarted).toBeLessThan(INTERVAL_MS * 2);
    expect(second.log.records.some((r) => /resuming: last check \d+ ms ago, streak \d kept/.test(r.msg))).toBe(true);
    const numbers = result.state.window.map((w) => w.check);
    expect(numbers).toHaveLength(CONFIRM);
    expect(numbers).toEqual(numbers.map((_, i) => (numbers[0] as number) + i));
  });

  it('after a long gap the window starts over (but the runtime clock is kept)', async () => {
    const { detector, statePath } = setup();
    const first = startWatch(detector, vast, { statePath, resumeGapMs: 300 });
    await wait(INTERVAL_MS * (CONFIRM - 1.5));
    first.stop();
    await first.result;
    await wait(500);
    const restarted = Date.now();
    const second = startWatch(detector, vast, { statePath, resumeGapMs: 300 });
    const result = await expectStoppedInTime(second, vast, restarted);
    expect(Date.now() - restarted).toBeGreaterThanOrEqual(INTERVAL_MS * (CONFIRM - 1));
    expect(second.log.records.some((r) => /the confirm window starts over; runtime and idle clocks kept/.test(r.msg))).toBe(true);
    expect(result.state.window[0]?.check).toBeGreaterThan(CONFIRM - 1);
  });

  it('a state left by a watchdog gone for long (yesterday) does not make --max-runtime fire at once', async () => {
    const { detector, statePath } = setup();
    const yesterday = Date.now() - 24 * 3600_000;
    writeFileSync(statePath, JSON.stringify({ ...loadState(undefined, detector.description, yesterday, 0).state, lastCheckAt: yesterday + 1000, checks: 9 }));
    writeFileSync(join(tmp.dir, 'result.mp4.part'), ''); // never completes
    const watch = startWatch(detector, vast, { statePath, maxRuntimeMs: 3600_000 });
    await wait(QUIET);
    expectNotStopped(vast);
    expect(watch.log.records.some((r) => /last check was 14[34]\d min ago: a new session/.test(r.msg))).toBe(true);
    watch.stop();
    await watch.result;
  });

  it('a state file that cannot be written is a warning, not a reason to stop watching (or stopping)', async () => {
    const { detector } = setup();
    writeFileSync(join(tmp.dir, 'not-a-dir'), '');
    const started = Date.now();
    const watch = startWatch(detector, vast, { statePath: join(tmp.dir, 'not-a-dir', 'state.json') });
    await expectStoppedInTime(watch, vast, started);
    expect(watch.log.records.filter((r) => r.level === 'warn' && /cannot write the state file/.test(r.msg))).toHaveLength(1);
  });

  it('after it stopped the box, the same result never stops it again; a new result does', async () => {
    const { detector, statePath } = setup();
    const started = Date.now();
    const first = startWatch(detector, vast, { statePath });
    await expectStoppedInTime(first, vast, started);
    vast.status = 'running'; // the user starts the box again
    vast.requests.length = 0;
    const again = startWatch(detector, vast, { statePath });
    await wait(QUIET);
    expectNotStopped(vast);
    expect(again.log.records.filter((r) => /already stopped the box/.test(r.msg))).toHaveLength(1);
    writeFileSync(join(tmp.dir, 'result.mp4'), randomBytes(4000));
    await expectStoppedInTime(again, vast, Date.now());
  });
});
