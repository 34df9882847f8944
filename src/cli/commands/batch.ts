// `interup batch FILE`: runs a YAML/JSON batch (fetch → process → upload → verify → manifest per job),
// resumable after a kill; exit code 0 only when every job ended verified, written or skipped as done.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadBatch, runBatch, type BatchHooks } from '../../jobs/index.js';
import type { BatchManifest } from '../../storage/index.js';
import { processVideo } from '../../pipeline/index.js';
import { ffmpegPath, ffprobePath, inferencePad, jobTimeout } from '../../settings/index.js';
import { InputError } from '../../util/index.js';
import { addSettings, logGivenSettings, sourceOf } from '../settings-options.js';
import { startBatchMonitor } from './batch-monitor.js';
import { LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface BatchFlags extends LogFlags {
  jobTimeout?: number;
  monitor?: boolean;
}

/** The line an interrupted batch ends with: which job stopped and where the manifest says so. */
function interruptedBatch(result: { manifest: BatchManifest; path: string } | undefined, workDir: string): string {
  if (!result) return 'no job had started';
  const stopped = result.manifest.jobs.find((j) => j.status === 'failed' && j.error?.startsWith('stopped'));
  const notStarted = result.manifest.jobs.filter((j) => j.error?.startsWith('not started')).length;
  return (
    // A stopped job's folder outlives it only to hold its render's checkpoints.
    `${stopped ? `job ${stopped.id} was stopped and its scratch files removed${existsSync(join(workDir, stopped.id)) ? ' (its render\'s checkpoints kept)' : ''}` : 'no job was running'}` +
    `${notStarted ? `, ${notStarted} not started` : ''}; the batch manifest ${result.path} says so; rerun the batch to resume`
  );
}

export function registerBatchCommand(program: Command): void {
  const command = program
    .command('batch')
    .summary('run a YAML/JSON batch of jobs: fetch, process, verified upload, manifest; resumable')
    .description('Run every job of a batch file (YAML or JSON); a rerun skips verified jobs and redoes unfinished ones.')
    .argument('<file>', 'batch file (see docs/batch.md: s3, defaults, upload, jobs)');
  const settings = [jobTimeout, inferencePad, ffmpegPath, ffprobePath, ...LOG_SETTINGS];
  addSettings(command, settings);
  command
    .option('--monitor', 'also start `interup monitor` (detached: it survives a crash of the batch) on this batch\'s manifest; monitor flags go after --, e.g. -- --dry-run --confirm 3')
    .allowExcessArguments(true)
    .action(async (file: string, flags: BatchFlags, self: Command) => {
      const batch = await loadBatch(file);
      const extra = self.args.slice(1);
      if (extra.length > 0 && !flags.monitor) {
        throw new InputError('UNEXPECTED_ARGUMENTS', `Unexpected arguments after the batch file: ${extra.join(' ')}.`, { hint: 'Only --monitor takes flags after --.' });
      }
      const seconds = flags.jobTimeout ?? batch.config.jobTimeout;
      const from = flags.jobTimeout === undefined ? 'jobTimeout in the batch file' : sourceOf(self, jobTimeout) === 'env' ? 'BATCH_TIMEOUT' : '--job-timeout';
      let result: { manifest: BatchManifest; path: string } | undefined;
      await runCommand(
        flags,
        async ({ out, signal }) => {
          logGivenSettings(out.logger, self, settings);
          if (seconds) out.logger.info('job timeout', { seconds, from });
          if (batch.config.defaults.segmentSeconds != null || batch.config.jobs.some((j) => j.segmentSeconds != null)) {
            out.logger.warn('segmentSeconds splits a video across boxes only with `interup queue submit`; `interup batch` renders each video whole');
          }
          for (const note of batch.notes) out.logger.info(note);
          const hooks: BatchHooks = {};
          const monitor = flags.monitor ? await startBatchMonitor(batch, extra, out.logger) : undefined;
          // The monitor's --idle-timeout watches this heartbeat: every progress event proves the batch is alive.
          const onProgress: typeof out.progress = (event) => {
            monitor?.heartbeat.beat();
            out.progress(event);
          };
          // Ctrl-C / SIGTERM: the current job is aborted, recorded as failed, and the batch manifest written.
          result = await runBatch(batch, { processVideo, jobTimeoutSeconds: seconds, timeoutSource: from, logger: out.logger, onProgress, signal, hooks });
          const { manifest, path } = result;
          process.stdout.write(`${JSON.stringify({ ok: manifest.ok, manifest: path, jobs: manifest.jobs.map((j) => ({ id: j.id, status: j.status, error: j.error })) })}\n`);
          return manifest.ok ? 0 : 1;
        },
        () => interruptedBatch(result, batch.workDir),
      );
    });
}
