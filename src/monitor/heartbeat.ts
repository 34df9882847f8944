// The pipeline's side of --idle-timeout: touch a file (its mtime is the heartbeat) while work progresses.
// Throttled, never throws: a heartbeat must not be able to break the job it reports on.
import { closeSync, mkdirSync, openSync, utimesSync } from 'node:fs';
import { dirname } from 'node:path';
import { toError } from '../util/index.js';

export interface Heartbeat {
  /** Marks progress now (touches the file at most once per `minIntervalMs`). */
  beat(): void;
  /** The last error touching the file, if any (for a warning). */
  readonly lastError: Error | undefined;
}

/** Creates a heartbeat on `path` (created if missing) and beats once; `clock` is for tests. */
export function createHeartbeat(path: string, minIntervalMs = 1000, clock: () => number = Date.now): Heartbeat {
  let last = 0;
  let lastError: Error | undefined;
  const touch = (): void => {
    try {
      const now = new Date(clock());
      try {
        utimesSync(path, now, now);
      } catch {
        mkdirSync(dirname(path), { recursive: true });
        closeSync(openSync(path, 'a'));
        utimesSync(path, now, now);
      }
      lastError = undefined;
    } catch (error) {
      lastError = toError(error);
    }
  };
  touch();
  last = clock();
  return {
    beat: () => {
      const now = clock();
      if (now - last < minIntervalMs) return;
      last = now;
      touch();
    },
    get lastError() {
      return lastError;
    },
  };
}
