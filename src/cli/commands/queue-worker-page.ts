// `queue worker --serve PORT`: the watch page of this worker: its own units (progress bars of each run, the
// latest frame, log lines) and the queue it works (batches, segments, workers), with bull-board beside it.
import { openQueue, queueRoutes, type UnitWatch } from '../../queue/index.js';
import type { Output } from '../output.js';
import { openPage, type ServeFlags } from '../serve-page.js';
import { feedQueue } from '../serve-queue.js';
import { targetFrom, type QueueFlags } from './queue-flags.js';

export interface WorkerPage {
  /** What the worker tells the page about its units. */
  watch: UnitWatch;
  /** Marks the work over, keeps the page up --serve-linger seconds, then closes it and its Redis connection. */
  close(interrupted: boolean): Promise<void>;
}

/** Opens the page when --serve was given; undefined otherwise. */
export async function openWorkerPage(flags: ServeFlags & QueueFlags, workerName: string, out: Output): Promise<WorkerPage | undefined> {
  if (flags.serve === undefined) return undefined;
  const handle = await openQueue(targetFrom(flags, out.logger), flags.queue);
  const page = await openPage(flags, `interup queue worker ${workerName}`, out, [queueRoutes(handle.queue)]).catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!page) throw new Error('internal: the page did not start');
  const feed = feedQueue(page.hub, handle, () => page.server.readers() > 0);
  const { hub } = page;
  return {
    watch: { progress: (unit, event) => hub.progress(event, unit), frameTap: hub.frameTap(), ended: (unit, error) => hub.jobEnded(unit, error) },
    close: async (interrupted) => {
      await page.finish(interrupted);
      await feed.stop();
      await handle.close();
    },
  };
}
