// Stops (or, only when asked, destroys) a vast.ai instance and confirms it with GET before saying so.
import { InterupError, type Logger } from '../../util/index.js';
import { sleep, type BackoffOptions } from '../backoff.js';
import type { StopOutcome, StopRequest, Stopper } from './types.js';
import { VastApi, instanceStatus } from './vast-api.js';

export interface VastStopperOptions {
  apiUrl: string;
  instanceId: string;
  apiKey: string;
  /** stop keeps the disk (and bills for it); destroy deletes the instance and its disk. */
  action: 'stop' | 'destroy';
  logger: Logger;
  requestTimeoutMs?: number;
  /** Makes each request's timeout signal (default AbortSignal.timeout). */
  timeoutSignal?: (ms: number) => AbortSignal;
  backoff?: BackoffOptions;
  maxAttempts?: number;
  /** GETs after each stop request before asking again, and the pause between them. */
  confirmPolls?: number;
  confirmDelayMs?: number;
  /** How many times to ask for the stop before giving up. */
  maxRounds?: number;
}

/** Statuses in which the container no longer runs (so the GPU no longer bills). */
const STOPPED = new Set(['stopped', 'exited']);

/** Creates the vast.ai stopper. */
export function createVastStopper(options: VastStopperOptions): Stopper {
  if (!/^\d+$/.test(options.instanceId)) {
    throw new InterupError('VAST_NO_INSTANCE', `The vast.ai instance id must be a number, got "${options.instanceId}".`, {
      hint: 'vast.ai sets CONTAINER_ID inside the instance; pass --instance-id otherwise.',
      exitCode: 2,
    });
  }
  const api = new VastApi({
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    logger: options.logger,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    timeoutSignal: options.timeoutSignal,
    backoff: options.backoff ?? { baseMs: 1000, capMs: 60_000 },
    maxAttempts: options.maxAttempts ?? 8,
  });
  const path = `/api/v0/instances/${options.instanceId}/`;
  const polls = options.confirmPolls ?? 6;
  const delay = options.confirmDelayMs ?? 5000;
  const rounds = options.maxRounds ?? 5;
  const log = options.logger;

  // GETs the instance until it is stopped (or gone, for destroy); true when confirmed.
  const confirm = async (signal?: AbortSignal): Promise<{ ok: boolean; status: string }> => {
    let seen = 'unknown';
    for (let poll = 0; poll < polls; poll++) {
      if (poll > 0) await sleep(delay, signal);
      const status = instanceStatus(await api.request('GET', path, undefined, signal));
      seen = status === undefined ? 'gone' : String(status);
      log.info(`vast.ai instance ${options.instanceId} status: ${seen}`);
      if (options.action === 'destroy' ? status === undefined : status !== undefined && status !== null && STOPPED.has(status)) {
        return { ok: true, status: seen };
      }
      if (options.action === 'stop' && status === undefined) {
        throw new InterupError('VAST_NO_INSTANCE', `vast.ai has no instance ${options.instanceId} (destroyed, or the wrong id).`, {
          hint: 'Check CONTAINER_ID / --instance-id.',
        });
      }
    }
    return { ok: false, status: seen };
  };

  return {
    description: `vast.ai ${options.action} instance ${options.instanceId} via ${options.apiUrl}`,
    dryRun: false,
    async preflight(signal?: AbortSignal): Promise<string> {
      let response;
      try {
        response = await api.request('GET', path, undefined, signal, 2);
      } catch (error) {
        // A bad key is fatal now; an API that is briefly down is not a reason to leave the box unwatched.
        if (error instanceof InterupError && error.code === 'VAST_UNAVAILABLE') return `could not reach vast.ai yet (${error.message}); will retry when stopping`;
        throw error;
      }
      const status = instanceStatus(response);
      if (status === undefined) {
        throw new InterupError('VAST_NO_INSTANCE', `vast.ai has no instance ${options.instanceId} for this API key.`, { hint: 'Check CONTAINER_ID / --instance-id.' });
      }
      return `vast.ai instance ${options.instanceId} is ${status ?? 'being provisioned'}; the API key works`;
    },
    async stop(_request: StopRequest, signal?: AbortSignal): Promise<StopOutcome> {
      // No GET first: every round trip before the stop is billed time, and asking a stopped instance to
      // stop (or deleting a deleted one, 404) is harmless; the GETs after the request confirm it.
      let last = 'unknown';
      for (let round = 1; round <= rounds; round++) {
        const response =
          options.action === 'stop'
            ? await api.request('PUT', path, { state: 'stopped' }, signal)
            : await api.request('DELETE', path, undefined, signal);
        if (response.status >= 400 && !(options.action === 'destroy' && response.status === 404)) {
          throw new InterupError('VAST_REFUSED', `vast.ai refused to ${options.action} instance ${options.instanceId}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
        }
        log.info(`vast.ai accepted ${options.action} of instance ${options.instanceId} (HTTP ${response.status}, round ${round}/${rounds}); confirming`);
        const result = await confirm(signal);
        if (result.ok) return { confirmed: true, detail: `instance ${options.instanceId} is ${result.status} (confirmed by GET after ${round} request(s))` };
        last = result.status;
        log.warn(`vast.ai said the ${options.action} succeeded but instance ${options.instanceId} is still ${last}; asking again`);
      }
      throw new InterupError('VAST_NOT_STOPPED', `vast.ai accepted ${rounds} ${options.action} requests but instance ${options.instanceId} is still ${last}.`, {
        hint: 'The instance is still billing: stop it from the vast.ai console.',
      });
    },
  };
}
