// Scenario 1 (temp names, copied-not-renamed, wrong size), interup's own temp names (row 13) and the
// watch-dir basics, against a real folder and a fake vast.ai API on loopback, checked check by check.
// Files here are not media (.bin, .dat): size stability and sidecars decide; media.test.ts probes videos.
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVastStopper, createWatchDirDetector, runMonitor } from '../../src/monitor/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { CONFIRM, INTERVAL_MS, StepClock, expectNotStopped, expectStopsAfterConfirm, expectWaits, fakeVastStopper, startWatch } from './harness.js';

let vast: FakeVast;
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(async () => {
  vast = await startFakeVast();
  tmp = makeTempDir('interup-monitor-');
});
afterEach(async () => {
  await vast.close();
  tmp.cleanup();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('watch-dir mode', () => {
  it('never counts a temporary or hidden name; stops once the file is renamed to its final name', async () => {
    const data = randomBytes(64 * 1024);
    writeFileSync(join(tmp.dir, 'out.bin.part'), data.subarray(0, 20_000)); // only a temp name exists
    writeFileSync(join(tmp.dir, '.out.bin.swp'), data);
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir, pattern: '*.bin' }), vast);
    const waits = await expectWaits(watch, vast);
    expect(waits.every((v) => /0 of 1 expected file\(s\).*temporary, not counted: out\.bin\.part/.test(v.msg))).toBe(true);
    appendFileSync(join(tmp.dir, 'out.bin.part'), data.subarray(20_000));
    renameSync(join(tmp.dir, 'out.bin.part'), join(tmp.dir, 'out.bin.tmp')); // copied, not yet renamed
    await expectWaits(watch, vast);
    renameSync(join(tmp.dir, 'out.bin.tmp'), join(tmp.dir, 'out.bin'));
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items).toEqual([expect.objectContaining({ target: join(tmp.dir, 'out.bin'), check: 'file:size', size: data.length, outcome: 'pass' })]);
  });

  it("interup's own temp output (.NAME.interup-PID-HEX.EXT) holds completion back like *.part", async () => {
    writeFileSync(join(tmp.dir, 'out.bin'), randomBytes(3000)); // a finished result
    const temp = join(tmp.dir, '.next.interup-1234-abcdef.bin'); // the next one, still being encoded
    writeFileSync(temp, randomBytes(1000));
    writeFileSync(`${temp}.report.json`, '{}'); // its report, written just before the rename
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    const waits = await expectWaits(watch, vast);
    for (const v of waits) expect(v.msg).toMatch(/1 file\(s\) done but still writing \(temporary, not counted: \.next\.interup-1234-abcdef\.bin, \.next\.interup-1234-abcdef\.bin\.report\.json\)/);
    rmSync(`${temp}.report.json`);
    await expectWaits(watch, vast, 1);
    renameSync(temp, join(tmp.dir, 'next.bin'));
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items.map((i) => i.target.split('/').at(-1))).toEqual(['next.bin', 'out.bin']);
  });

  it('does not stop while a final-named file still grows; stops once its size holds for N checks', async () => {
    const path = join(tmp.dir, 'out.dat');
    writeFileSync(path, randomBytes(1000));
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    for (let i = 0; i < CONFIRM + 3; i++) {
      appendFileSync(path, randomBytes(1000));
      await watch.tick();
      expectNotStopped(vast);
    }
    // Each of those checks saw a new size: the streak never passed 1.
    expect(Math.max(...watch.verdicts().map((v) => v.streak ?? 0))).toBe(1);
    await expectStopsAfterConfirm(watch, vast, { completedAfter: watch.lastCheck() - 1 });
  });

  it('does not stop on a final name with the wrong size/sha256 (sidecar); stops when the bytes are right', async () => {
    const full = randomBytes(200_000);
    const path = join(tmp.dir, 'result.dat');
    writeFileSync(`${path}.sha256`, `${sha(full)}  result.dat\n`);
    writeFileSync(path, full.subarray(0, 150_000)); // truncated
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    await expectWaits(watch, vast);
    expect(watch.log.records.some((r) => r.msg.includes('FAIL') && /sha256 [0-9a-f]{64} != expected/.test(String(r.fields.why)))).toBe(true);
    writeFileSync(path, full);
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items[0]).toMatchObject({ check: 'file:size+sha256-sidecar', sha256: sha(full), size: full.length, outcome: 'pass' });
  });

  it('does not stop while another file is still being written, even with --expect met', async () => {
    writeFileSync(join(tmp.dir, 'first.bin'), randomBytes(800));
    writeFileSync(join(tmp.dir, 'first.bin.manifest.json'), '{}');
    writeFileSync(join(tmp.dir, 'second.bin.part'), randomBytes(800));
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    const waits = await expectWaits(watch, vast);
    for (const v of waits) expect(v.msg).toMatch(/1 file\(s\) done but still writing \(temporary, not counted: second\.bin\.part\)/);
    renameSync(join(tmp.dir, 'second.bin.part'), join(tmp.dir, 'second.bin'));
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items.map((i) => i.target.split('/').at(-1))).toEqual(['first.bin', 'second.bin']);
  });

  it('waits for --expect files, counting only those matching --pattern', async () => {
    writeFileSync(join(tmp.dir, 'a.bin'), randomBytes(500));
    writeFileSync(join(tmp.dir, 'notes.txt'), randomBytes(500));
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir, expect: 2, pattern: '*.bin' }), vast);
    await expectWaits(watch, vast);
    writeFileSync(join(tmp.dir, 'b.bin'), randomBytes(500));
    const result = await expectStopsAfterConfirm(watch, vast);
    expect(result.state.window.at(-1)?.items.map((i) => i.target.split('/').at(-1))).toEqual(['a.bin', 'b.bin']);
  });

  it('starts a check every interval: a slow check shortens the wait after it, never below half an interval', async () => {
    writeFileSync(join(tmp.dir, 'out.bin'), randomBytes(500));
    const clock = new StepClock();
    const inner = createWatchDirDetector({ dir: tmp.dir });
    const costs = [0.3, 0.8, 0];
    const slow = { description: inner.description, check: async () => { const obs = await inner.check(); clock.advance(INTERVAL_MS * (costs.shift() ?? 0)); return obs; } };
    const watch = await startWatch(slow, vast, { clock, confirm: 4 });
    await watch.ticks(2);
    expect(clock.sleeps).toEqual([INTERVAL_MS * 0.7, INTERVAL_MS * 0.5, INTERVAL_MS]);
    await watch.tick();
    const result = await watch.result;
    expect(result instanceof Error ? result.message : result.reason).toBe('verified');
  });
});

