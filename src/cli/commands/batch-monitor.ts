// `batch --monitor`: starts the watchdog as a separate, detached process that follows this batch's
// manifest and heartbeat, so it still stops the box if the batch crashes. A batch started again after it
// was killed on its own (an out-of-memory kill, kill -9) finds the watchdog it started before still
// watching, and does not start a second one: two would each stop the box (or write the dry-run sentinel)
// at the end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchManifestPath, type LoadedBatch } from '../../jobs/index.js';
import { createHeartbeat, type Heartbeat } from '../../monitor/index.js';
import { commandLineOf, startDetached } from '../../process/index.js';
import { writeJsonAtomic } from '../../storage/index.js';
import type { Logger } from '../../util/index.js';

export interface StartedMonitor {
  pid: number;
  logFile: string;
  heartbeat: Heartbeat;
}

/** The monitor's argument list for this batch; `extra` are the user's flags after `--`. */
export function monitorArgs(batch: LoadedBatch, heartbeatPath: string, extra: readonly string[]): string[] {
  const args = ['monitor', '--manifest', batchManifestPath(batch), '--expect', String(batch.jobs.length), '--heartbeat', heartbeatPath];
  const s3 = batch.config.s3;
  if (s3?.endpoint && !extra.includes('--s3-endpoint')) args.push('--s3-endpoint', s3.endpoint);
  if (s3?.region && !extra.includes('--s3-region')) args.push('--s3-region', s3.region);
  if (s3?.forcePathStyle && !extra.includes('--s3-path-style')) args.push('--s3-path-style');
  // The watchdog's own files live with the batch's manifests, not in whatever folder the batch started from.
  if (!extra.includes('--state')) args.push('--state', join(batch.manifestDir, 'monitor-state.json'));
  if (!extra.includes('--sentinel')) args.push('--sentinel', join(batch.manifestDir, 'monitor-sentinel.json'));
  return [...args, ...extra];
}

/** The watchdog an earlier start of this batch left running, if its pid is still that watchdog (not a
 *  process that took the pid over since, e.g. after a reboot): `same` when it watches with these arguments. */
function earlierMonitor(pidFile: string, args: readonly string[]): { pid: number; same: boolean } | undefined {
  let pid: number;
  try {
    pid = Number((JSON.parse(readFileSync(pidFile, 'utf8')) as { pid?: unknown }).pid);
  } catch {
    return undefined;
  }
  const line = commandLineOf(pid);
  const at = line?.indexOf('monitor') ?? -1;
  if (!line || at < 0 || line[at + 1] !== '--manifest' || line[at + 2] !== args[2]) return undefined;
  const tail = line.slice(at);
  return { pid, same: tail.length === args.length && tail.every((a, i) => a === args[i]) };
}

/** Starts `interup monitor` for this batch in its own session (unless the one an earlier start of the batch
 *  left is still watching with the same flags) and returns how to feed its heartbeat. */
export async function startBatchMonitor(batch: LoadedBatch, extra: readonly string[], logger: Logger): Promise<StartedMonitor> {
  const heartbeatPath = join(batch.manifestDir, '.interup-heartbeat');
  const heartbeat = createHeartbeat(heartbeatPath);
  const logFile = join(batch.manifestDir, 'monitor.log');
  const pidFile = join(batch.manifestDir, 'monitor.pid.json');
  const args = monitorArgs(batch, heartbeatPath, extra);
  const earlier = earlierMonitor(pidFile, args);
  if (earlier?.same) {
    logger.info('monitor already running for this batch (started by an earlier run); not starting another', { pid: earlier.pid, log: logFile });
    return { pid: earlier.pid, logFile, heartbeat };
  }
  if (earlier) {
    // Ours (it watches this batch's manifest) but with other flags: the new ones replace it.
    logger.warn('a monitor an earlier run started for this batch watches with other flags; stopping it and starting this one', { pid: earlier.pid });
    try {
      process.kill(earlier.pid, 'SIGTERM');
    } catch {
      // It ended meanwhile.
    }
  }
  const script = process.argv[1] ?? 'interup';
  // Credentials kept in the batch file reach the monitor through its environment, never its argv.
  const env = { ...process.env };
  if (batch.config.s3?.accessKeyId && batch.config.s3.secretAccessKey) {
    env.AWS_ACCESS_KEY_ID = batch.config.s3.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = batch.config.s3.secretAccessKey;
  }
  const pid = await startDetached(process.execPath, [...process.execArgv, script, ...args], { logFile, env });
  await writeJsonAtomic(pidFile, { pid, args });
  logger.info('monitor started', { pid, log: logFile, args: args.join(' ') });
  return { pid, logFile, heartbeat };
}
