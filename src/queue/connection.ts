// The Redis every box shares is a door into every box: a URL off this machine must carry a password
// (TLS with rediss:// is the advice), or the user opts out with --insecure-redis, which is logged.
import type { RedisOptions } from 'ioredis';
import { InputError, type Logger, registerSecret } from '../util/index.js';

export interface RedisTarget {
  /** ioredis options (BullMQ's `connection`). */
  options: RedisOptions;
  /** host:port for messages (never the password). */
  where: string;
  loopback: boolean;
  tls: boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses and checks a redis:// or rediss:// URL; `insecure` accepts a remote Redis without a password. */
export function redisTarget(url: string, options: { insecure?: boolean; logger?: Logger } = {}): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('REDIS_URL', `--redis must be a URL like redis://127.0.0.1:6379 or rediss://:PASSWORD@HOST:6380, not ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}.`);
  }
  const tls = parsed.protocol === 'rediss:';
  if (!tls && parsed.protocol !== 'redis:') {
    throw new InputError('REDIS_URL', `--redis must start with redis:// or rediss:// (TLS), not ${parsed.protocol}//.`);
  }
  const password = decodeURIComponent(parsed.password);
  const username = decodeURIComponent(parsed.username);
  registerSecret(password || undefined);
  const host = parsed.hostname || '127.0.0.1';
  const port = parsed.port ? Number(parsed.port) : 6379;
  const where = `${host}:${port}`;
  const loopback = isLoopbackHost(host);
  if (!loopback && !password) {
    if (!options.insecure) {
      throw new InputError(
        'REDIS_NO_PASSWORD',
        `Redis at ${where} is not on this machine and the URL carries no password: anyone who reaches it could make every worker fetch, process and upload whatever they like.`,
        { hint: 'Protect Redis with a password (requirepass) and give it in the URL, over TLS: rediss://:PASSWORD@HOST:6380 (redis:// sends it in clear). To accept the risk on a private network, pass --insecure-redis.' },
      );
    }
    options.logger?.warn(`--insecure-redis: using Redis at ${where} without a password; whoever reaches it controls what every worker runs`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError('REDIS_URL', `The Redis database in --redis must be a number (redis://HOST:PORT/0), not ${parsed.pathname.slice(1)}.`);
  return {
    where,
    loopback,
    tls,
    options: {
      host: host.replace(/^\[|\]$/g, ''),
      port,
      db,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(tls ? { tls: { servername: host } } : {}),
      // BullMQ workers block on Redis and must never give up a command while Redis restarts.
      maxRetriesPerRequest: null,
      // Reconnect with a short, capped backoff so a restarted Redis is found again within seconds.
      retryStrategy: (times: number) => Math.min(250 * times, 2000),
    },
  };
}
