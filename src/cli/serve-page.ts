// `--serve PORT` on a command: the watch page (src/serve) fed by the command's own output, its URL (with the
// token, once) on stderr, the finished output's checks and compare, and the page kept up --serve-linger
// seconds after the work ends.
import { compareFrames, type RunReport } from '../pipeline/index.js';
import { serve, serveHost, serveLinger, serveToken, type Setting } from '../settings/index.js';
import { startWatchServer, WatchHub, type Compare, type MountedRoutes, type OutputView, type WatchServer } from '../serve/index.js';
import { describeError, registerSecret, type Logger } from '../util/index.js';
import type { Output } from './output.js';

/** The flags that open the page on a command. */
export const SERVE_SETTINGS: readonly Setting<unknown>[] = [serve, serveHost, serveToken, serveLinger];

export interface ServeFlags {
  serve?: number;
  host?: string;
  token?: string;
  serveLinger?: number;
}

export interface Page {
  hub: WatchHub;
  server: WatchServer;
  /** Adds a finished output with its checks and a before/after frame of its middle. */
  addOutput(report: RunReport, upload?: OutputView['upload'], signal?: AbortSignal, job?: string): Promise<void>;
  /** Marks the work over, keeps the page up --serve-linger seconds (or until Ctrl-C/SIGTERM), then closes it. */
  finish(interrupted: boolean): Promise<void>;
}

/** Starts the page when --serve was given (with `mounts` beside it: the queue's bull-board); undefined otherwise. */
export async function openPage(flags: ServeFlags, title: string, out: Output, mounts: readonly MountedRoutes[] = []): Promise<Page | undefined> {
  if (flags.serve === undefined) return undefined;
  const hub = new WatchHub({ title });
  const detach = out.attach({ log: (r) => hub.log(r), progress: (e) => hub.progress(e) });
  const server = await startWatchServer({ hub, host: flags.host ?? '127.0.0.1', port: flags.serve, token: flags.token, mounts });
  announce(server, out.logger);
  return {
    hub,
    server,
    addOutput: async (report, upload, signal, job) => {
      let compare: Compare;
      try {
        compare = await compareFrames(report.input, report.output, signal);
      } catch (error) {
        compare = { error: describeError(error) };
      }
      hub.addOutput(report, { job, upload, compare });
    },
    finish: async (interrupted) => {
      detach();
      hub.finish();
      const seconds = flags.serveLinger ?? 0;
      if (!interrupted && seconds > 0) {
        out.logger.info(Number.isFinite(seconds) ? `the watch page stays up ${seconds} s (Ctrl-C ends it sooner)` : 'the watch page stays up until Ctrl-C', { url: server.base });
        await linger(seconds);
      }
      await server.close();
    },
  };
}

// The address on stderr; a generated token is printed this once and then masked in every log.
function announce(server: WatchServer, logger: Logger): void {
  if (server.token !== undefined) {
    process.stderr.write(`watch page: ${server.url}\n${server.generatedToken ? '(a token was generated: this is the only time it is shown)\n' : ''}`);
    registerSecret(server.token);
  } else process.stderr.write(`watch page: ${server.url}\n`);
  logger.info('watch page listening', { url: server.base, access: server.token === undefined ? 'open (loopback only)' : 'with the token' });
}

// Waits `seconds`, or until SIGINT/SIGTERM.
async function linger(seconds: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    const timer = Number.isFinite(seconds) ? setTimeout(done, seconds * 1000) : undefined;
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
