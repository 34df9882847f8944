// `interup queue worker --redis URL`: takes videos and segments from the shared queue until stopped.
// SIGTERM finishes the current units (a second one hands them back to the queue); --exit-when-idle exits
// 0 after that long without work; --idle-timeout with a stopper stops the box instead.
import { mkdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { processVideo } from '../../pipeline/index.js';
import { QueueWorker, SourceCache, resolveAllowDirs, type UnitWatch } from '../../queue/index.js';
import { createS3Client } from '../../storage/index.js';
import { parsePositiveInt, type Stopper } from '../../monitor/index.js';
import { device, modelsDir, threads, type Device } from '../../settings/index.js';
import type { Logger } from '../../util/index.js';
import { reportError } from '../errors.js';
import { interruptedError } from '../interrupt.js';
import { createOutput } from '../output.js';
import { SERVE_SETTINGS, type ServeFlags } from '../serve-page.js';
import { addSettings, settingOption } from '../settings-options.js';
import { openWorkerPage, type WorkerPage } from './queue-worker-page.js';
import { addQueueFlags, seconds, targetFrom, type QueueFlags } from './queue-flags.js';
import { stopBox, stopperFrom, type StopFlags } from './queue-worker-stop.js';
import type { S3Client } from '@aws-sdk/client-s3';

interface WorkerFlags extends QueueFlags, StopFlags, ServeFlags {
  concurrency: string;
  exitWhenIdle?: string;
  lockSeconds: string;
  allowDir: string[];
  workDir?: string;
  s3Endpoint?: string;
  s3Region: string;
  s3PathStyle?: boolean;
  modelsDir?: string;
  threads?: number;
  device?: Device;
  name?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const nameOf = (flags: WorkerFlags): string => flags.name ?? `${hostname()}-${process.pid}`;

// The command and its flags.
function workerCommand(queue: Command): Command {
  const command = addQueueFlags(
    queue
      .command('worker')
      .summary('process jobs and segments from the shared queue until stopped')
      .description('Process jobs and segments from the shared queue until stopped (SIGTERM: finish the current unit; twice: hand it back).')
      .option('--concurrency <n>', 'units at once on this box', '1')
      .option('--exit-when-idle <seconds>', 'exit 0 after this long without work')
      .option('--lock-seconds <seconds>', 'a unit held by a dead worker is taken over after about this long', '30')
      .option('--allow-dir <dir>', 'a local folder jobs may read inputs from (repeatable); without it only http(s):// and s3:// inputs', collect, [])
      .option('--work-dir <dir>', 'scratch space: a folder of this worker is made inside it and removed at exit (default: the system temp dir)')
      .addOption(new Option('--s3-endpoint <url>', 'the S3 server this box uploads to (jobs naming another are refused)').env('INTERUP_S3_ENDPOINT'))
      .addOption(new Option('--s3-region <region>', 'S3 region').env('AWS_REGION').default('us-east-1'))
      .option('--s3-path-style', 'path-style S3 URLs (most non-AWS servers)')
      .addOption(settingOption(modelsDir, { description: 'where model files are cached on this box' }))
      .addOption(settingOption(threads, { description: 'CPU threads per engine on this box (wins over a job\'s threads)' }))
      .addOption(settingOption(device, { description: 'ONNX Runtime device on this box (wins over a job\'s device)' }).default(undefined))
      .option('--name <name>', 'this worker\'s name in status (default: host-pid)')
      .option('--idle-timeout <seconds>', 'stop this box after this long idle with nothing unverified (needs a stopper below)')
      .option('--dry-run', 'with --idle-timeout: write a sentinel instead of stopping anything')
      .option('--sentinel <path>', 'dry-run sentinel file', 'interup-worker-sentinel.json')
      .option('--stop-command <argv...>', 'with --idle-timeout: stop the box with this program and arguments')
      .addOption(new Option('--api-url <url>', 'vast.ai API base').env('VAST_API_URL').default('https://console.vast.ai'))
      .addOption(new Option('--instance-id <id>', 'vast.ai instance id').env('CONTAINER_ID'))
      .addOption(new Option('--api-key <key>', 'vast.ai API key (prefer the env var)').env('CONTAINER_API_KEY'))
      .addOption(new Option('--action <action>', 'stop keeps the disk; destroy deletes it').choices(['stop', 'destroy']).default('stop')),
  );
  // --serve PORT: this worker's runs and the queue on the watch page.
  return addSettings(command, SERVE_SETTINGS);
}

/** A started worker and what decides when it ends. */
interface Started {
  worker: QueueWorker;
  workerName: string;
  stopper: Stopper | undefined;
  exitWhenIdle: number | undefined;
  idleTimeout: number | undefined;
  /** Closes the S3 client, if one was made. */
  closeS3(): void;
}

// Checks every flag (before anything starts), then joins the queue with a scratch folder of its own.
async function startWorker(flags: WorkerFlags, logger: Logger, workDir: string, watch?: UnitWatch): Promise<Started> {
  const target = targetFrom(flags, logger);
  const concurrency = parsePositiveInt(flags.concurrency, '--concurrency');
  const lockSeconds = seconds(flags.lockSeconds, '--lock-seconds') ?? 30;
  const exitWhenIdle = seconds(flags.exitWhenIdle, '--exit-when-idle');
  const idleTimeout = seconds(flags.idleTimeout, '--idle-timeout');
  const stopper = stopperFrom(flags, logger);
  const allowDirs = await resolveAllowDirs(flags.allowDir);
  if (stopper?.preflight) logger.info(`preflight: ${await stopper.preflight()}`);
  await mkdir(workDir, { recursive: true });
  const s3 = { endpoint: flags.s3Endpoint, region: flags.s3Region, forcePathStyle: Boolean(flags.s3PathStyle), maxAttempts: 5 };
  let client: S3Client | undefined;
  const s3Client = (): S3Client => (client ??= createS3Client(s3));
  const workerName = nameOf(flags);
  const worker = await QueueWorker.start({
    target,
    queueName: flags.queue,
    concurrency,
    lockSeconds,
    workerName,
    logger,
    s3,
    s3Client,
    allowDirs,
    workDir,
    sources: new SourceCache(join(workDir, 'sources'), s3Client, concurrency + 1),
    processVideo,
    box: { modelsDir: flags.modelsDir, threads: flags.threads, device: flags.device },
    watch,
  });
  return { worker, workerName, stopper, exitWhenIdle, idleTimeout, closeS3: () => client?.destroy() };
}

// Waits for the end: a signal (the first finishes the current units, a second hands them back), idle past
// --exit-when-idle (exit 0), or idle past --idle-timeout with a stopper (the box is stopped).
async function runUntilStopped(started: Started, logger: Logger, logFormat: WorkerFlags['logFormat']): Promise<void> {
  const { worker, workerName, stopper, exitWhenIdle, idleTimeout } = started;
  let signals = 0;
  let firstSignal: 'SIGINT' | 'SIGTERM' | undefined;
  let stopping: Promise<void> | undefined;
  const onSignal = (sig: 'SIGINT' | 'SIGTERM'): void => {
    signals++;
    firstSignal ??= sig;
    const handBack = signals > 1;
    logger.warn(handBack ? `${sig} again: handing the current units back to the queue` : `${sig}: finishing the current units, taking no new ones (send it again to hand them back)`);
    stopping = worker.close({ handBack });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    while (!stopping) {
      const idle = worker.idleMs();
      if (exitWhenIdle !== undefined && idle >= exitWhenIdle * 1000) {
        logger.info('idle; exiting', { idleSeconds: Math.round(idle / 1000), units: worker.finished });
        stopping = worker.close();
        break;
      }
      if (stopper && idleTimeout !== undefined && idle >= idleTimeout * 1000) {
        stopping = worker.close();
        await stopping;
        const confirmed = await stopBox(stopper, logger, `worker ${workerName} idle ${Math.round(idle / 1000)} s, no unit running, nothing unverified (${worker.finished} units finished)`);
        process.exitCode = confirmed ? 0 : 1;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await stopping;
    logger.info('worker stopped', { units: worker.finished });
    // Stopped by a signal: the exit code says which (130/143), like every other command.
    if (firstSignal) process.exitCode = reportError(interruptedError(firstSignal, signals > 1 ? 'its units were handed back to the queue' : 'its units finished; nothing was left half done'), logFormat);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

export function registerQueueWorker(queue: Command): void {
  workerCommand(queue).action(async (flags: WorkerFlags) => {
    const output = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    // Always a folder of our own (removed at exit), inside --work-dir when given.
    const workDir = join(resolve(flags.workDir ?? tmpdir()), `interup-worker-${process.pid}`);
    let page: WorkerPage | undefined;
    let interrupted = true;
    try {
      page = await openWorkerPage(flags, nameOf(flags), output);
      const started = await startWorker(flags, output.logger, workDir, page?.watch);
      try {
        await runUntilStopped(started, output.logger, flags.logFormat);
        interrupted = process.exitCode === 130 || process.exitCode === 143;
      } finally {
        started.closeS3();
      }
    } finally {
      await page?.close(interrupted);
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
      output.close();
    }
  });
}
