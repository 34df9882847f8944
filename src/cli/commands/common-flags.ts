// What most commands share: the settings they take (engine choice, logging) and one way to run a command
// body with its output, Ctrl-C/SIGTERM wiring and exit code.
import {
  device,
  ffmpegPath,
  ffprobePath,
  inferencePad,
  logFormat,
  logLevel,
  modelsDir,
  ncnnGpu,
  prefer,
  progress,
  threads,
  type LogFormat,
  type Setting,
} from '../../settings/index.js';
import type { LogLevel } from '../../util/index.js';
import { reportError } from '../errors.js';
import { interruptedError, watchInterrupts } from '../interrupt.js';
import { createOutput, type Output } from '../output.js';

/** --log-format, --log-level, --no-progress. */
export const LOG_SETTINGS: readonly Setting<unknown>[] = [logFormat, logLevel, progress];

/** The engine choice and what the engines read from the environment (checked before anything loads). */
export const ENGINE_SETTINGS: readonly Setting<unknown>[] = [prefer, device, threads, modelsDir, inferencePad, ncnnGpu, ffmpegPath, ffprobePath];

export interface LogFlags {
  logFormat: LogFormat;
  logLevel: LogLevel;
  progress: boolean;
}

export interface CommandContext {
  out: Output;
  /** Aborted by the first SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Whether a signal arrived (a body that returns normally after one, like a batch, still ends as interrupted). */
  interrupted(): boolean;
}

/**
 * Runs a command body: sets up its output, aborts `signal` on Ctrl-C/SIGTERM, and sets the exit code: the
 * body's own, 130/143 with one line from `left` ("nothing left at OUT") after a signal, or the error's.
 */
export async function runCommand(flags: LogFlags, body: (ctx: CommandContext) => Promise<number>, left: () => Promise<string> | string): Promise<void> {
  const out = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: flags.progress });
  const interrupts = watchInterrupts();
  let code: number;
  let failure: unknown;
  try {
    code = await body({ out, signal: interrupts.signal, interrupted: () => interrupts.received() !== undefined });
  } catch (error) {
    failure = error;
    code = 1;
  } finally {
    out.close();
  }
  try {
    const sig = interrupts.received();
    if (sig) code = reportError(interruptedError(sig, await left()), flags.logFormat);
    else if (failure !== undefined) code = reportError(failure, flags.logFormat);
  } finally {
    interrupts.dispose();
  }
  process.exitCode = code;
}
