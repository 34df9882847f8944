// The worker's own watchdog: after --idle-timeout with nothing running (so nothing of its own is left
// unverified: a unit ends only once its upload verified), it stops its box through the monitor's
// stoppers and logs the same STOPPING INSTANCE line as `interup monitor`.
import { resolve } from 'node:path';
import { createCommandStopper, createDryRunStopper, createVastStopper, type Stopper } from '../../monitor/index.js';
import { InputError, type Logger, registerSecret } from '../../util/index.js';

export interface StopFlags {
  idleTimeout?: string;
  dryRun?: boolean;
  sentinel?: string;
  stopCommand?: string[];
  apiUrl: string;
  instanceId?: string;
  apiKey?: string;
  action: 'stop' | 'destroy';
}

/** The stopper the flags ask for, or undefined without --idle-timeout. */
export function stopperFrom(flags: StopFlags, logger: Logger): Stopper | undefined {
  registerSecret(flags.apiKey);
  const stopAsked = Boolean(flags.dryRun || flags.stopCommand?.length);
  if (!flags.idleTimeout) {
    if (stopAsked) throw new InputError('WORKER_STOP_FLAGS', '--dry-run and --stop-command need --idle-timeout SECONDS: they say how the idle worker stops its box.');
    return undefined;
  }
  const sentinel = resolve(flags.sentinel ?? 'interup-worker-sentinel.json');
  if (flags.stopCommand?.length) {
    const command = createCommandStopper({ argv: flags.stopCommand, logger });
    return flags.dryRun ? createDryRunStopper(sentinel, command.description) : command;
  }
  const vastReady = Boolean(flags.instanceId && flags.apiKey);
  if (flags.dryRun) return createDryRunStopper(sentinel, vastReady ? `vast.ai ${flags.action} instance ${flags.instanceId}` : 'nothing configured (no CONTAINER_ID/CONTAINER_API_KEY, no --stop-command)');
  if (!flags.instanceId || !flags.apiKey) {
    throw new InputError('WORKER_NO_STOPPER', '--idle-timeout needs a way to stop the box: CONTAINER_ID and CONTAINER_API_KEY (vast.ai), --stop-command CMD…, or --dry-run.', {
      hint: 'On vast.ai both variables are set for the container\'s main process; export them in the on-start script.',
    });
  }
  return createVastStopper({ apiUrl: flags.apiUrl, instanceId: flags.instanceId, apiKey: flags.apiKey, action: flags.action, logger });
}

/** Logs the STOPPING INSTANCE line and stops the box; true when the stop was confirmed. */
export async function stopBox(stopper: Stopper, logger: Logger, why: string): Promise<boolean> {
  const at = new Date().toISOString();
  logger.info(`STOPPING INSTANCE ${at} reason=queue-idle checks=${JSON.stringify(why)}${stopper.dryRun ? ' dry-run=true' : ''}`);
  const outcome = await stopper.stop({ reason: 'queue-idle', window: [], checks: why, at });
  logger.info(`${outcome.confirmed ? 'done' : 'NOT CONFIRMED'}: ${outcome.detail}`);
  return outcome.confirmed;
}
