export { InterupError, InputError, describeError, expected } from './errors.js';
export { createLogger, silentLogger, memoryLogger, type Logger, type LogRecord, type LogLevel, type LogFields, type LogSink } from './logger.js';
export { redact, redactText, registerSecret, registerEnvSecrets } from './redact.js';
export { ProgressTracker, type ProgressEvent, type ProgressListener } from './progress.js';
export { inLanes } from './lanes.js';
export { withCleanup, runCleanup, CleanupError, type CleanupStep } from './cleanup.js';
export { digestFile, sha256File, type DigestOptions } from './file-digest.js';
export { sleep } from './sleep.js';
export { retry, backoffDelay, type RetryOptions } from './retry.js';
