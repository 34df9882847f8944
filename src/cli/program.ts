// The interup command tree (commander), built without parsing anything: main.ts runs it, the tests read
// its help texts.
import { Command } from 'commander';
import { formatUsageError, reportError } from './errors.js';
import { registerBatchCommand } from './commands/batch.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerFramesCommand } from './commands/frames.js';
import { registerModelsCommand } from './commands/models.js';
import { registerMonitorCommand } from './commands/monitor.js';
import { registerPreviewCommand } from './commands/preview.js';
import { registerQueueCommand } from './commands/queue.js';
import { registerRunCommand } from './commands/run.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUploadCommand } from './commands/upload.js';
import { VERSION } from './version.js';

/**
 * Every command with its flags. Help style, checked by test/cli/messages.test.ts: a command's one-line
 * summary and each flag's description start in lower case and end without a full stop (as commander's own
 * "display help for command"); a command's long description is sentences.
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('interup')
    .description(
      'Make videos smoother (RIFE frame interpolation to any fps) and sharper (Real-ESRGAN upscaling), ' +
        'upload the result to B2/S3, verify it, and stop the rented box. `interup COMMAND --help` explains each command.',
    )
    .version(VERSION)
    // commander's usage errors are printed by main.ts in interup's own style (and exit 2).
    .configureOutput({ outputError: () => undefined })
    .exitOverride();

  registerRunCommand(program);
  registerFramesCommand(program);
  registerModelsCommand(program);
  registerDoctorCommand(program);
  registerBatchCommand(program);
  registerUploadCommand(program);
  registerMonitorCommand(program);
  registerPreviewCommand(program);
  registerQueueCommand(program);
  registerServeCommand(program);
  registerDemoCommand(program);
  return program;
}

/** The command a person typed, as far as it names commands ('interup queue submit'), for the help hint. */
export function commandPath(root: Command, args: readonly string[]): string {
  const names = [root.name()];
  let current = root;
  for (const arg of args) {
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) break;
    names.push(next.name());
    current = next;
  }
  return names.join(' ');
}

/**
 * What a failed parse or command ends with: help and --version were printed (exit 0); a command group typed
 * without its command ('interup queue') got its help on stderr (exit 2); commander's usage errors become
 * one line in interup's style (exit 2); anything else is reported as any error is (exit 1, 2 for input).
 */
export function exitFor(error: unknown, program: Command, args: readonly string[]): number {
  const e = error as { code?: unknown; exitCode?: unknown; message?: unknown };
  if (typeof e.code !== 'string' || !e.code.startsWith('commander.')) return reportError(error);
  if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
  if (e.code !== 'commander.help' && typeof e.message === 'string') process.stderr.write(formatUsageError(e.message, commandPath(program, args)));
  return 2;
}
