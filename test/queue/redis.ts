// A real redis-server (Debian's) for one test file: a free loopback port, a temporary folder, AOF on so a
// restart keeps the queue (as docs/queue.md advises), stopped afterwards. restart() stops it (SIGTERM) and
// starts it again on the same port with the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { makeTempDir } from '../helpers/tmp.js';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops it; `down` ms later starts it again on the same port with the same data. */
  restart(down?: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function ready(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}

export async function startRedis(): Promise<TestRedis> {
  const tmp = makeTempDir('interup-redis-');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', tmp.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes'], {
      stdio: 'ignore',
    });
    await ready(port);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async (down = 500) => {
      await halt();
      await new Promise((r) => setTimeout(r, down));
      await launch();
    },
    stop: async () => {
      await halt();
      tmp.cleanup();
    },
  };
}
