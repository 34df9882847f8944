// Turns any error into one clear message on stderr and a non-zero exit code.
import { describeError, InterupError, redactText } from '../util/index.js';

/** Prints the error for a person and returns the exit code to use. */
export function reportError(error: unknown, format: 'text' | 'json' = 'text'): number {
  const exitCode = error instanceof InterupError ? error.exitCode : 1;
  const code = error instanceof InterupError ? error.code : 'UNEXPECTED';
  const message = redactText(describeError(error));
  if (format === 'json') {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', code, msg: message })}\n`);
  } else {
    // An interrupt is the user's own doing, not an error: "interup: interrupted by SIGINT; nothing left at OUT".
    process.stderr.write(code === 'INTERRUPTED' ? `interup: ${message}\n` : `interup: error: ${message}\n`);
    if (!(error instanceof InterupError) && error instanceof Error && process.env.INTERUP_DEBUG) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    }
  }
  return exitCode;
}
