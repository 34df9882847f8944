// Shared test plumbing: run the watchdog on a clock the test steps check by check, against a fake vast.ai
// API, and decide everything from its own check log (check numbers and verdicts), never from wall-clock
// windows: on a loaded 2-core machine a check can run late, but it cannot change which check saw what.
import { expect } from 'vitest';
import { createVastStopper, runMonitor, type Detector, type MonitorClock, type MonitorOptions, type MonitorResult, type Stopper, type VastStopperOptions } from '../../src/monitor/index.js';
import { memoryLogger } from '../../src/util/index.js';
import type { FakeVast } from '../helpers/vast-server.js';

/** A realistic interval: with the stepped clock it costs no wall time. */
export const INTERVAL_MS = 5000;
export const CONFIRM = 3;

/** A clock whose sleeps end only when the test says so; time moves by exactly what each sleep asked. */
export class StepClock implements MonitorClock {
  t: number;
  /** Every sleep the watchdog asked for, in ms. */
  readonly sleeps: number[] = [];
  #pending: { ms: number; wake: () => void } | undefined;
  #waiters: Array<() => void> = [];

  constructor(start = Date.parse('2030-01-01T00:00:00Z')) {
    this.t = start;
  }

  now = (): number => this.t;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        this.#pending = undefined;
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleeps.push(ms);
      this.#pending = {
        ms,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      for (const w of this.#waiters.splice(0)) w();
    });

  /** Time passes with no check (a watchdog that is down, a box that is off). */
  advance(ms: number): void {
    this.t += ms;
  }

  /** Resolves once a sleep is pending. */
  waiting(): Promise<void> {
    return this.#pending ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the pending sleep, moving time by its length; false when none is pending. */
  wake(): boolean {
    const pending = this.#pending;
    if (!pending) return false;
    this.#pending = undefined;
    this.t += pending.ms;
    pending.wake();
    return true;
  }
}

export interface Verdict {
  check: number;
  verdict: 'PASS' | 'WAIT' | 'CONFIG-ERROR';
  streak?: number;
  msg: string;
}

export interface Watch {
  log: ReturnType<typeof memoryLogger>;
  clock: StepClock;
  result: Promise<MonitorResult | Error>;
  /** True once the watchdog acted or failed. */
  done(): boolean;
  /** Runs the next check (time moves one sleep); resolves when the watchdog waits again or has finished. */
  tick(): Promise<void>;
  /** Runs `n` checks, or fewer if it finishes first. */
  ticks(n: number): Promise<void>;
  /** Every check verdict logged so far. */
  verdicts(): Verdict[];
  /** Number of the last check logged (0 before the first). */
  lastCheck(): number;
  /** Aborts it (for runs that must never stop). */
  stop(): Promise<void>;
}

/** A vast.ai stopper wired to the fake with fast retries and confirmation polls; `overrides` win. The
 *  request timeout stays the real default (15 s): only a "hang" fault, with its own short timeout, may
 *  time out, so a loaded machine cannot change which requests a test sees. */
export function fakeVastStopper(vast: FakeVast, log: ReturnType<typeof memoryLogger>, overrides: Partial<VastStopperOptions> = {}): Stopper {
  return createVastStopper({
    apiUrl: vast.url,
    instanceId: vast.instanceId,
    apiKey: vast.apiKey,
    action: 'stop',
    logger: log,
    backoff: { baseMs: 20, capMs: 100 },
    confirmPolls: 3,
    confirmDelayMs: 20,
    ...overrides,
  });
}

/** The check verdicts in a list of log messages ("check #7 PASS 2/3: …", "check #8 WAIT: …"). */
export function parseVerdicts(messages: readonly string[]): Verdict[] {
  const out: Verdict[] = [];
  for (const msg of messages) {
    const m = /^check #(\d+) (PASS (\d+)\/\d+|WAIT|CONFIG-ERROR): /.exec(msg);
    if (!m) continue;
    out.push({ check: Number(m[1]), verdict: m[2]?.startsWith('PASS') ? 'PASS' : (m[2] as 'WAIT' | 'CONFIG-ERROR'), streak: m[3] ? Number(m[3]) : undefined, msg });
  }
  return out;
}

/** Starts the watchdog on a stepped clock (its own, or `extra.clock`) and returns once its first check
 *  is done (or it has finished). Defaults: the fake vast.ai stopper, one fixed boot id. */
