// The queue on the watch page (bull-board and the manifests are mounted beside it by queueRoutes): its overview
// read from Redis every `everyMs` (one read at a time) while someone watches, and pushed to the page. One
// reading of 10 batches of 5 jobs costs about 20 ms of CPU, so nobody watching costs nothing.
import { queueOverview, type QueueHandle } from '../queue/index.js';
import type { WatchHub } from '../serve/index.js';

export interface QueueFeed {
  /** The first reading is on the page. */
  ready: Promise<void>;
  /** Stops reading (waits for a read in progress). */
  stop(): Promise<void>;
}

/** Feeds `hub` with the queue of `handle`: once now, then while `watched()`. */
export function feedQueue(hub: WatchHub, handle: QueueHandle, watched: () => boolean, everyMs = 1000): QueueFeed {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let reading: Promise<void> = Promise.resolve();
  const read = async (): Promise<void> => {
    hub.setQueue({ ...(await queueOverview(handle.queue, handle.redis)), board: true });
  };
  const tick = (first = false): void => {
    reading = (first || watched() ? read() : Promise.resolve()).finally(() => {
      if (!stopped) timer = setTimeout(tick, everyMs).unref();
    });
  };
  tick(true);
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
