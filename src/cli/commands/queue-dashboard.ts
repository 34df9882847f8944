// `interup queue dashboard --redis URL [--port 3000]`: the watch page in queue mode (batches, segments per
// video with their states, workers and what each holds, manifests), with bull-board under /board.
import type { Command } from 'commander';
import { openQueue, queueRoutes } from '../../queue/index.js';
import { serveToken } from '../../settings/index.js';
import { startWatchServer, WatchHub } from '../../serve/index.js';
import { registerSecret } from '../../util/index.js';
import { createOutput } from '../output.js';
import { feedQueue } from '../serve-queue.js';
import { settingOption } from '../settings-options.js';
import { addQueueFlags, targetFrom, type QueueFlags } from './queue-flags.js';
import { parsePositiveInt } from '../../monitor/index.js';

interface DashboardFlags extends QueueFlags {
  port: string;
  host: string;
  token?: string;
  allowActions?: boolean;
}

export function registerQueueDashboard(queue: Command): void {
  addQueueFlags(
    queue
      .command('dashboard')
      .summary('serve the watch page for the queue, with bull-board')
      .description(
        'Serve the watch page in queue mode: each batch, the segments of each video with their states, the workers and what each holds, ' +
          'errors and links to the result manifests, pushed as they change; bull-board under /board. On loopback by default; with --host ' +
          'another address it requires a token (generated and printed once unless --token gives one).',
      )
      .option('--port <port>', 'port to listen on (0: any free one)', '3000')
      .option('--host <address>', 'address to listen on (any other than loopback requires a token; or keep it on loopback and tunnel, e.g. ssh -L)', '127.0.0.1')
      .addOption(settingOption(serveToken))
      .option('--allow-actions', 'let bull-board retry, promote and remove jobs (read-only by default)'),
  ).action(async (flags: DashboardFlags) => {
    const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    const port = flags.port === '0' ? 0 : parsePositiveInt(flags.port, '--port');
    const handle = await openQueue(targetFrom(flags, output.logger), flags.queue);
    const hub = new WatchHub({ title: `interup queue ${flags.queue}` });
    const routes = queueRoutes(handle.queue, { allowActions: flags.allowActions });
    const server = await startWatchServer({ hub, host: flags.host, port, token: flags.token, mounts: [routes] }).catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    const feed = feedQueue(hub, handle, () => server.readers() > 0);
    await feed.ready;
    if (server.token !== undefined) {
      if (server.generatedToken) process.stderr.write('(a token was generated for this page: this is the only time it is shown)\n');
      registerSecret(server.token);
    }
    output.logger.info('dashboard listening', { url: server.base, queue: flags.queue, access: server.token === undefined ? 'open (loopback only)' : 'with the token' });
    process.stdout.write(`${server.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await feed.stop();
    await server.close();
    await handle.close();
    output.close();
  });
}
