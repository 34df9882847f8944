// A unit's progress, published on its BullMQ job (what `queue status` and the dashboard show): frames
// done of total, which worker, rate and ETA. Throttled: Redis needs no more than one update a second.
import type { Job } from 'bullmq';
import type { ProgressEvent, ProgressListener } from '../../util/index.js';

export interface UnitProgress {
  worker: string;
  stage: string;
  done: number;
  total?: number;
  rate: number;
  etaSeconds?: number;
  at: string;
}

/** A progress listener that publishes the 'interpolate' stage on `job` at most once per `everyMs`. */
export function publishProgress(job: Job, worker: string, forward?: ProgressListener, everyMs = 1000): ProgressListener & { flush(stage: string): Promise<void> } {
  let last = 0;
  let latest: ProgressEvent | undefined;
  const send = (event: ProgressEvent | undefined, stage?: string): Promise<void> => {
    const progress: UnitProgress = {
      worker,
      stage: stage ?? event?.stage ?? 'start',
      done: event?.done ?? 0,
      total: event?.total,
      rate: event?.rate ?? 0,
      etaSeconds: event?.etaSeconds,
      at: new Date().toISOString(),
    };
    return job.updateProgress(progress as unknown as object).catch(() => undefined);
  };
  const listener = (event: ProgressEvent): void => {
    forward?.(event);
    if (event.stage !== 'interpolate') return;
    latest = event;
    const now = Date.now();
    if (now - last < everyMs && event.done !== event.total) return;
    last = now;
    void send(event);
  };
  return Object.assign(listener, { flush: (stage: string) => send(latest, stage) });
}
