// Stops the box with the user's own command (any provider's CLI), run as an argument array, retried a few times.
import { InputError, retry, type Logger } from '../../util/index.js';
import { runProcess } from '../../process/index.js';
import type { BackoffOptions } from '../backoff.js';
import type { StopOutcome, StopRequest, Stopper } from './types.js';

export interface CommandStopperOptions {
  /** Program and its arguments, e.g. ["vastai", "stop", "instance", "123"]. */
  argv: readonly string[];
  logger: Logger;
  timeoutMs?: number;
  attempts?: number;
  backoff?: BackoffOptions;
}

/** Creates a stopper that runs `argv`; exit code 0 counts as stopped. */
export function createCommandStopper(options: CommandStopperOptions): Stopper {
  const [command, ...args] = options.argv;
  if (!command) throw new InputError('NO_STOP_COMMAND', '--stop-command needs a program to run.', { hint: 'e.g. --stop-command vastai stop instance 123' });
  const attempts = options.attempts ?? 3;
  const backoff = options.backoff ?? { baseMs: 2000, capMs: 30_000 };
  return {
    description: `command ${[command, ...args].join(' ')}`,
    dryRun: false,
    async stop(_request: StopRequest, signal?: AbortSignal): Promise<StopOutcome> {
      const run = async (): Promise<StopOutcome> => {
        const { stdout } = await runProcess(command, args, { signal, timeoutMs: options.timeoutMs ?? 120_000, maxBuffer: 1024 * 1024 });
        return { confirmed: true, detail: `${command} exited 0${stdout.trim() ? `: ${stdout.trim().slice(0, 200)}` : ''}` };
      };
      return retry(run, {
        attempts,
        baseDelayMs: backoff.baseMs,
        maxDelayMs: backoff.capMs,
        signal,
        onRetry: (error, attempt, wait) => options.logger.warn(`stop command failed (attempt ${attempt}/${attempts}); retrying in ${wait} ms`, { error }),
      });
    },
  };
}
