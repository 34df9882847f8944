// Scenario 10 (the result never arrives: idle timeout and max runtime fire with their reasons), the
// --on-failure policy, scenario 9 at library level (a watchdog stopped mid-window and restarted) and the
// stop latch (rows 11 and 14): only a real, confirmed stop latches, and only against a later boot.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBucketDetector, createDryRunStopper, createHeartbeat, createWatchDirDetector, loadState, type MonitorState, type Stopper } from '../../src/monitor/index.js';
import type { BatchManifest } from '../../src/storage/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { CONFIRM, INTERVAL_MS, StepClock, expectCapStop, expectNotStopped, expectStopsAfterConfirm, expectWaits, startWatch, stopRequests } from './harness.js';

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

// Sets a file's mtime to a moment of the watchdog's clock.
const touchAt = (path: string, ms: number): void => utimesSync(path, ms / 1000, ms / 1000);

describe('caps', () => {
  it('idle timeout: stops (reason idle-timeout) once the heartbeat goes quiet, not while it beats', async () => {
    const heartbeat = join(tmp.dir, 'heartbeat');
    writeFileSync(heartbeat, '');
    const clock = new StepClock();
    touchAt(heartbeat, clock.now());
    const idleMs = 3 * INTERVAL_MS;
    const watch = await startWatch(createWatchDirDetector({ dir: out }), vast, { clock, idleTimeoutMs: idleMs, heartbeatPath: heartbeat });
    for (let i = 0; i < 6; i++) {
      touchAt(heartbeat, clock.now()); // the pipeline beats between checks
      await watch.tick();
    }
    expectNotStopped(vast);
    const lastBeat = clock.now();
    touchAt(heartbeat, lastBeat);
    // Quiet from now on: checks at +1, +2 intervals wait; the one at +3 intervals reaches the timeout.
    await watch.ticks(2);
    expectNotStopped(vast);
    await watch.tick();
    await expectCapStop(watch, vast, 'idle-timeout', lastBeat + idleMs);
    expect(watch.log.records.some((r) => /no progress for 15\.0 s .*idle timeout 15 s/.test(r.msg))).toBe(true);
  });

  it('the pipeline-side heartbeat keeps an idle timeout from firing while work progresses', async () => {
    const heartbeat = join(tmp.dir, 'nested', 'heartbeat');
    const clock = new StepClock();
    const beat = createHeartbeat(heartbeat, 1000, clock.now);
    expect(beat.lastError).toBeUndefined();
    const watch = await startWatch(createWatchDirDetector({ dir: out }), vast, { clock, idleTimeoutMs: 2 * INTERVAL_MS, heartbeatPath: heartbeat });
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 5; j++) beat.beat(); // progress events: throttled to one touch per second
      await watch.tick();
    }
    expectNotStopped(vast);
    const quiet = clock.now() - INTERVAL_MS; // the last beat came before the last check
    await watch.tick();
    await expectCapStop(watch, vast, 'idle-timeout', quiet + 2 * INTERVAL_MS);
  });

  it('max runtime: stops (reason max-runtime) even while things keep changing', async () => {
    const clock = new StepClock();
    const started = clock.now();
    const grow = (): void => writeFileSync(join(tmp.dir, 'growing.bin'), randomBytes(100 + Math.floor(Math.random() * 1000)));
    grow();
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast, { clock, maxRuntimeMs: 4 * INTERVAL_MS, idleTimeoutMs: 3600_000 });
    for (let i = 0; i < 3; i++) {
      grow();
      await watch.tick();
    }
    expectNotStopped(vast);
    grow();
    await watch.tick();
    await expectCapStop(watch, vast, 'max-runtime', started + 4 * INTERVAL_MS);
    expect(watch.lastCheck()).toBe(5);
  });
});

