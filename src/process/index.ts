export { spawnProcess, runProcess, canRun, type SpawnOptions, type SpawnedProcess, type RunResult } from './spawn.js';
export { ProcessError, formatCommand, type ProcessFailure } from './process-error.js';
export { TailBuffer } from './tail-buffer.js';
export { commandLineOf, startDetached, type DetachedOptions } from './detached.js';
