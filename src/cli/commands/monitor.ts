// `interup monitor`: the watchdog that stops the rented box once the verified result exists, never before.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createS3Client, isS3Url, parseS3Url } from '../../storage/index.js';
import {
  createBucketDetector,
  createCommandStopper,
  createDryRunStopper,
  createVastStopper,
  createWatchDirDetector,
  defaultPaths,
  dryRunStatePath,
  parseDuration,
  parsePositiveInt,
  runMonitor,
  type Detector,
  type ManifestSource,
  type Stopper,
} from '../../monitor/index.js';
import { InputError, registerSecret, type Logger } from '../../util/index.js';
import { logFormat } from '../../settings/index.js';
import { createOutput } from '../output.js';
import { addSettings, settingOption } from '../settings-options.js';
import { openPage, SERVE_SETTINGS, type Page, type ServeFlags } from '../serve-page.js';
import { reportError } from '../errors.js';
import { SIGNAL_EXIT_CODE, watchInterrupts } from '../interrupt.js';

interface MonitorFlags extends ServeFlags {
  watchDir?: string;
  expect: string;
  pattern?: string;
  s3Manifest?: string;
  manifest?: string;
  s3Endpoint?: string;
  s3Region: string;
  s3PathStyle?: boolean;
  checkInterval: string;
  confirm: string;
  dryRun?: boolean;
  sentinel?: string;
  state?: string;
  apiUrl: string;
  instanceId?: string;
  apiKey?: string;
  action: 'stop' | 'destroy';
  stopCommand?: string[];
  heartbeat?: string;
  idleTimeout?: string;
  maxRuntime?: string;
  onFailure: 'stop' | 'keep';
  bootId?: string;
  logFormat: 'text' | 'json';
}

// Picks the detector from --watch-dir or --s3-manifest/--manifest (exactly one).
function buildDetector(flags: MonitorFlags, expect: number, ownFiles: string[]): Detector {
  const manifest = flags.s3Manifest ?? flags.manifest;
  if (Boolean(flags.watchDir) === Boolean(manifest)) {
    throw new InputError('MONITOR_MODE', 'Give exactly one of --watch-dir DIR or --s3-manifest s3://…/manifest.json (or a local batch manifest path).', {
      hint: 'Watch-dir mode watches local files; manifest mode HEAD-verifies every object the manifest lists.',
    });
  }
  if (flags.watchDir) return createWatchDirDetector({ dir: flags.watchDir, expect, pattern: flags.pattern, ignore: ownFiles });
  const source: ManifestSource = isS3Url(manifest as string) ? { kind: 's3', ...parseS3Url(manifest as string) } : { kind: 'file', path: manifest as string };
  const client = createS3Client({ endpoint: flags.s3Endpoint, region: flags.s3Region, forcePathStyle: Boolean(flags.s3PathStyle), maxAttempts: 2 });
  return createBucketDetector({ source, client, expect });
}

// Picks the stopper: --stop-command, else vast.ai; a dry run wraps whichever would have run.
function buildStopper(flags: MonitorFlags, sentinel: string, logger: Logger): Stopper {
  if (flags.stopCommand?.length) {
    const command = createCommandStopper({ argv: flags.stopCommand, logger });
    return flags.dryRun ? createDryRunStopper(sentinel, command.description) : command;
  }
  const vastReady = flags.instanceId && flags.apiKey;
  if (flags.dryRun) {
    return createDryRunStopper(sentinel, vastReady ? `vast.ai ${flags.action} instance ${flags.instanceId}` : 'nothing configured (no CONTAINER_ID/CONTAINER_API_KEY, no --stop-command)');
  }
  if (!flags.instanceId) {
    throw new InputError('MONITOR_NO_INSTANCE', 'No instance to stop: CONTAINER_ID is not set and --instance-id was not given.', {
      hint: 'On vast.ai, CONTAINER_ID is set for the container\'s main process but not inside SSH sessions unless exported; or use --stop-command, or --dry-run.',
    });
  }
  return createVastStopper({ apiUrl: flags.apiUrl, instanceId: flags.instanceId, apiKey: flags.apiKey ?? '', action: flags.action, logger });
}

