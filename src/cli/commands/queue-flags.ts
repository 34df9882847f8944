// Flags every `interup queue` command shares: where Redis is, which queue, and the explicit opt-out of
// the password rule for a Redis off this machine.
import { Option, type Command } from 'commander';
import { DEFAULT_QUEUE, redisTarget, type RedisTarget } from '../../queue/index.js';
import { InputError, type Logger } from '../../util/index.js';
import { logFormat, logLevel } from '../../settings/index.js';
import { settingOption } from '../settings-options.js';

export interface QueueFlags {
  redis?: string;
  queue: string;
  insecureRedis?: boolean;
  logFormat: 'text' | 'json';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Adds --redis, --queue and --insecure-redis. */
export function addRedisFlags(command: Command): Command {
  return command
    .addOption(new Option('--redis <url>', 'the shared Redis: redis://127.0.0.1:6379, or rediss://:PASSWORD@HOST:6380 off this machine').env('INTERUP_REDIS_URL'))
    .option('--queue <name>', 'queue name (several teams can share one Redis)', DEFAULT_QUEUE)
    .option('--insecure-redis', 'accept a Redis off this machine without a password (logged; anyone reaching it controls the workers)');
}

/** Adds --redis, --queue, --insecure-redis and the log flags. */
export function addQueueFlags(command: Command): Command {
  return addRedisFlags(command)
    .addOption(settingOption(logFormat))
    .addOption(settingOption(logLevel));
}

/** The checked Redis target from the flags. */
export function targetFrom(flags: QueueFlags, logger: Logger): RedisTarget {
  if (!flags.redis) throw new InputError('REDIS_URL', 'No Redis given: pass --redis redis://HOST:PORT (or set INTERUP_REDIS_URL).');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(flags.queue)) throw new InputError('QUEUE_NAME', `--queue must be 1-64 letters, digits, ".", "_" or "-", not ${JSON.stringify(flags.queue)}.`);
  return redisTarget(flags.redis, { insecure: flags.insecureRedis, logger });
}

/** Parses a positive number of seconds. */
export function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InputError('BAD_NUMBER', `${flag} must be a positive number of seconds, not ${JSON.stringify(value)}.`);
  return n;
}
