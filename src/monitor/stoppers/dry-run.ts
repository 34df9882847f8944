// Dry run: instead of stopping anything, write a sentinel file recording the exact checks that passed.
import { writeJsonAtomic } from '../../storage/index.js';
import type { StopOutcome, StopRequest, Stopper } from './types.js';

export interface Sentinel {
  kind: 'interup.monitor-sentinel';
  version: 1;
  dryRun: true;
  reason: string;
  at: string;
  /** What a real run would have done. */
  wouldStop: string;
  checks: string;
  window: StopRequest['window'];
}

/** Creates the dry-run stopper: it writes `sentinelPath` atomically and calls no provider API. */
export function createDryRunStopper(sentinelPath: string, wouldStop: string): Stopper {
  return {
    description: `dry run: write sentinel ${sentinelPath} (would: ${wouldStop})`,
    dryRun: true,
    async stop(request: StopRequest): Promise<StopOutcome> {
      const sentinel: Sentinel = {
        kind: 'interup.monitor-sentinel',
        version: 1,
        dryRun: true,
        reason: request.reason,
        at: request.at,
        wouldStop,
        checks: request.checks,
        window: request.window,
      };
      await writeJsonAtomic(sentinelPath, sentinel);
      return { confirmed: true, dryRun: true, detail: `dry run: sentinel written to ${sentinelPath}; no provider call made` };
    },
  };
}