// Runs the watchdog for the parsed flags; returns the exit code.
async function runMonitorCommand(flags: MonitorFlags): Promise<number> {
  registerSecret(flags.apiKey);
  const output = createOutput({ format: flags.logFormat, level: 'info', progressBar: false });
  const logger = output.logger;
  const intervalMs = parseDuration(flags.checkInterval, '--check-interval');
  const confirm = parsePositiveInt(flags.confirm, '--confirm');
  const expect = parsePositiveInt(flags.expect, '--expect');
  // A dry run keeps its state in a file of its own (see dryRunStatePath): the real state is never touched.
  const stateFlag = flags.state && flags.dryRun ? dryRunStatePath(flags.state) : flags.state;
  const ownFiles = [flags.sentinel, stateFlag, flags.heartbeat].filter((p): p is string => Boolean(p)).map((p) => resolve(p));
  const detector = buildDetector(flags, expect, ownFiles);
  const paths = defaultPaths(flags.watchDir, detector.description);
  const sentinel = flags.sentinel ?? paths.sentinel;
  const stopper = buildStopper(flags, sentinel, logger);
  if (flags.idleTimeout && !flags.watchDir && !flags.heartbeat) {
    logger.warn('--idle-timeout without --heartbeat in manifest mode: only changes in the bucket count as progress, so a long job that has not uploaded yet will look idle');
  }
  const interrupts = watchInterrupts();
  let page: Page | undefined;
  try {
    page = await openPage(flags, 'interup monitor', output);
    const result = await runMonitor({
      detector,
      stopper,
      logger,
      intervalMs,
      confirm,
      maxRuntimeMs: flags.maxRuntime ? parseDuration(flags.maxRuntime, '--max-runtime') : undefined,
      idleTimeoutMs: flags.idleTimeout ? parseDuration(flags.idleTimeout, '--idle-timeout') : undefined,
      heartbeatPath: flags.heartbeat ?? paths.heartbeat,
      onFailure: flags.onFailure,
      statePath: stateFlag ?? (flags.dryRun ? dryRunStatePath(paths.state) : paths.state),
      bootId: flags.bootId || undefined,
      signal: interrupts.signal,
      onState: (state) => page?.hub.setMonitor(state),
    });
    process.stdout.write(`${JSON.stringify({ reason: result.reason, checks: result.checks, confirmed: result.outcome.confirmed, dryRun: stopper.dryRun, detail: result.outcome.detail })}\n`);
    return result.outcome.confirmed ? 0 : 1;
  } catch (error) {
    const sig = interrupts.received();
    if (sig) {
      logger.warn(`watchdog interrupted by ${sig}; state kept for a restart`);
      return SIGNAL_EXIT_CODE[sig];
    }
    throw error;
  } finally {
    const interrupted = interrupts.received() !== undefined;
    interrupts.dispose();
    await page?.finish(interrupted);
    output.close();
  }
}

// Registers `interup monitor` and its flags (each flag's env var and default are declared here, once).
export function registerMonitorCommand(program: Command): void {
  const monitor = program
    .command('monitor')
    .summary('stop the rented instance once the verified result is there, never before')
    .description('Watch for the verified result and stop the rented instance once it is there (never before).')
    .option('--watch-dir <dir>', 'watch-dir mode: wait for finished files in this folder')
    .option('--expect <n>', 'how many finished files (watch-dir) or jobs (manifest) make the result', '1')
    .option('--pattern <glob>', 'only files matching this glob count (watch-dir), e.g. "*.mp4"')
    .option('--s3-manifest <url|path>', 'manifest mode: s3://bucket/manifest.json or a local batch manifest path')
    .option('--manifest <path>', 'a local batch or result manifest, or a folder of *.manifest.json result manifests')
    .addOption(new Option('--s3-endpoint <url>', 'S3 endpoint (B2: https://s3.<region>.backblazeb2.com)').env('INTERUP_S3_ENDPOINT'))
    .addOption(new Option('--s3-region <region>', 'S3 region').env('AWS_REGION').default('us-east-1'))
    .option('--s3-path-style', 'path-style S3 URLs (most non-AWS servers)')
    .option('--check-interval <seconds>', 'seconds between checks (fractions allowed)', '5')
    .option('--confirm <n>', 'consecutive identical passing checks needed before stopping', '3')
    .option('--dry-run', 'write a sentinel file with the checks instead of stopping; no provider API call')
    .option('--sentinel <path>', 'dry-run sentinel file (default: next to the watch dir)')
    .option('--state <path>', 'restart-safe state file (default: next to the watch dir; a dry run uses NAME.dry-run.json beside it)')
    .addOption(new Option('--api-url <url>', 'vast.ai API base').env('VAST_API_URL').default('https://console.vast.ai'))
    .addOption(new Option('--instance-id <id>', 'vast.ai instance id').env('CONTAINER_ID'))
    .addOption(new Option('--api-key <key>', 'vast.ai API key (prefer the env var: flags show in ps)').env('CONTAINER_API_KEY'))
    .addOption(new Option('--action <action>', 'stop keeps the disk; destroy deletes it').choices(['stop', 'destroy']).default('stop'))
    .option('--stop-command <argv...>', 'stop with this program and arguments instead of the vast.ai API (or put them after --)')
    .argument('[command...]', 'after --: the stop command and its arguments, e.g. -- vastai stop instance 123')
    .option('--heartbeat <path>', 'file the pipeline touches while working (default: <watch-dir>/.interup-heartbeat)')
    .option('--idle-timeout <duration>', 'stop when no heartbeat and no change for this long (e.g. 30m)')
    .option('--max-runtime <duration>', 'stop after this long no matter what (e.g. 6h)')
    .addOption(new Option('--on-failure <policy>', 'when the batch manifest lists failed jobs').choices(['stop', 'keep']).default('stop'))
    .addOption(new Option('--boot-id <id>', 'what identifies this start of the box (default: kernel boot id + PID 1 start time)').env('INTERUP_BOOT_ID'))
    .addOption(settingOption(logFormat));
  addSettings(monitor, SERVE_SETTINGS);
  monitor.action(async (command: string[], flags: MonitorFlags) => {
    try {
      if (command.length > 0 && flags.stopCommand?.length) {
        throw new InputError('MONITOR_TWO_COMMANDS', 'Give the stop command once: either --stop-command CMD ARGS… or after --.');
      }
      process.exitCode = await runMonitorCommand(command.length > 0 ? { ...flags, stopCommand: command } : flags);
    } catch (error) {
      process.exitCode = reportError(error, flags.logFormat);
    }
  });
}
