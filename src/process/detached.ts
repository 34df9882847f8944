// Starts a program that must outlive us (the watchdog started by `batch --monitor`): its own session,
// output to a log file, not killed when this process exits. Still an argument array, never a shell string.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InterupError } from '../util/index.js';
import { formatCommand } from './process-error.js';

export interface DetachedOptions {
  /** stdout and stderr of the program are appended here. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Starts `command` in a new session and returns its pid; it keeps running after this process ends. */
export async function startDetached(command: string, args: readonly string[], options: DetachedOptions): Promise<number> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a');
  try {
    const child = spawn(command, [...args], { detached: true, stdio: ['ignore', fd, fd], env: options.env, cwd: options.cwd });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid as number));
      child.once('error', reject);
    }).catch((error: unknown) => {
      throw new InterupError('DETACHED_START_FAILED', `Could not start ${formatCommand(command, args)}: ${String(error)}`, { cause: error });
    });
    child.unref();
    return pid;
  } finally {
    closeSync(fd);
  }
}

/** The argument list a live process was started with (Linux /proc), or undefined when it is gone, a zombie,
 *  or cannot be read (another OS): how a restarted program tells its own detached helper from whatever
 *  process took over the pid since. */
export function commandLineOf(pid: number): string[] | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args.at(-1) === '') args.pop();
    return args.length > 0 ? args : undefined;
  } catch {
    return undefined;
  }
}
