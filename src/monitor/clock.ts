// The watchdog's sense of time, injectable: tests step it check by check, so what they assert follows
// from check numbers and verdicts, never from how fast a loaded machine ran the loop.
import { sleep } from './backoff.js';

export interface MonitorClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or rejects with the signal's reason when it aborts first). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and real timers. */
export const realClock: MonitorClock = { now: () => Date.now(), sleep };
