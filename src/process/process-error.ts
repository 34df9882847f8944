// The error every failed child process turns into: names the command, quotes the tail of its stderr.
import { InterupError, redactText } from '../util/index.js';

export interface ProcessFailure {
  command: string;
  args: readonly string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
  timedOut: boolean;
  aborted: boolean;
}

/** Quotes a command line for messages only (it is never executed as a string). */
export function formatCommand(command: string, args: readonly string[]): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const line = [command, ...args].map(quote).join(' ');
  return redactText(line.length > 400 ? `${line.slice(0, 400)}…` : line);
}

export class ProcessError extends InterupError {
  readonly failure: ProcessFailure;

  constructor(failure: ProcessFailure, options: { cause?: unknown; timeoutMs?: number } = {}) {
    const cmd = formatCommand(failure.command, failure.args);
    let what: string;
    if (failure.timedOut) what = `Command timed out after ${options.timeoutMs ?? '?'} milliseconds`;
    else if (failure.aborted) what = 'Command was cancelled';
    else if (failure.signal) what = `Command was killed with ${failure.signal}`;
    else if (failure.exitCode === null) what = 'Command could not be started';
    else what = `Command failed with exit code ${failure.exitCode}`;
    const tail = failure.stderrTail.trim();
    const message = `${what}: ${cmd}${tail ? `\n${redactText(tail)}` : ''}`;
    super(failure.timedOut ? 'PROCESS_TIMEOUT' : failure.aborted ? 'PROCESS_ABORTED' : 'PROCESS_FAILED', message, {
      cause: options.cause,
    });
    this.name = 'ProcessError';
    this.failure = failure;
  }
}
