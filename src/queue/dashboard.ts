// `queue dashboard`: bull-board (the page BullMQ users already know) under /board, and interup's own page
// at / with what bull-board lacks: segments per video and links to the result manifests. Read-only unless
// asked: from bull-board anyone could retry or delete jobs.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';
import type { Redis } from 'ioredis';
import { listBatchIds } from './batch-record.js';
import { renderDashboardPage } from './dashboard-page.js';
import { batchStatus } from './status.js';

export interface DashboardOptions {
  queue: Queue;
  redis: Redis;
  host: string;
  port: number;
  /** Allow bull-board's retry/remove/clean actions. */
  allowActions?: boolean;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const board = new ExpressAdapter();
  board.setBasePath('/board');
  createBullBoard({ queues: [new BullMQAdapter(options.queue, { readOnlyMode: !options.allowActions })], serverAdapter: board });
  const app = express();
  app.disable('x-powered-by');
  app.use('/board', board.getRouter() as express.Router);
  app.get('/', async (_req, res, next) => {
    try {
      const ids = await listBatchIds(options.redis, options.queue.name, 20);
      const batches = [];
      for (const id of ids) batches.push(await batchStatus(options.queue, options.redis, id));
      res.type('html').send(renderDashboardPage(options.queue.name, batches));
    } catch (error) {
      next(error);
    }
  });
  app.get('/manifest/:jobId', async (req, res, next) => {
    try {
      const job = await options.queue.getJob(req.params.jobId);
      const manifest = (job?.returnvalue as { manifest?: unknown } | undefined)?.manifest;
      if (!manifest) res.status(404).json({ error: 'no verified result for this job yet' });
      else res.json(manifest);
    } catch (error) {
      next(error);
    }
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
