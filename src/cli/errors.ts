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

/**
 * commander's own usage errors ("error: unknown option '--inptu'\n(Did you mean --input?)") in interup's
 * style: one line, `interup: error: ` first, a capital and a full stop, then where help is
 * ("Run interup run --help for usage."). The caller exits 2, as for every bad input.
 */
export function formatUsageError(message: string, command: string): string {
  const text = message
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((part) => part.trim().replace(/^\((.*)\)$/, '$1'))
    .filter((part) => part !== '')
    .map((part) => {
      const sentence = part.charAt(0).toUpperCase() + part.slice(1);
      return /[.?!]$/.test(sentence) ? sentence : `${sentence}.`;
    })
    .join(' ');
  return `interup: error: ${text} Run ${command} --help for usage.\n`;
}
