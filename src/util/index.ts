export { InterupError, InputError, describeError, expected } from './errors.js';
export { createLogger, silentLogger, memoryLogger, type Logger, type LogRecord, type LogLevel, type LogFields, type LogSink } from './logger.js';
export { redact, redactText, registerSecret, registerEnvSecrets } from './redact.js';
export { ProgressTracker, type ProgressEvent, type ProgressListener } from './progress.js';
export { inLanes } from './lanes.js';
export { interupTempPath, parseInterupTempName, isInterupTempName, pidAlive, type InterupTempName } from './temp-name.js';
