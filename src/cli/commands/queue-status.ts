// `interup queue status [BATCH_ID]`: a batch's jobs, segments, progress, rate, ETA, failures and who holds
// what (text, or --json); without a batch id, the newest batches with their counts.
import type { Command } from 'commander';
import { batchStatus, listBatchIds, openQueue, type BatchStatus } from '../../queue/index.js';
import { createOutput, formatDuration } from '../output.js';
import { addQueueFlags, targetFrom, type QueueFlags } from './queue-flags.js';

interface StatusFlags extends QueueFlags {
  json?: boolean;
}

/** The status as lines a person reads. */
export function renderStatus(s: BatchStatus): string {
  const lines = [`batch ${s.id} (queue ${s.queue}, submitted ${s.submittedAt}): ${s.verified}/${s.total} verified, ${s.failed} failed${s.finished ? ', finished' : ''}`];
  const frames = s.frames.total === undefined ? `${s.frames.done} frames` : `${s.frames.done}/${s.frames.total} frames`;
  lines.push(`  ${frames}${s.rate ? `, ${s.rate.toFixed(1)} frames/s, ETA ${formatDuration(s.etaSeconds)}` : ''}`);
  for (const j of s.jobs) {
    const seg = j.segments ? ` segments ${j.segments.done}/${j.segments.total}${j.segments.failed ? ` (${j.segments.failed} failed)` : ''}` : '';
    lines.push(`  ${j.id}: ${j.state}${seg} frames ${j.frames.done}${j.frames.total === undefined ? '' : `/${j.frames.total}`}`);
    for (const h of j.holders) lines.push(`    ${h.unit} held by ${h.worker}: ${h.stage} ${h.done}${h.total === undefined ? '' : `/${h.total}`}`);
    if (j.error) lines.push(`    error: ${j.error}`);
    if (j.result) lines.push(`    verified: ${j.result.url} (${j.result.check}); manifest ${j.result.manifest}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerQueueStatus(queue: Command): void {
  addQueueFlags(
    queue
      .command('status')
      .summary('show a batch: jobs, segments, progress, failures, workers')
      .description('Show a batch: jobs, segments done/total, progress, rate, ETA, failures with their errors, which worker holds what.')
      .argument('[batch]', 'batch id printed by `queue submit` (default: list the newest batches)')
      .option('--json', 'print JSON'),
  ).action(async (batchId: string | undefined, flags: StatusFlags) => {
    const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    try {
      const handle = await openQueue(targetFrom(flags, output.logger), flags.queue);
      try {
        const ids = batchId ? [batchId] : await listBatchIds(handle.redis, flags.queue, 20);
        const all = [];
        for (const id of ids) all.push(await batchStatus(handle.queue, handle.redis, id));
        if (flags.json) process.stdout.write(`${JSON.stringify(batchId ? all[0] : all, null, 2)}\n`);
        else process.stdout.write(all.length === 0 ? 'no batches on this queue\n' : all.map(renderStatus).join(''));
      } finally {
        await handle.close();
      }
    } finally {
      output.close();
    }
  });
}