describe('provider faults end to end (scenarios 6 and 7)', () => {
  const file = (): void => writeFileSync(join(tmp.dir, 'out.bin'), randomBytes(2000));

  it('a stop that times out once is retried and the box still stops on the confirming check', async () => {
    file();
    const log = memoryLogger();
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast, { stopper: fakeVastStopper(vast, log, { timeoutSignal: (ms) => vast.timeoutSignal(ms) }) });
    vast.faults.push({ kind: 'hang' }); // past the start-up GET: the stop request itself hangs
    const result = await expectStopsAfterConfirm(watch, vast, { completedAfter: 0 });
    expect(result.state.window.map((w) => w.check)).toEqual([1, 2, 3]);
    // Only the hung stop request timed out (the real 15 s limit, ended by the fake): asked twice, not more.
    expect(log.records.filter((r) => /no answer within 15000 ms/.test(r.msg))).toHaveLength(1);
    expect(vast.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it('"stopped" reported while the instance keeps running: asks again until it really stops', async () => {
    vast.ignoreStops = 1;
    file();
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    await expectStopsAfterConfirm(watch, vast, { completedAfter: 0 });
    const puts = vast.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(vast.stoppedAt).toBeGreaterThanOrEqual(puts[1]?.at);
    expect(watch.log.records.some((r) => r.level === 'warn' && /still running; asking again/.test(r.msg))).toBe(true);
  });

  it('401: refuses to watch with a key that cannot stop the box, says why, never shows the key', async () => {
    file();
    const log = memoryLogger();
    const badKey = 'revoked-key-5551234';
    const stopper = createVastStopper({ apiUrl: vast.url, instanceId: vast.instanceId, apiKey: badKey, action: 'stop', logger: log });
    const error = (await runMonitor({ detector: createWatchDirDetector({ dir: tmp.dir }), stopper, logger: log, intervalMs: INTERVAL_MS, confirm: CONFIRM, clock: new StepClock() }).then(
      () => new Error('watched with a bad key'),
      (e: unknown) => e,
    )) as Error & { hint?: string };
    expect(error.message).toMatch(/missing or invalid/);
    expect(error.hint).toMatch(/not visible inside SSH sessions unless/);
    expectNotStopped(vast);
    expect(JSON.stringify(log.records) + error.message + String(error.hint)).not.toContain(badKey);
  });
});