describe('--on-failure with a batch manifest that lists failed jobs', () => {
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
    const watch = await startWatch(createBucketDetector({ source: { kind: 'file', path }, expect: 2 }), vast, { onFailure: 'stop' });
    const result = await expectStopsAfterConfirm(watch, vast, { completedAfter: 0, reason: 'batch-finished-with-failures' });
    expect(result.state.window.at(-1)?.items[0]).toMatchObject({ check: 'file:size+sha256-manifest', outcome: 'pass' });
  });

  it('keep: leaves the box running and says why', async () => {
    const path = writeBatch();
    const watch = await startWatch(createBucketDetector({ source: { kind: 'file', path }, expect: 2 }), vast, { onFailure: 'keep' });
    await watch.ticks(CONFIRM + 3);
    expect(watch.done()).toBe(false);
    await watch.stop();
    expectNotStopped(vast);
    expect(watch.verdicts().filter((v) => v.verdict === 'PASS').length).toBe(CONFIRM + 4);
    expect(watch.log.records.filter((r) => /failed job\(s\) bad; --on-failure keep/.test(r.msg))).toHaveLength(1);
  });
});

describe('restart mid-window (library)', () => {
  function setup() {
    writeFileSync(join(tmp.dir, 'result.bin'), randomBytes(3000));
    return { detector: createWatchDirDetector({ dir: tmp.dir, pattern: '*.bin' }), statePath: join(tmp.dir, '.state.json') };
  }

  it('a quick restart keeps the window: the streak continues from where it was', async () => {
    const { detector, statePath } = setup();
    const clock = new StepClock();
    const first = await startWatch(detector, vast, { statePath, clock });
    await first.tick(); // checks 1 and 2 passed
    await first.stop();
    expectNotStopped(vast);
    clock.advance(2000); // restarted 2 s later (within max(2 × interval, 10 s))
    const second = await startWatch(detector, vast, { statePath, clock });
    expect(second.log.records.some((r) => /resuming: last check 2000 ms ago, streak 2 kept/.test(r.msg))).toBe(true);
    // Its first check is check #3 and completes the window.
    const result = await second.result;
    if (result instanceof Error) throw result;
    expect(second.verdicts().map((v) => `${v.check} ${v.verdict} ${v.streak}`)).toEqual(['3 PASS 3']);
    expect(result.state.window.map((w) => w.check)).toEqual([1, 2, 3]);
    expect(stopRequests(vast)).toBe(1);
  });

  it('after a long gap the window starts over (but the runtime clock is kept)', async () => {
    const { detector, statePath } = setup();
    const clock = new StepClock();
    const started = clock.now();
    const first = await startWatch(detector, vast, { statePath, clock });
    await first.tick();
    await first.stop();
    clock.advance(60_000);
    const second = await startWatch(detector, vast, { statePath, clock });
    expect(second.log.records.some((r) => /last check was 60000 ms ago .*the confirm window starts over; runtime and idle clocks kept/.test(r.msg))).toBe(true);
    const result = await expectStopsAfterConfirm(second, vast, { completedAfter: 2 });
    expect(result.state.startedAt).toBe(started);
  });

  it('a state left by a watchdog gone for long (yesterday) does not make --max-runtime fire at once', async () => {
    const { detector, statePath } = setup();
    const clock = new StepClock();
    const yesterday = clock.now() - 24 * 3600_000;
    const context = { runKey: detector.description, now: yesterday, resumeGapMs: 0, boot: 'boot-1', dryRun: false };
    writeFileSync(statePath, JSON.stringify({ ...loadState(undefined, context).state, lastCheckAt: yesterday + 1000, checks: 9 }));
    writeFileSync(join(tmp.dir, 'result.bin.part'), ''); // never completes
    const watch = await startWatch(detector, vast, { statePath, clock, maxRuntimeMs: 3600_000 });
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => /last check was 1440 min ago: a new session/.test(r.msg))).toBe(true);
    expect(watch.verdicts()[0]?.check).toBe(10);
    await watch.stop();
  });

  it('a state file that cannot be written is a warning, not a reason to stop watching (or stopping)', async () => {
    const { detector } = setup();
    writeFileSync(join(tmp.dir, 'not-a-dir'), '');
    const watch = await startWatch(detector, vast, { statePath: join(tmp.dir, 'not-a-dir', 'state.json') });
    await expectStopsAfterConfirm(watch, vast, { completedAfter: 0 });
    expect(watch.log.records.filter((r) => r.level === 'warn' && /cannot write the state file/.test(r.msg))).toHaveLength(1);
  });
});

