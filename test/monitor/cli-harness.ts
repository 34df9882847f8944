// The real `interup monitor` as a child process with JSON logs, for the CLI suites: every wait is for
// log lines (check numbers, verdicts, what a check saw), never for a duration, so a loaded machine can
// only make a test slower, not change its outcome.
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { spawnProcess, type SpawnedProcess } from '../../src/process/index.js';
import type { FakeVast } from '../helpers/vast-server.js';
import { parseVerdicts, type Verdict } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const INTERVAL = '0.2';

export interface LogLine {
  msg: string;
  level: string;
  time: string;
  [field: string]: unknown;
}

export interface Cli {
  proc: SpawnedProcess;
  lines: LogLine[];
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the first log line (seen or to come) that satisfies `test`; rejects if the process ends first. */
  waitFor: (test: (line: LogLine) => boolean, what: string) => Promise<LogLine>;
  /** Resolves once `n` lines satisfy `test`. */
  waitForCount: (test: (line: LogLine) => boolean, n: number, what: string) => Promise<void>;
  verdicts: () => Verdict[];
  exit: Promise<number | null>;
}

export const msg = (pattern: RegExp) => (line: LogLine): boolean => pattern.test(line.msg);

/** Starts `interup monitor … --log-format json` in `cwd` with the vast.ai variables a box has in its environment. */
export function monitor(cwd: string, vast: FakeVast, args: string[], tail: string[] = [], env: Record<string, string> = {}): Cli {
  let err = '';
  let out = '';
  let pending = '';
  const lines: LogLine[] = [];
  const waiters = new Set<{ test: () => boolean; resolve: () => void }>();
  const proc = spawnProcess(process.execPath, [join(ROOT, 'bin', 'interup.js'), 'monitor', ...args, '--log-format', 'json', ...tail], {
    cwd,
    stdout: 'pipe',
    env: { ...process.env, VAST_API_URL: vast.url, CONTAINER_ID: vast.instanceId, CONTAINER_API_KEY: vast.apiKey, ...env },
    onStderr: (chunk) => {
      err += chunk.toString();
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) {
        try {
          lines.push(JSON.parse(part) as LogLine);
        } catch {
          lines.push({ msg: part, level: 'raw', time: '' });
        }
      }
      for (const w of waiters) if (w.test()) w.resolve();
    },
  });
  proc.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  let closed = false;
  const exit = new Promise<number | null>((resolve) =>
    proc.child.once('close', (code) => {
      closed = true;
      for (const w of waiters) w.resolve();
      resolve(code);
    }),
  );
  const waitUntil = (test: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const settle = (): void => {
        waiters.delete(waiter);
        if (test()) resolve();
        else reject(new Error(`the watchdog exited before ${what}:\n${err}`));
      };
      const waiter = { test, resolve: settle };
      if (test() || closed) settle();
      else waiters.add(waiter);
    });
  const cli: Cli = {
    proc,
    lines,
    stderr: () => err,
    stdout: () => out,
    waitFor: async (test, what) => {
      await waitUntil(() => lines.some(test), what);
      return lines.find(test) as LogLine;
    },
    waitForCount: (test, n, what) => waitUntil(() => lines.filter(test).length >= n, what),
    verdicts: () => parseVerdicts(lines.map((l) => l.msg)),
    exit,
  };
  return cli;
}

/** Item lines ("check #N FAIL path") of one target with one size. */
export const itemOf = (path: string, size: number, outcome = 'FAIL') => (line: LogLine): boolean =>
  new RegExp(`^check #\\d+ ${outcome} `).test(line.msg) && line.msg.endsWith(` ${path}`) && line.size === size;

/** Puts `bytes` at `path` in one rename, as an uploader or interup would (no half-written file in between);
 *  staged in the folder above, out of the watchdog's sight. */
export function place(path: string, bytes: Buffer | string): void {
  const staged = join(dirname(dirname(path)), `.staging-${Math.random().toString(16).slice(2)}`);
  writeFileSync(staged, bytes);
  renameSync(staged, path);
}

/** The checks of the sentinel's/state's window are consecutive and follow only waiting checks. */
export function expectWindowAfterWaits(cli: Cli, window: { check: number }[], confirm: number): void {
  const numbers = window.map((w) => w.check);
  expect(numbers).toEqual(Array.from({ length: confirm }, (_, i) => numbers[0] + i));
  for (const v of cli.verdicts()) expect(v.verdict === 'PASS').toBe(v.check >= numbers[0]);
}
