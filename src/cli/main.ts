// The interup command line: a thin layer of commander commands over the library.
import { Command } from 'commander';
import { registerEnvSecrets } from '../util/index.js';
import { reportError } from './errors.js';
import { quietSdkNodeNotice } from './node-runtime.js';
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

registerEnvSecrets();
quietSdkNodeNotice();

const program = new Command()
  .name('interup')
  .description(
    'Make videos smoother (RIFE frame interpolation to any fps) and sharper (Real-ESRGAN upscaling), ' +
      'upload the result to B2/S3, verify it, and stop the rented box. `interup COMMAND --help` explains each command.',
  )
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const e = error as { code?: unknown; exitCode?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    // commander already printed its message (help, version, or a usage error).
    process.exitCode = typeof e.exitCode === 'number' ? (e.exitCode === 1 ? 2 : e.exitCode) : 2;
  } else {
    process.exitCode = reportError(error);
  }
}
