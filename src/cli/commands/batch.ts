// `interup batch FILE`: runs a YAML/JSON batch (fetch → process → upload → verify → manifest per job),
// resumable after a kill; exit code 0 only when every job ended verified, written or skipped as done.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadBatch, runBatch, type BatchHooks } from '../../jobs/index.js';
import type { BatchManifest } from '../../storage/index.js';
import { processVideo, type ProcessVideo } from '../../pipeline/index.js';
import { ffmpegPath, ffprobePath, inferencePad, jobTimeout, ncnnGpu } from '../../settings/index.js';
import { InputError } from '../../util/index.js';
import { addSettings, logGivenSettings, sourceOf } from '../settings-options.js';
import { openPage, SERVE_SETTINGS, type Page, type ServeFlags } from '../serve-page.js';
import { startBatchMonitor } from './batch-monitor.js';
import { LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface BatchFlags extends LogFlags, ServeFlags {
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
  const settings = [jobTimeout, inferencePad, ncnnGpu, ffmpegPath, ffprobePath, ...LOG_SETTINGS, ...SERVE_SETTINGS];
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
      let page: Page | undefined;
      await runCommand(
        flags,
        async ({ out, signal }) => {
          logGivenSettings(out.logger, self, settings);
          if (seconds) out.logger.info('job timeout', { seconds, from });
          if (batch.config.defaults.segmentSeconds != null || batch.config.jobs.some((j) => j.segmentSeconds != null)) {
            out.logger.warn('segmentSeconds splits a video across boxes only with `interup queue submit`; `interup batch` renders each video whole');
          }
          for (const note of batch.notes) out.logger.info(note);
          page = await openPage(flags, 'interup batch', out);
          const hooks: BatchHooks = page ? pageHooks(page) : {};
          const monitor = flags.monitor ? await startBatchMonitor(batch, extra, out.logger) : undefined;
          // The monitor's --idle-timeout watches this heartbeat: every progress event proves the batch is alive.
          const onProgress: typeof out.progress = (event) => {
            monitor?.heartbeat.beat();
            out.progress(event);
          };
          // Ctrl-C / SIGTERM: the current job is aborted, recorded as failed, and the batch manifest written.
          result = await runBatch(batch, { processVideo: page ? processWithPage(page) : processVideo, jobTimeoutSeconds: seconds, timeoutSource: from, logger: out.logger, onProgress, signal, hooks });
          const { manifest, path } = result;
          process.stdout.write(`${JSON.stringify({ ok: manifest.ok, manifest: path, jobs: manifest.jobs.map((j) => ({ id: j.id, status: j.status, error: j.error })) })}\n`);
          return manifest.ok ? 0 : 1;
        },
        () => interruptedBatch(result, batch.workDir),
      );
      await page?.finish(process.exitCode === 130 || process.exitCode === 143);
    });
}

// Each job's frames, checks and before/after on the page (taken while its output is still on disk).
function processWithPage(page: Page): ProcessVideo {
  return async (options, context) => {
    const job = page.hub.currentJob;
    const report = await processVideo(options, { ...context, frameTap: page.hub.frameTap() });
    await page.addOutput(report, undefined, context.signal, job);
    return report;
  };
}

// A job's end on the page: its state, and where its output went and how that was verified.
function pageHooks(page: Page): BatchHooks {
  return {
    onJobFinished: (outcome) => {
      const job = outcome.id;
      page.hub.jobEnded(job, outcome.status === 'failed' ? (outcome.error ?? 'failed') : undefined, outcome.status === 'skipped');
      if (outcome.result) page.hub.setUpload(job, { url: outcome.result.url, check: outcome.result.check });
      else if (outcome.local) page.hub.setUpload(job, { url: outcome.local.path, check: `local sha256 ${outcome.local.sha256.slice(0, 12)}…` });
    },
  };
}
