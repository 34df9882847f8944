// Shutdown that runs every cleanup step even when one throws, and reports all the errors together (the
// shape of BullMQ's `Worker.close()`: each step in its own try, none skipped). Hand-rolled rather than
// AsyncDisposableStack: Node 20 has none, and the shim's SuppressedError would put a dispose error on top
// of the user's own error (an InputError's exit code 2 and hint would be lost to the CLI).
import { InterupError } from './errors.js';

/** One cleanup step: a name for the message ("dispose the interpolator") and the work; `false` skips it. */
export type CleanupStep = readonly [name: string, run: () => unknown] | false | undefined;

/**
 * The work failed and/or cleaning up failed. `errors` holds every error in order: the work's first (when
 * it failed), then each failed cleanup step's. Code, exit code and hint are the work's error's, so a user's
 * bad input still exits 2 with its advice; the message adds what failed while cleaning up.
 */
export class CleanupError extends InterupError {
  readonly errors: readonly unknown[];

  constructor(failure: { error: unknown } | undefined, steps: readonly { name: string; error: unknown }[]) {
    const primary = failure?.error;
    const what = steps.map((s) => `${s.name}: ${messageOf(s.error)}`).join('; ');
    const message = failure ? `${messageOf(primary)}. Cleaning up afterwards also failed (${what}).` : `Cleaning up failed (${what}).`;
    const code = primary instanceof InterupError ? primary.code : 'CLEANUP_FAILED';
    const exitCode = primary instanceof InterupError ? primary.exitCode : 1;
    const hint = primary instanceof InterupError ? primary.hint : undefined;
    super(code, message, { cause: failure ? primary : steps[0]?.error, exitCode, hint });
    this.name = 'CleanupError';
    this.errors = [...(failure ? [primary] : []), ...steps.map((s) => s.error)];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}

/** Runs every step in order (each awaited, none skipped when another throws); returns the failures. */
export async function runCleanup(steps: readonly CleanupStep[]): Promise<{ name: string; error: unknown }[]> {
  const failed: { name: string; error: unknown }[] = [];
  for (const step of steps) {
    if (!step) continue;
    const [name, run] = step;
    try {
      await run();
    } catch (error) {
      failed.push({ name, error });
    }
  }
  return failed;
}

/**
 * Runs `work`, then every step `cleanup(failed)` lists (`failed`: whether the work threw, for steps that
 * only undo a failed run). Returns the work's result, or throws: the work's own error when cleaning up
 * went well, else a CleanupError carrying all of them.
 */
export async function withCleanup<T>(work: () => Promise<T>, cleanup: (failed: boolean) => readonly CleanupStep[]): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    const failed = await runCleanup(cleanup(true));
    if (failed.length > 0) throw new CleanupError({ error }, failed);
    throw error;
  }
  const failed = await runCleanup(cleanup(false));
  if (failed.length > 0) throw new CleanupError(undefined, failed);
  return result;
}
