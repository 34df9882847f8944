// A real redis-server (Debian's) for one test file: a free loopback port, a temporary folder, AOF on so a
// restart keeps the queue (as docs/queue.md advises), ready when it says so, stopped afterwards. restart()
// stops it (SIGTERM) and starts it again on the same port with the same data.
import { createServer } from 'node:net';
import { spawnProcess, type SpawnedProcess } from '../../src/process/index.js';
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

/** Starts redis-server and resolves once it says it accepts connections (its own log line, not a poll);
 *  rejects with what it printed if it exits first (e.g. the port was taken in the meantime). */
async function launchRedis(port: number, dir: string, password?: string): Promise<SpawnedProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes'];
  if (password !== undefined) args.push('--requirepass', password);
  const proc = spawnProcess('redis-server', args, { stdout: 'pipe' });
  const stdout = proc.stdout;
  if (!stdout) throw new Error('redis-server has no stdout');
  let said = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      said = (said + chunk.toString()).slice(-8192);
      if (said.includes('Ready to accept connections')) {
        // Keep draining its log so a full pipe never blocks it.
        stdout.off('data', onData);
        stdout.resume();
        resolve();
      }
    };
    stdout.on('data', onData);
    proc.done.then(
      () => reject(new Error(`redis-server exited before it was ready:\n${said}`)),
      (error: unknown) => reject(new Error(`redis-server failed before it was ready:\n${said}`, { cause: error })),
    );
  });
  return proc;
}

/** `password`: Redis requires it (the url then carries it, as a user's would). */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const tmp = makeTempDir('interup-redis-');
  const port = await freePort();
  let child: SpawnedProcess | undefined;
  const launch = async (): Promise<void> => {
    child = await launchRedis(port, tmp.dir, options.password);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c) return;
    c.kill();
    await c.done.catch(() => undefined);
  };
  await launch();
  return {
    url: options.password === undefined ? `redis://127.0.0.1:${port}` : `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}`,
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
