// What every way of ending the box (vast.ai API, a command, the dry-run sentinel) promises.
import type { WindowCheck } from '../types.js';

export interface StopRequest {
  /** Why: verified, batch-finished-with-failures, idle-timeout, max-runtime. */
  reason: string;
  /** The checks of the confirm window that justified it (empty for caps). */
  window: WindowCheck[];
  /** One-line summary of those checks, as in the STOPPING INSTANCE line. */
  checks: string;
  at: string;
}

export interface StopOutcome {
  /** True when the provider confirmed the box is stopped (or the sentinel was written). */
  confirmed: boolean;
  /** What happened, in words. */
  detail: string;
  /** True when nothing was stopped on purpose (dry run). */
  dryRun?: boolean;
}

export interface Stopper {
  /** Shown in logs, e.g. "vast.ai stop instance 123". Never contains a secret. */
  readonly description: string;
  readonly dryRun: boolean;
  stop(request: StopRequest, signal?: AbortSignal): Promise<StopOutcome>;
  /** Checks at start-up that stopping will work (credentials, instance id), hours before it is needed;
   *  returns what it saw. Throws when it cannot work. */
  preflight?(signal?: AbortSignal): Promise<string>;
}
