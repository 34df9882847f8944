// Scenarios 6 and 7: the vast.ai stopper against a fake API on loopback (429/5xx/timeout/401, a stop that
// reports success while the instance keeps running, stopping twice, destroy only when asked).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VastStopperOptions } from '../../src/monitor/index.js';
import { fakeVastStopper } from './harness.js';
import { memoryLogger } from '../../src/util/index.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';

let vast: FakeVast;
let log: ReturnType<typeof memoryLogger>;
beforeEach(async () => {
  vast = await startFakeVast();
  log = memoryLogger();
});
afterEach(async () => vast.close());

const request = { reason: 'verified', window: [], checks: 'test', at: new Date().toISOString() };

// The stopper under test: the harness's fast one (short backoff, a request timeout far above any loopback
// answer, so only a "hang" fault times out), with bounded attempts and rounds.
function stopper(overrides: Partial<VastStopperOptions> = {}) {
  return fakeVastStopper(vast, log, { maxAttempts: 6, maxRounds: 3, ...overrides });
}

// Everything the stopper logged, for secret checks.
function allLogText(): string {
  return JSON.stringify(log.records);
}

describe('vast.ai stopper', () => {
  it('stops with PUT {"state":"stopped"} and Bearer auth, then confirms with GET', async () => {
    const outcome = await stopper().stop(request);
    expect(outcome.confirmed).toBe(true);
    expect(vast.status).toBe('stopped');
    const put = vast.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/api/v0/instances/${vast.instanceId}/`);
    expect(put?.body).toEqual({ state: 'stopped' });
    expect(put?.authorization).toBe(`Bearer ${vast.apiKey}`);
    expect(vast.requests.map((r) => r.method)).toEqual(['PUT', 'GET']);
    expect(allLogText()).not.toContain(vast.apiKey);
  });

  it('retries 429 without Retry-After and 5xx with capped backoff, then stops', async () => {
    vast.faults.push({ kind: 'status', status: 429 }, { kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    const outcome = await stopper().stop(request);
    expect(outcome.confirmed).toBe(true);
    expect(vast.status).toBe('stopped');
    // 20, 40, 80 ms: growing, capped at 100 ms; each retry really waited (a loaded machine only waits longer).
    const gaps = vast.requests.slice(1, 4).map((r, i) => r.at - (vast.requests[i]?.at ?? 0));
    const least = [19, 39, 79];
    expect(gaps.map((g, i) => g >= (least[i] ?? 0))).toEqual([true, true, true]);
    expect(log.records.filter((r) => /retrying in/.test(r.msg)).map((r) => r.msg.match(/in (\d+) ms/)?.[1])).toEqual(['20', '40', '80']);
  });

  it('retries a request that never answers (timeout) and still stops', async () => {
    vast.faults.push({ kind: 'hang' });
    const outcome = await stopper({ timeoutSignal: (ms) => vast.timeoutSignal(ms) }).stop(request);
    expect(outcome.confirmed).toBe(true);
    expect(vast.status).toBe('stopped');
    const timeouts = log.records.filter((r) => /no answer within 15000 ms/.test(r.msg));
    expect(timeouts).toHaveLength(1); // the hung request, and only it
    expect(timeouts[0]?.msg).toMatch(/^vast\.ai (GET|PUT) .*retrying in/);
  });

  it('gives up after max attempts with a message saying the box may still bill', async () => {
    for (let i = 0; i < 10; i++) vast.faults.push({ kind: 'status', status: 502 });
    await expect(stopper({ maxAttempts: 3 }).stop(request)).rejects.toThrow(/failed 3 times.*HTTP 502/);
    expect(vast.status).toBe('running');
  });

  it('on 401 says the key is missing or invalid, mentions SSH sessions, and never logs the key', async () => {
    const wrongKey = 'wrong-key-7777777';
    const error = (await stopper({ apiKey: wrongKey })
      .stop(request)
      .then(() => new Error('stopped with a wrong key'))
      .catch((e: unknown) => e)) as Error & { hint?: string };
    expect(error.message).toMatch(/missing or invalid/);
    expect(error.hint).toMatch(/SSH/);
    expect(error.hint).toMatch(/CONTAINER_API_KEY/);
    expect(vast.requests).toHaveLength(1);
    expect(vast.status).toBe('running');
    expect(allLogText() + error.message).not.toContain(wrongKey);
  });

  it('asks again when the API says the stop succeeded but the status stays running', async () => {
    vast.ignoreStops = 1;
    const outcome = await stopper().stop(request);
    expect(outcome.confirmed).toBe(true);
    expect(vast.status).toBe('stopped');
    expect(vast.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(log.records.some((r) => r.level === 'warn' && /still running; asking again/.test(r.msg))).toBe(true);
  });

  it('fails loudly when the instance never stops despite accepted requests', async () => {
    vast.ignoreStops = 100;
    await expect(stopper().stop(request)).rejects.toThrow(/accepted 3 stop requests but instance 4242 is still running/);
  });

  it('stopping twice, or an already stopped instance, is harmless', async () => {
    await stopper().stop(request);
    const second = await stopper().stop(request);
    expect(second.confirmed).toBe(true);
    expect(second.detail).toMatch(/is stopped \(confirmed by GET/);
    expect(vast.status).toBe('stopped');
    vast.status = undefined; // destroyed meanwhile: a destroy of a gone instance (404) is fine too
    expect((await stopper({ action: 'destroy' }).stop(request)).confirmed).toBe(true);
  });

  it('destroys (DELETE) only when asked, and confirms the instance is gone', async () => {
    const outcome = await stopper({ action: 'destroy' }).stop(request);
    expect(outcome.confirmed).toBe(true);
    expect(vast.status).toBeUndefined();
    expect(vast.requests.map((r) => r.method)).toEqual(['DELETE', 'GET']);
  });
});

describe('vast.ai preflight (at watchdog start-up)', () => {
  it('fails at once on a bad key, so the mistake shows hours before the stop', async () => {
    await expect(stopper({ apiKey: 'not-the-key-123' }).preflight?.()).rejects.toThrow(/missing or invalid/);
  });

  it('a briefly unreachable API is not fatal: the watchdog still starts', async () => {
    vast.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    await expect(stopper().preflight?.()).resolves.toMatch(/could not reach vast\.ai yet/);
    await expect(stopper().preflight?.()).resolves.toMatch(/instance 4242 is running; the API key works/);
  });
});
