// `interup queue wait BATCH_ID`: exit 0 when every job verified, 1 when any failed, 124 on --timeout.
import type { Command } from 'commander';
import { openQueue, waitForBatch } from '../../queue/index.js';
import { createOutput } from '../output.js';
import { addQueueFlags, seconds, targetFrom, type QueueFlags } from './queue-flags.js';
import { renderStatus } from './queue-status.js';

interface WaitFlags extends QueueFlags {
  timeout?: string;
  json?: boolean;
}

export function registerQueueWait(queue: Command): void {
  addQueueFlags(
    queue
      .command('wait')
      .summary('wait for a batch: exit 0 when every job verified')
      .description('Wait for a batch: exit 0 when every job verified, 1 when any failed, 124 on timeout.')
      .argument('<batch>', 'batch id printed by `queue submit`')
      .option('--timeout <seconds>', 'give up after this long (exit 124)')
      .option('--json', 'print the final status as JSON'),
  ).action(async (batchId: string, flags: WaitFlags) => {
    const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    const stop = new AbortController();
    const onSignal = (): void => stop.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const timeout = seconds(flags.timeout, '--timeout');
      const handle = await openQueue(targetFrom(flags, output.logger), flags.queue);
      try {
        let said = '';
        const outcome = await waitForBatch(handle.queue, handle.redis, batchId, {
          timeoutMs: timeout === undefined ? undefined : timeout * 1000,
          signal: stop.signal,
          onStatus: (s) => {
            const line = `${s.verified}/${s.total} verified, ${s.failed} failed, ${s.frames.done}${s.frames.total === undefined ? '' : `/${s.frames.total}`} frames`;
            if (line !== said) output.logger.info(`batch ${s.id}: ${line}`);
            said = line;
          },
        });
        process.stdout.write(flags.json ? `${JSON.stringify(outcome.status, null, 2)}\n` : renderStatus(outcome.status));
        if (outcome.kind === 'timeout') output.logger.warn(`timed out after ${timeout} s; the batch goes on`);
        process.exitCode = outcome.kind === 'timeout' ? 124 : outcome.status.failed > 0 ? 1 : 0;
      } finally {
        await handle.close();
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      output.close();
    }
  });
}