export async function startWatch(detector: Detector, vast: FakeVast, extra: Partial<MonitorOptions> & { clock?: StepClock } = {}): Promise<Watch> {
  const log = memoryLogger();
  const controller = new AbortController();
  const clock = extra.clock ?? new StepClock();
  let finished = false;
  const result = runMonitor({
    detector,
    stopper: fakeVastStopper(vast, log),
    logger: log,
    intervalMs: INTERVAL_MS,
    confirm: CONFIRM,
    bootId: 'boot-1',
    signal: controller.signal,
    ...extra,
    clock,
  })
    .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
    .finally(() => {
      finished = true;
    });
  const settled = (): Promise<unknown> => Promise.race([clock.waiting(), result]);
  const watch: Watch = {
    log,
    clock,
    result,
    done: () => finished,
    async tick() {
      if (finished) throw new Error(`the watchdog already finished: ${JSON.stringify(await result)}`);
      // A new sleep is requested only after the check that follows this wake.
      if (!clock.wake()) throw new Error('the watchdog is not waiting for a check');
      await settled();
    },
    async ticks(n) {
      for (let i = 0; i < n && !finished; i++) await watch.tick();
    },
    verdicts: () => parseVerdicts(log.records.map((r) => r.msg)),
    lastCheck: () => watch.verdicts().at(-1)?.check ?? 0,
    async stop() {
      controller.abort(new Error('test over'));
      await result;
    },
  };
  await settled();
  return watch;
}

/** State-changing provider requests (PUT/DELETE) so far. */
export function stopRequests(vast: FakeVast): number {
  return vast.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE').length;
}

/** Asserts no stop request so far. */
export function expectNotStopped(vast: FakeVast): void {
  expect(stopRequests(vast)).toBe(0);
  expect(vast.status).toBe('running');
}

/** Runs checks while the result is not there and asserts each one waited without a stop. */
export async function expectWaits(watch: Watch, vast: FakeVast, checks = CONFIRM + 2): Promise<Verdict[]> {
  const from = watch.lastCheck();
  await watch.ticks(checks);
  expect(watch.done()).toBe(false);
  expectNotStopped(vast);
  const seen = watch.verdicts().filter((v) => v.check > from);
  expect(seen).toHaveLength(checks);
  for (const v of seen) expect(v.verdict).not.toBe('PASS');
  return seen;
}

/**
 * The result became complete while the watchdog slept after check `completedAfter` (the current last
 * check when omitted). Runs checks and asserts the box is stopped exactly after check
 * `completedAfter + confirm`: `confirm` consecutive passing checks, no stop request before the last of
 * them. In the watchdog's time that is confirm × interval after completion (≤ interval × (confirm + 1),
 * the bound).
 */
export async function expectStopsAfterConfirm(watch: Watch, vast: FakeVast, options: { completedAfter?: number; reason?: string } = {}): Promise<MonitorResult> {
  const after = options.completedAfter ?? watch.lastCheck();
  const stopCheck = after + CONFIRM;
  const completedAt = watch.clock.now() - (watch.lastCheck() - after) * INTERVAL_MS;
  while (watch.lastCheck() < stopCheck - 1) {
    await watch.tick();
    expect(watch.done(), `stopped at check ${watch.lastCheck()}, before check ${stopCheck}`).toBe(false);
    expect(stopRequests(vast)).toBe(0);
  }
  await watch.tick();
  const result = await watch.result;
  if (result instanceof Error) throw result;
  expect(watch.lastCheck()).toBe(stopCheck);
  expect(result.reason).toBe(options.reason ?? 'verified');
  expect(vast.status).toBe('stopped');
  expect(result.state.window.map((w) => w.check)).toEqual(Array.from({ length: CONFIRM }, (_, i) => after + 1 + i));
  for (const v of watch.verdicts().filter((x) => x.check > after)) expect(v.verdict).toBe('PASS');
  expectStoppingLine(watch, options.reason ?? 'verified', completedAt + INTERVAL_MS * CONFIRM);
  expect(JSON.stringify(watch.log.records)).not.toContain(vast.apiKey);
  return result;
}

/** Asserts the last line before acting is STOPPING INSTANCE at `at` (watchdog time), with the reason. */
export function expectStoppingLine(watch: Watch, reason: string, at: number): void {
  const last = watch.log.records.filter((r) => !/^vast\.ai|^done/.test(r.msg)).at(-1);
  expect(last?.msg).toMatch(new RegExp(`^STOPPING INSTANCE ${new Date(at).toISOString().replace(/\./g, '\\.')} reason=${reason} checks=`));
}

/** Awaits a watchdog that must have acted for a cap, and checks the reason and the STOPPING line. */
export async function expectCapStop(watch: Watch, vast: FakeVast, reason: 'idle-timeout' | 'max-runtime', at: number): Promise<MonitorResult> {
  const result = await watch.result;
  if (result instanceof Error) throw result;
  expect(result.reason).toBe(reason);
  expect(vast.status).toBe('stopped');
  expectStoppingLine(watch, reason, at);
  expect(JSON.stringify(watch.log.records)).not.toContain(vast.apiKey);
  return result;
}
