// The one spawn helper: argument arrays (never a shell string), AbortSignal, timeout with SIGTERM→SIGKILL
// escalation, bounded stderr capture, and children that die with the parent. Every external program
// (ffmpeg, ffprobe, rife-ncnn-vulkan, nvidia-smi, a user's stop command) is started through here.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ProcessError, type ProcessFailure } from './process-error.js';
import { TailBuffer } from './tail-buffer.js';

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Kill the child after this many milliseconds (SIGTERM, then SIGKILL after killGraceMs). */
  timeoutMs?: number;
  killGraceMs?: number;
  /** 'pipe' gives you child.stdin to write; 'ignore' closes it. */
  stdin?: 'pipe' | 'ignore';
  /** 'pipe' gives you child.stdout to read (you must consume it); 'ignore' discards it. */
  stdout?: 'pipe' | 'ignore';
  /** How many bytes of stderr to keep for error messages. */
  stderrLimit?: number;
  /** Called with each stderr chunk (e.g. to parse ffmpeg progress). */
  onStderr?: (chunk: Buffer) => void;
}

export interface SpawnedProcess {
  readonly child: ChildProcess;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  /** Resolves when the child exits 0; rejects with ProcessError otherwise. Never hangs once the child is gone. */
  readonly done: Promise<void>;
  /** The last bytes of stderr seen so far. */
  stderrTail(): string;
  /** Terminates the child (SIGTERM, then SIGKILL after the grace period). Idempotent. */
  kill(): void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Children must not outlive us (an orphaned ffmpeg keeps a rented GPU busy).
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Starts `command` with `args`; the caller streams stdin/stdout and awaits `done`. */
export function spawnProcess(command: string, args: readonly string[], options: SpawnOptions = {}): SpawnedProcess {
  installExitHook();
  const stderr = new TailBuffer(options.stderrLimit ?? 64 * 1024);
  const stdio: StdioOptions = [options.stdin ?? 'ignore', options.stdout ?? 'ignore', 'pipe'];
  const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio, windowsHide: true });
  live.add(child);

  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const grace = options.killGraceMs ?? 3000;

  const kill = (): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!killTimer) {
      killTimer = setTimeout(() => child.kill('SIGKILL'), grace);
      killTimer.unref();
    }
  };

  const timeout =
    options.timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : undefined;
  const onAbort = (): void => {
    aborted = true;
    kill();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    options.onStderr?.(chunk);
  });
  // EPIPE on stdin when the child exits early is reported through `done`, not as an unhandled error.
  child.stdin?.on('error', () => undefined);

  const done = new Promise<void>((resolve, reject) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
      // 'close' may not follow an ENOENT on some platforms: settle here too.
      if (child.pid === undefined) finish(null, null);
    });
    child.once('close', (code, signal) => finish(code, signal));
    let settled = false;
    function finish(code: number | null, signal: NodeJS.Signals | null): void {
      if (settled) return;
      settled = true;
      live.delete(child);
      if (timeout) clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (code === 0 && !timedOut && !aborted && !spawnError) {
        resolve();
        return;
      }
      const failure: ProcessFailure = {
        command,
        args,
        exitCode: code,
        signal,
        stderrTail: spawnError ? `${spawnError.message}\n${stderr.lastLines(20)}` : stderr.lastLines(20),
        timedOut,
        aborted,
      };
      reject(new ProcessError(failure, { cause: spawnError ?? options.signal?.reason, timeoutMs: options.timeoutMs }));
    }
  });
  // Callers that only kill() must not trigger an unhandled rejection.
  done.catch(() => undefined);

  return { child, stdin: child.stdin, stdout: child.stdout, done, stderrTail: () => stderr.toString(), kill };
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and returns its output (stdout bounded by maxBuffer bytes). */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdout' | 'stdin'> & { maxBuffer?: number; input?: string | Buffer } = {},
): Promise<RunResult> {
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  const proc = spawnProcess(command, args, {
    ...options,
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    stdout: 'pipe',
  });
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  proc.stdout?.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBuffer) {
      overflow = true;
      proc.kill();
      return;
    }
    chunks.push(chunk);
  });
  if (options.input !== undefined) proc.stdin?.end(options.input);
  try {
    await proc.done;
  } catch (error) {
    if (overflow) throw new RangeError(`Output of ${command} exceeded maxBuffer (${maxBuffer} bytes)`, { cause: error });
    throw error;
  }
  return { stdout: Buffer.concat(chunks).toString('utf8'), stderr: proc.stderrTail() };
}

/** True when `command` can be started (e.g. `ffmpeg -version` exits 0). */
export async function canRun(command: string, args: readonly string[] = ['-version'], timeoutMs = 10_000): Promise<boolean> {
  try {
    await runProcess(command, args, { timeoutMs });
    return true;
  } catch {
    return false;
  }
}