describe('the stop latch (rows 11 and 14)', () => {
  function setup() {
    writeFileSync(join(tmp.dir, 'result.bin'), randomBytes(3000));
    return { detector: createWatchDirDetector({ dir: tmp.dir, pattern: '*.bin' }), statePath: join(tmp.dir, '.state.json') };
  }
  const readState = (path: string): MonitorState => JSON.parse(readFileSync(path, 'utf8')) as MonitorState;

  it('after it stopped the box, the same result never stops it again on a new boot; a new result does', async () => {
    const { detector, statePath } = setup();
    const clock = new StepClock();
    const first = await startWatch(detector, vast, { statePath, clock, bootId: 'boot-1' });
    await expectStopsAfterConfirm(first, vast, { completedAfter: 0 });
    expect(readState(statePath).acted).toMatchObject({ reason: 'verified', boot: 'boot-1' });
    vast.status = 'running'; // the user starts the box again: a new boot
    vast.requests.length = 0;
    clock.advance(20 * 60_000);
    const again = await startWatch(detector, vast, { statePath, clock, bootId: 'boot-2' });
    expect(again.log.records.some((r) => /has been started again since \(new boot\): the same result will not stop it again/.test(r.msg))).toBe(true);
    await again.ticks(CONFIRM + 3);
    expect(again.done()).toBe(false);
    expectNotStopped(vast);
    expect(again.verdicts().at(-1)?.msg).toMatch(/^check #\d+ PASS \d+\/3/); // it sees the result, and holds back
    expect(again.log.records.filter((r) => /already stopped the box/.test(r.msg))).toHaveLength(1);
    writeFileSync(join(tmp.dir, 'result.bin'), randomBytes(4000));
    await expectStopsAfterConfirm(again, vast);
  });

  it('a watchdog restarted on the same boot after a stop stops again: that stop did not take', async () => {
    const { detector, statePath } = setup();
    const clock = new StepClock();
    const first = await startWatch(detector, vast, { statePath, clock, bootId: 'boot-1' });
    await expectStopsAfterConfirm(first, vast, { completedAfter: 0 });
    vast.status = 'running'; // still running: the provider's stop never happened
    vast.requests.length = 0;
    clock.advance(60_000);
    const again = await startWatch(detector, vast, { statePath, clock, bootId: 'boot-1' });
    expect(again.log.records.some((r) => /this is the same boot: the stop did not take effect/.test(r.msg))).toBe(true);
    await expectStopsAfterConfirm(again, vast, { completedAfter: again.lastCheck() - 1 });
    expect(again.log.records.some((r) => /already stopped/.test(r.msg))).toBe(false);
  });

  it('a stop the provider did not confirm sets no latch', async () => {
    const { detector, statePath } = setup();
    const unconfirmed: Stopper = { description: 'a stop that is not confirmed', dryRun: false, stop: () => Promise.resolve({ confirmed: false, detail: 'no answer' }) };
    const first = await startWatch(detector, vast, { statePath, stopper: unconfirmed });
    await first.ticks(CONFIRM);
    const result = await first.result;
    expect(result instanceof Error ? result.message : result.outcome.confirmed).toBe(false);
    expect(readState(statePath).acted).toBeUndefined();
  });

  it('a dry run changes nothing for the real watchdog: no latch, not even its state file', async () => {
    const { detector, statePath } = setup();
    const clock = new StepClock();
    const sentinel = join(tmp.dir, 'sentinel.json');
    const dry = await startWatch(detector, vast, { statePath: `${statePath}.dry-run`, clock, stopper: createDryRunStopper(sentinel, 'vast.ai stop instance 4242') });
    await dry.ticks(CONFIRM);
    const dryResult = await dry.result;
    expect(dryResult instanceof Error ? dryResult.message : dryResult.outcome.dryRun).toBe(true);
    expect(readState(`${statePath}.dry-run`)).toMatchObject({ dryRun: true });
    expect(readState(`${statePath}.dry-run`).acted).toBeUndefined();
    expect(vast.requests).toHaveLength(0);
    // Even pointed at the dry run's own state file, the real watchdog does not resume it.
    const real = await startWatch(detector, vast, { statePath: `${statePath}.dry-run`, clock });
    expect(real.log.records.some((r) => /was written by a dry run; a real watchdog never resumes it/.test(r.msg))).toBe(true);
    await expectStopsAfterConfirm(real, vast, { completedAfter: 0 });
  });
});
