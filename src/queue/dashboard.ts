// What the queue adds to the watch page: bull-board (the page BullMQ users already know) under /board, and
// /manifest/JOB, each verified job's result manifest as JSON. The page itself (batches, segments, workers)
// is the watch page's queue view, fed by queueOverview. Read-only unless asked: from bull-board anyone
// could retry or delete jobs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';

export interface QueueRoutes {
  /** The paths these routes answer under. */
  prefixes: readonly string[];
  /** Answers one request under those paths. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Whether a request may change anything (bull-board's actions were allowed). */
  writable: boolean;
}

/** bull-board under /board and the manifests under /manifest/, as one request handler. */
export function queueRoutes(queue: Queue, options: { allowActions?: boolean } = {}): QueueRoutes {
  const board = new ExpressAdapter();
  board.setBasePath('/board');
  createBullBoard({ queues: [new BullMQAdapter(queue, { readOnlyMode: !options.allowActions })], serverAdapter: board });
  const app = express();
  app.disable('x-powered-by');
  app.use('/board', board.getRouter() as express.Router);
  app.get('/manifest/:jobId', async (req, res, next) => {
    try {
      const job = await queue.getJob(req.params.jobId);
      const manifest = (job?.returnvalue as { manifest?: unknown } | undefined)?.manifest;
      if (!manifest) res.status(404).json({ error: 'no verified result for this job yet' });
      else res.json(manifest);
    } catch (error) {
      next(error);
    }
  });
  // Nothing else: the watch page's server answers the rest.
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found.\n');
  });
  return { prefixes: ['/board', '/manifest/'], handle: (req, res) => {
      app(req, res);
    }, writable: Boolean(options.allowActions) };
}
