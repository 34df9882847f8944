// Error classes by kind: every failure a user can meet says what went wrong and what to do about it.

/** A domain failure with a stable machine-readable code and an optional hint ("what to do"). */
export class InterupError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  /** Process exit code the CLI should use for this error (1 = runtime failure, 2 = bad usage/input). */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InterupError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad input from the user (flags, files, config): exit code 2. */
export class InputError extends InterupError {
  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: 2 });
    this.name = 'InputError';
  }
}

/** One sentence for the user: the message, then the hint if there is one. */
export function describeError(error: unknown): string {
  if (error instanceof InterupError) {
    return error.hint ? `${error.message} ${error.hint}` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What a catch received, as an Error: the value itself when it is one, else an Error carrying its text. */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Shapes every validation message the same way: what was expected, what came, and (`why`) what is wrong
 * with it when that is not plain from the two: "Expected a positive integer for --threads but received
 * "abc", which is not a number". Text shows in quotes, anything else as itself (no type jargon).
 */
export function expected(what: string, name: string, received: unknown, why?: string): string {
  const shown = typeof received === 'string' ? JSON.stringify(received) : String(received);
  return `Expected ${what} for ${name} but received ${shown}${why ? `, which ${why}` : ''}`;
}
