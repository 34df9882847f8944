// Runs the interup CLI as a child process (node bin/interup.js …) and collects its output; lets a test
// watch its JSON log lines and SIGKILL it at a chosen moment.
import { resolve } from 'node:path';
import { spawnProcess } from '../../src/process/index.js';

export const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'interup.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `onLine` sees each stderr line and may return true to SIGKILL the child right there, or
 * a signal's name to send that one instead (once); `killWhen` is polled every 10 ms for the same purpose. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; onLine?: (line: string) => boolean | NodeJS.Signals; killWhen?: () => boolean; timeoutMs?: number } = {},
): Promise<CliResult> {
  let stderr = '';
  let pending = '';
  let killed = false;
  const proc = spawnProcess(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...options.env },
    stdout: 'pipe',
    timeoutMs: options.timeoutMs ?? 120_000,
    stderrLimit: 1024 * 1024,
    onStderr: (chunk) => {
      stderr += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const verdict = killed ? false : options.onLine?.(line);
        if (verdict) {
          killed = true;
          proc.child.kill(verdict === true ? 'SIGKILL' : verdict);
        }
      }
    },
  });
  const poll = options.killWhen
    ? setInterval(() => {
        if (!killed && options.killWhen?.()) {
          killed = true;
          proc.child.kill('SIGKILL');
        }
      }, 10)
    : undefined;
  let stdout = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  await proc.done.catch(() => undefined);
  clearInterval(poll);
  return { code: proc.child.exitCode, signal: proc.child.signalCode, stdout, stderr };
}

/** Parses a JSON log line, or undefined for anything else. */
export function logRecord(line: string): { msg?: string; job?: string; [k: string]: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as { msg?: string; job?: string }) : undefined;
  } catch {
    return undefined;
  }
}
