// `interup serve [OUTPUT…]`: the watch page on its own, for what is already on the box: finished outputs
// (their OUT.report.json) with their checks and a before/after compare, until Ctrl-C/SIGTERM.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunReport } from '../../pipeline/index.js';
import { servePort, serveHost, serveToken } from '../../settings/index.js';
import { InputError } from '../../util/index.js';
import { addSettings } from '../settings-options.js';
import { openPage } from '../serve-page.js';
import { reportError } from '../errors.js';
import { createOutput } from '../output.js';
import { LOG_SETTINGS, type LogFlags } from './common-flags.js';
import { openQueue, queueRoutes, type QueueHandle } from '../../queue/index.js';
import { feedQueue } from '../serve-queue.js';
import { addRedisFlags, targetFrom } from './queue-flags.js';

interface ServeCommandFlags extends LogFlags {
  port: number;
  host: string;
  token?: string;
  redis?: string;
  queue: string;
  insecureRedis?: boolean;
}

// The report files an argument names: OUT.report.json beside a video, the report itself, or every report in a folder.
async function reportPaths(arg: string): Promise<string[]> {
  const info = await stat(arg).catch(() => undefined);
  if (info?.isDirectory()) return (await readdir(arg)).filter((n) => n.endsWith('.report.json')).sort().map((n) => join(arg, n));
  return [arg.endsWith('.report.json') ? arg : `${arg}.report.json`];
}

async function readReport(path: string): Promise<RunReport> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunReport;
  } catch (error) {
    throw new InputError('SERVE_NO_REPORT', `${path} could not be read as a run report (${(error as Error).message}).`, {
      hint: 'Give an output video that interup run wrote (its OUT.report.json lies beside it), or a folder of them.',
    });
  }
}

export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .summary('one read-only web page for the box: finished outputs with their checks and a before/after compare')
    .description(
      'Serve the watch page on its own: each OUTPUT (a video interup run wrote, its .report.json, or a folder of them) with its ' +
        'checks (frame count, duration, A/V offset) and a before/after slider of one frame. On loopback by default; with --host ' +
        'another address it requires a token. With --redis, the queue too (batches, segments, workers, bull-board under /board). ' +
        'A running command shows the same page, live, with --serve PORT.',
    )
    .argument('[outputs...]', 'output videos, their .report.json, or folders of them');
  addSettings(command, [servePort, serveHost, serveToken, ...LOG_SETTINGS]);
  addRedisFlags(command);
  command.addHelpText('after', 'Examples:\n  interup serve out.mp4            (then open http://127.0.0.1:8080/, e.g. through ssh -L 8080:127.0.0.1:8080)\n  interup serve /data/out --host 0.0.0.0 --port 8080\n  interup serve --redis redis://127.0.0.1:6379   (the queue: the same page as interup queue dashboard)\n');
  command.action(async (outputs: string[], flags: ServeCommandFlags) => {
    // Not runCommand: Ctrl-C is how this command ends normally (exit 0), not an interruption.
    const out = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: false });
    let handle: QueueHandle | undefined;
    try {
      const reports: RunReport[] = [];
      for (const arg of outputs) for (const path of await reportPaths(arg)) reports.push(await readReport(path));
      handle = flags.redis === undefined ? undefined : await openQueue(targetFrom(flags, out.logger), flags.queue);
      const page = await openPage({ serve: flags.port, host: flags.host, token: flags.token, serveLinger: Infinity }, 'interup serve', out, handle ? [queueRoutes(handle.queue)] : []);
      if (!page) throw new Error('internal: the page did not start');
      const feed = handle && feedQueue(page.hub, handle, () => page.server.readers() > 0);
      for (const report of reports) await page.addOutput(report);
      await page.finish(false);
      await feed?.stop();
      process.exitCode = 0;
    } catch (error) {
      process.exitCode = reportError(error, flags.logFormat);
    } finally {
      await handle?.close();
      out.close();
    }
  });
}
