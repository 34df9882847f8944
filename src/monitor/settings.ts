// Where the watchdog keeps its files by default, and how durations are written on the command line.
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { intSetting } from '../settings/index.js';
import { InputError, expected } from '../util/index.js';

/** Parses "5", "0.2", "30s", "10m", "2h" into milliseconds; must be positive. */
export function parseDuration(value: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  if (!match || !(n > 0)) {
    throw new InputError('BAD_DURATION', `${expected('a positive duration (seconds, or with s/m/h: 0.2, 30s, 10m, 2h)', name, value)}.`);
  }
  const unit = match[2] ?? 's';
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
}

const positiveInt = intSetting({ key: 'count', description: 'a count', min: 1 });

/** Parses a positive integer flag (the shared definition's check and message). */
export function parsePositiveInt(value: string, name: string): number {
  return positiveInt.parse(value, name);
}

/** Default files for a watch: watch-dir mode keeps them next to the folder, manifest mode in the cwd. */
export function defaultPaths(watchDir: string | undefined, runKey: string): { sentinel: string; state: string; heartbeat?: string } {
  if (watchDir) {
    const dir = resolve(watchDir);
    const parent = dirname(dir);
    const name = basename(dir);
    return {
      sentinel: join(parent, `${name}.monitor-sentinel.json`),
      state: join(parent, `.${name}.monitor-state.json`),
      heartbeat: join(dir, '.interup-heartbeat'),
    };
  }
  const tag = createHash('sha256').update(runKey).digest('hex').slice(0, 8);
  return { sentinel: resolve('interup-monitor-sentinel.json'), state: resolve(`.interup-monitor-${tag}.state.json`) };
}

/** Where a dry run keeps its state for a watch whose real state is `statePath`: a file of its own, so a
 *  rehearsal never reads, overwrites or latches the real watchdog's state. */
export function dryRunStatePath(statePath: string): string {
  return statePath.endsWith('.json') ? `${statePath.slice(0, -'.json'.length)}.dry-run.json` : `${statePath}.dry-run`;
}
