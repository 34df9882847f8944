// `interup queue dashboard --redis URL [--port 3000]`: serves bull-board plus interup's batch page.
import type { Command } from 'commander';
import { openQueue, startDashboard } from '../../queue/index.js';
import { createOutput } from '../output.js';
import { addQueueFlags, targetFrom, type QueueFlags } from './queue-flags.js';
import { parsePositiveInt } from '../../monitor/index.js';
import { isLoopbackHost } from '../../queue/index.js';

interface DashboardFlags extends QueueFlags {
  port: string;
  host: string;
  allowActions?: boolean;
}

export function registerQueueDashboard(queue: Command): void {
  addQueueFlags(
    queue
      .command('dashboard')
      .summary('serve a web page with the queue and its batches')
      .description('Serve a web page with the queue: bull-board, plus segments per video and links to the result manifests.')
      .option('--port <port>', 'port to listen on (0: any free one)', '3000')
      .option('--host <address>', 'address to listen on (the page has no login: keep it on loopback and tunnel, e.g. ssh -L)', '127.0.0.1')
      .option('--allow-actions', 'let the page retry, promote and remove jobs (read-only by default)'),
  ).action(async (flags: DashboardFlags) => {
    const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    const port = flags.port === '0' ? 0 : parsePositiveInt(flags.port, '--port');
    if (!isLoopbackHost(flags.host)) output.logger.warn(`the dashboard listens on ${flags.host}: anyone who reaches it sees every job (it has no login)`);
    const handle = await openQueue(targetFrom(flags, output.logger), flags.queue);
    const dashboard = await startDashboard({ queue: handle.queue, redis: handle.redis, host: flags.host, port, allowActions: flags.allowActions });
    output.logger.info('dashboard listening', { url: dashboard.url, queue: flags.queue });
    process.stdout.write(`${dashboard.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await dashboard.close();
    await handle.close();
    output.close();
  });
}
