// `interup queue submit FILE --redis URL`: enqueue a batch file's jobs; the batch id goes to stdout.
import type { Command } from 'commander';
import { loadBatch } from '../../jobs/index.js';
import { openQueue, submitBatch } from '../../queue/index.js';
import { createOutput } from '../output.js';
import { segmentSeconds } from '../../settings/index.js';
import { settingOption } from '../settings-options.js';
import { addQueueFlags, targetFrom, type QueueFlags } from './queue-flags.js';

interface SubmitFlags extends QueueFlags {
  segmentSeconds?: number;
}

export function registerQueueSubmit(queue: Command): void {
  addQueueFlags(
    queue
      .command('submit')
      .summary('put a batch file\'s jobs on the shared queue; prints the batch id')
      .description('Put the jobs of a batch file (same schema as `interup batch`) on the shared queue; prints the batch id.')
      .argument('<file>', 'batch file (YAML or JSON); outputs must be s3://, inputs http(s)://, s3:// or in the workers\' --allow-dir folders')
      .addOption(settingOption(segmentSeconds)),
  ).action(async (file: string, flags: SubmitFlags) => {
    const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    try {
      const target = targetFrom(flags, output.logger);
      const batch = await loadBatch(file);
      const handle = await openQueue(target, flags.queue);
      try {
        const record = await submitBatch(batch, { queue: handle.queue, redis: handle.redis, segmentSeconds: flags.segmentSeconds, logger: output.logger });
        process.stdout.write(`${record.id}\n`);
      } finally {
        await handle.close();
      }
    } finally {
      output.close();
    }
  });
}
