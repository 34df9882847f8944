// The queue on the watch page (bull-board and the manifests are mounted beside it by queueRoutes): its overview
// read from Redis every `everyMs` (one read at a time) and pushed to the page.
import { queueOverview, type QueueHandle } from '../queue/index.js';
import type { WatchHub } from '../serve/index.js';

export interface QueueFeed {
  /** The first reading is on the page. */
  ready: Promise<void>;
  /** Stops reading (waits for a read in progress). */
  stop(): Promise<void>;
}

/** Feeds `hub` with the queue of `handle`. */
export function feedQueue(hub: WatchHub, handle: QueueHandle, everyMs = 1000): QueueFeed {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let reading: Promise<void> = Promise.resolve();
  const read = async (): Promise<void> => {
    hub.setQueue({ ...(await queueOverview(handle.queue, handle.redis)), board: true });
  };
  const tick = (): void => {
    reading = read().finally(() => {
      if (!stopped) timer = setTimeout(tick, everyMs).unref();
    });
  };
  tick();
  const ready = reading;
  return {
    ready,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await reading;
    },
  };
}
