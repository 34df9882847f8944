// `interup queue …`: many boxes on one BullMQ queue (submit, worker, status, wait, dashboard).
import type { Command } from 'commander';
import { registerQueueDashboard } from './queue-dashboard.js';
import { registerQueueStatus } from './queue-status.js';
import { registerQueueSubmit } from './queue-submit.js';
import { registerQueueWait } from './queue-wait.js';
import { registerQueueWorker } from './queue-worker.js';

export function registerQueueCommand(program: Command): void {
  const queue = program.command('queue')
    .summary('many boxes, one queue: BullMQ workers on a shared Redis; long videos split across them')
    .description('Many boxes, one queue: BullMQ workers on a shared Redis; long videos split into segments across them.');
  registerQueueSubmit(queue);
  registerQueueWorker(queue);
  registerQueueStatus(queue);
  registerQueueWait(queue);
  registerQueueDashboard(queue);
}
