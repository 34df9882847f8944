// The interup command line: a thin layer of commander commands over the library.
import { registerEnvSecrets } from '../util/index.js';
import { quietClosedStdout, quietSdkNodeNotice } from './node-runtime.js';
import { buildProgram, exitFor } from './program.js';

registerEnvSecrets();
quietSdkNodeNotice();
quietClosedStdout();

const program = buildProgram();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitFor(error, program, process.argv.slice(2));
}
