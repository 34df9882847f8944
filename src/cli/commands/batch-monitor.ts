// `batch --monitor`: starts the watchdog as a separate, detached process that follows this batch's
// manifest and heartbeat, so it still stops the box if the batch crashes.
import { join } from 'node:path';
import { batchManifestPath, type LoadedBatch } from '../../jobs/index.js';
import { createHeartbeat, type Heartbeat } from '../../monitor/index.js';
import { startDetached } from '../../process/index.js';
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

/** Starts `interup monitor` for this batch in its own session and returns how to feed its heartbeat. */
export async function startBatchMonitor(batch: LoadedBatch, extra: readonly string[], logger: Logger): Promise<StartedMonitor> {
  const heartbeatPath = join(batch.manifestDir, '.interup-heartbeat');
  const heartbeat = createHeartbeat(heartbeatPath);
  const logFile = join(batch.manifestDir, 'monitor.log');
  const script = process.argv[1] ?? 'interup';
  // Credentials kept in the batch file reach the monitor through its environment, never its argv.
  const env = { ...process.env };
  if (batch.config.s3?.accessKeyId && batch.config.s3.secretAccessKey) {
    env.AWS_ACCESS_KEY_ID = batch.config.s3.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = batch.config.s3.secretAccessKey;
  }
  const args = monitorArgs(batch, heartbeatPath, extra);
  const pid = await startDetached(process.execPath, [...process.execArgv, script, ...args], { logFile, env });
  logger.info('monitor started', { pid, log: logFile, args: args.join(' ') });
  return { pid, logFile, heartbeat };
}
