// Shared test plumbing: start the watchdog in the background against a fake vast.ai API and measure when
// (and whether) it asked the provider to stop.
import { expect } from 'vitest';
import { createVastStopper, runMonitor, type Detector, type MonitorOptions, type MonitorResult, type Stopper, type VastStopperOptions } from '../../src/monitor/index.js';
import { memoryLogger } from '../../src/util/index.js';
import type { FakeVast } from '../helpers/vast-server.js';

export const INTERVAL_MS = 300;
export const CONFIRM = 3;

export interface Watch {
  log: ReturnType<typeof memoryLogger>;
  result: Promise<MonitorResult | Error>;
  stop(): void;
}

/** A vast.ai stopper wired to the fake with fast retries and confirmation polls; `overrides` win. */
export function fakeVastStopper(vast: FakeVast, log: ReturnType<typeof memoryLogger>, overrides: Partial<VastStopperOptions> = {}): Stopper {
  return createVastStopper({
    apiUrl: vast.url,
    instanceId: vast.instanceId,
    apiKey: vast.apiKey,
    action: 'stop',
    logger: log,
    requestTimeoutMs: 500,
    backoff: { baseMs: 20, capMs: 100 },
    confirmPolls: 3,
    confirmDelayMs: 20,
    ...overrides,
  });
}

/** Runs the watchdog in the background; `stop()` aborts it (for runs that must never stop). */
export function startWatch(detector: Detector, vast: FakeVast, extra: Partial<MonitorOptions> = {}): Watch {
  const log = memoryLogger();
  const controller = new AbortController();
  const result = runMonitor({
    detector,
    stopper: fakeVastStopper(vast, log),
    logger: log,
    intervalMs: INTERVAL_MS,
    confirm: CONFIRM,
    signal: controller.signal,
    ...extra,
  }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  return { log, result, stop: () => controller.abort(new Error('test over')) };
}

export const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Time of the first state-changing provider request, if any. */
export function firstStopAt(vast: FakeVast): number | undefined {
  return vast.requests.find((r) => r.method === 'PUT' || r.method === 'DELETE')?.at;
}

/** Asserts no stop request so far. */
export function expectNotStopped(vast: FakeVast): void {
  expect(firstStopAt(vast)).toBeUndefined();
  expect(vast.status).toBe('running');
}

/** Timing assertions are strict (interval × (confirm + 1)); on the shared 2-core dev machine a starved
 *  event loop can stretch a run, so timing-sensitive suites retry: a real bug fails every attempt. */
export const TIMING = { retry: Number(process.env.MONITOR_TEST_RETRY ?? 2), timeout: 30_000 };

/** Awaits the watchdog and asserts it stopped the box within interval × (confirm + 1) of `completedAt`,
 *  and not before `confirm` checks could have passed. */
export async function expectStoppedInTime(watch: Watch, vast: FakeVast, completedAt: number, reason = 'verified'): Promise<MonitorResult> {
  const result = await watch.result;
  if (result instanceof Error) throw result;
  expect(result.reason).toBe(reason);
  expect(vast.status).toBe('stopped');
  const stopAt = firstStopAt(vast) as number;
  const delay = stopAt - completedAt;
  expect(delay).toBeLessThanOrEqual(INTERVAL_MS * (CONFIRM + 1));
  if (reason === 'verified' || reason === 'batch-finished-with-failures') {
    expect(delay).toBeGreaterThanOrEqual(INTERVAL_MS * (CONFIRM - 1) - 50);
    // Never before: every confirming check observed the bucket/folder after the result was complete,
    // and they are `confirm` consecutive checks.
    const numbers = result.state.window.map((w) => w.check);
    expect(numbers).toEqual(Array.from({ length: CONFIRM }, (_, i) => (numbers[0] as number) + i));
    for (const w of result.state.window) expect(Date.parse(w.at)).toBeGreaterThanOrEqual(completedAt - 1);
  }
  const last = watch.log.records.filter((r) => !/^vast\.ai|^done/.test(r.msg)).at(-1);
  expect(last?.msg).toMatch(new RegExp(`^STOPPING INSTANCE \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z reason=${reason} checks=`));
  expect(JSON.stringify(watch.log.records)).not.toContain(vast.apiKey);
  return result;
}
