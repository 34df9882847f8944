// `interup batch FILE`: runs a YAML/JSON batch (fetch → process → upload → verify → manifest per job),
// resumable after a kill; exit code 0 only when every job ended verified, written or skipped as done.
import { Command, Option } from 'commander';
import { loadBatch, runBatch, type BatchHooks } from '../../jobs/index.js';
import { processVideo } from '../../pipeline/index.js';
import { expected, InputError } from '../../util/errors.js';
import type { LogLevel } from '../../util/logger.js';
import { createOutput, type LogFormat } from '../output.js';
import { startBatchMonitor } from './batch-monitor.js';

interface BatchFlags {
  jobTimeout?: string;
  logFormat: LogFormat;
  logLevel: LogLevel;
  progress: boolean;
  monitor?: boolean;
}

/** The job timeout and which setting it came from: --job-timeout, then BATCH_TIMEOUT, then the file. */
export function resolveJobTimeout(flag: string | undefined, env: string | undefined, fromFile: number | undefined): { seconds?: number; source?: string } {
  for (const [value, source] of [[flag, '--job-timeout'], [env, 'BATCH_TIMEOUT']] as const) {
    if (value === undefined || value === '') continue;
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError('BAD_TIMEOUT', expected('a positive number of seconds', source, value));
    return { seconds, source };
  }
  return fromFile === undefined ? {} : { seconds: fromFile, source: 'jobTimeout in the batch file' };
}

export function registerBatchCommand(program: Command): void {
  program
    .command('batch')
    .description('Run every job of a batch file (YAML or JSON); a rerun skips verified jobs and redoes unfinished ones.')
    .argument('<file>', 'batch file (see docs: s3, defaults, upload, jobs)')
    .option('--job-timeout <seconds>', 'stop a job that runs longer (overrides BATCH_TIMEOUT and jobTimeout)')
    .addOption(new Option('--log-format <format>', 'log lines as text or JSON').choices(['text', 'json']).default('text'))
    .addOption(new Option('--log-level <level>', 'lowest level shown').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .option('--no-progress', 'no progress bar')
    .option('--monitor', 'also start `interup monitor` (detached: it survives a crash of the batch) on this batch\'s manifest; monitor flags go after --, e.g. -- --dry-run --confirm 3')
    .allowExcessArguments(true)
    .action(async (file: string, flags: BatchFlags, command: Command) => {
      const batch = await loadBatch(file);
      const timeout = resolveJobTimeout(flags.jobTimeout, process.env.BATCH_TIMEOUT, batch.config.jobTimeout);
      const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: flags.progress });
      if (timeout.seconds) output.logger.info('job timeout', { seconds: timeout.seconds, from: timeout.source });
      if (batch.config.defaults.segmentSeconds !== undefined || batch.config.jobs.some((j) => j.segmentSeconds !== undefined)) {
        output.logger.warn('segmentSeconds splits a video across boxes only with `interup queue submit`; `interup batch` renders each video whole');
      }
      // Ctrl-C / SIGTERM: the current job is aborted, recorded as failed, and the batch manifest written.
      const stop = new AbortController();
      const onSignal = (): void => stop.abort(new Error('interrupted'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const hooks: BatchHooks = {};
      const extra = command.args.slice(1);
      if (extra.length > 0 && !flags.monitor) {
        throw new InputError('UNEXPECTED_ARGUMENTS', `Unexpected arguments after the batch file: ${extra.join(' ')}.`, { hint: 'Only --monitor takes flags after --.' });
      }
      const monitor = flags.monitor ? await startBatchMonitor(batch, extra, output.logger) : undefined;
      // The monitor's --idle-timeout watches this heartbeat: every progress event proves the batch is alive.
      const onProgress: typeof output.progress = (event) => {
        monitor?.heartbeat.beat();
        output.progress(event);
      };
      try {
        const { manifest, path } = await runBatch(batch, {
          processVideo,
          jobTimeoutSeconds: timeout.seconds,
          timeoutSource: timeout.source,
          logger: output.logger,
          onProgress,
          signal: stop.signal,
          hooks,
        });
        process.stdout.write(`${JSON.stringify({ ok: manifest.ok, manifest: path, jobs: manifest.jobs.map((j) => ({ id: j.id, status: j.status, error: j.error })) })}\n`);
        process.exitCode = manifest.ok ? 0 : 1;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        output.close();
      }
    });
}
