// Scenario 1 (temp names, copied-not-renamed, wrong size) and the watch-dir basics, against a real folder
// and a fake vast.ai API on loopback.
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVastStopper, createWatchDirDetector, runMonitor } from '../../src/monitor/index.js';
import { memoryLogger } from '../../src/util/index.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { CONFIRM, INTERVAL_MS, TIMING, expectNotStopped, expectStoppedInTime, fakeVastStopper, startWatch, wait } from './harness.js';

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

const QUIET = INTERVAL_MS * (CONFIRM + 3);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('watch-dir mode', TIMING, () => {
  it('never counts a temporary or hidden name; stops once the file is renamed to its final name', async () => {
    const data = randomBytes(64 * 1024);
    writeFileSync(join(tmp.dir, 'out.mp4.part'), data.subarray(0, 20_000)); // only a temp name exists
    writeFileSync(join(tmp.dir, '.out.mp4.swp'), data);
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir, pattern: '*.mp4' }), vast);
    await wait(QUIET);
    expectNotStopped(vast);
    expect(watch.log.records.some((r) => /0 of 1 expected file\(s\).*temporary, not counted: out\.mp4\.part/.test(r.msg))).toBe(true);
    appendFileSync(join(tmp.dir, 'out.mp4.part'), data.subarray(20_000));
    renameSync(join(tmp.dir, 'out.mp4.part'), join(tmp.dir, 'out.mp4.tmp')); // copied, not yet renamed
    await wait(QUIET);
    expectNotStopped(vast);
    const done = Date.now();
    renameSync(join(tmp.dir, 'out.mp4.tmp'), join(tmp.dir, 'out.mp4'));
    const result = await expectStoppedInTime(watch, vast, done);
    expect(result.state.window.at(-1)?.items).toEqual([expect.objectContaining({ target: join(tmp.dir, 'out.mp4'), size: data.length, outcome: 'pass' })]);
  });

  it('does not stop while a final-named file still grows; stops once its size holds for N checks', async () => {
    const path = join(tmp.dir, 'out.mp4');
    writeFileSync(path, randomBytes(1000));
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    for (let i = 0; i < CONFIRM + 3; i++) {
      await wait(INTERVAL_MS * 0.8);
      appendFileSync(path, randomBytes(1000));
    }
    expectNotStopped(vast);
    await expectStoppedInTime(watch, vast, Date.now());
  });

  it('does not stop on a final name with the wrong size/sha256 (sidecar); stops when the bytes are right', async () => {
    const full = randomBytes(200_000);
    const path = join(tmp.dir, 'result.mkv');
    writeFileSync(`${path}.sha256`, `${sha(full)}  result.mkv\n`);
    writeFileSync(path, full.subarray(0, 150_000)); // truncated
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    await wait(QUIET);
    expectNotStopped(vast);
    expect(watch.log.records.some((r) => r.msg.includes('FAIL') && /sha256 [0-9a-f]{64} != expected/.test(String(r.fields.why)))).toBe(true);
    writeFileSync(path, full);
    const result = await expectStoppedInTime(watch, vast, Date.now());
    expect(result.state.window.at(-1)?.items[0]).toMatchObject({ check: 'file:size+sha256-sidecar', sha256: sha(full), size: full.length, outcome: 'pass' });
  });

  it('does not stop while another file is still being written, even with --expect met', async () => {
    writeFileSync(join(tmp.dir, 'first.mp4'), randomBytes(800));
    writeFileSync(join(tmp.dir, 'first.mp4.manifest.json'), '{}');
    writeFileSync(join(tmp.dir, 'second.mp4.part'), randomBytes(800));
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    await wait(QUIET);
    expectNotStopped(vast);
    expect(watch.log.records.some((r) => /1 file\(s\) done but still writing \(temporary, not counted: second\.mp4\.part\)/.test(r.msg))).toBe(true);
    const done = Date.now();
    renameSync(join(tmp.dir, 'second.mp4.part'), join(tmp.dir, 'second.mp4'));
    const result = await expectStoppedInTime(watch, vast, done);
    expect(result.state.window.at(-1)?.items.map((i) => i.target.split('/').at(-1))).toEqual(['first.mp4', 'second.mp4']);
  });

  it('waits for --expect files, counting only those matching --pattern', async () => {
    writeFileSync(join(tmp.dir, 'a.mp4'), randomBytes(500));
    writeFileSync(join(tmp.dir, 'notes.txt'), randomBytes(500));
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir, expect: 2, pattern: '*.mp4' }), vast);
    await wait(QUIET);
    expectNotStopped(vast);
    writeFileSync(join(tmp.dir, 'b.mp4'), randomBytes(500));
    const result = await expectStoppedInTime(watch, vast, Date.now());
    expect(result.state.window.at(-1)?.items.map((i) => i.target.split('/').at(-1))).toEqual(['a.mp4', 'b.mp4']);
  });
});

describe('provider faults end to end (scenarios 6 and 7)', TIMING, () => {
  const file = (): void => writeFileSync(join(tmp.dir, 'out.mp4'), randomBytes(2000));

  it('a stop that times out once is retried and the box still stops in time', async () => {
    const log = memoryLogger();
    const started = Date.now();
    file();
    const result = runMonitor({ detector: createWatchDirDetector({ dir: tmp.dir }), stopper: fakeVastStopper(vast, log, { requestTimeoutMs: 150 }), logger: log, intervalMs: INTERVAL_MS, confirm: CONFIRM });
    await wait(INTERVAL_MS / 2); // after the start-up GET
    vast.faults.push({ kind: 'hang' });
    await result;
    expect((vast.stoppedAt as number) - started).toBeLessThanOrEqual(INTERVAL_MS * (CONFIRM + 1));
    expect(log.records.some((r) => /no answer within 150 ms/.test(r.msg))).toBe(true);
  });

  it('"stopped" reported while the instance keeps running: asks again until it really stops', async () => {
    vast.ignoreStops = 1;
    file();
    const started = Date.now();
    const watch = startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    await expectStoppedInTime(watch, vast, started);
    // The stop request went out in time (asserted above); the second one follows the provider's own
    // confirmation polls, which take what the provider takes.
    const puts = vast.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(vast.stoppedAt).toBeGreaterThanOrEqual(puts[1]?.at as number);
  });

  it('401: refuses to watch with a key that cannot stop the box, says why, never shows the key', async () => {
    file();
    const log = memoryLogger();
    const badKey = 'revoked-key-5551234';
    const stopper = createVastStopper({ apiUrl: vast.url, instanceId: vast.instanceId, apiKey: badKey, action: 'stop', logger: log });
    const error = (await runMonitor({ detector: createWatchDirDetector({ dir: tmp.dir }), stopper, logger: log, intervalMs: INTERVAL_MS, confirm: CONFIRM }).then(
      () => new Error('watched with a bad key'),
      (e: unknown) => e,
    )) as Error & { hint?: string };
    expect(error.message).toMatch(/missing or invalid/);
    expect(error.hint).toMatch(/not visible inside SSH sessions unless/);
    expectNotStopped(vast);
    expect(JSON.stringify(log.records) + error.message + String(error.hint)).not.toContain(badKey);
  });
});
