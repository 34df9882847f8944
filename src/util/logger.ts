// Library code never prints: it hands structured records to a Logger that the CLI (or a test) supplies.
import { redact, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface LogRecord {
  time: string;
  level: LogLevel;
  msg: string;
  fields: LogFields;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record (e.g. the job id). */
  child(fields: LogFields): Logger;
}

/** Creates a logger that redacts secrets and passes each record to `sink`. */
export function createLogger(sink: LogSink, base: LogFields = {}): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    sink({ time: new Date().toISOString(), level, msg: redactText(msg), fields: redact({ ...base, ...fields }) });
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(sink, { ...base, ...fields }),
  };
}

/** A logger that drops everything (the default when a caller passes none). */
export const silentLogger: Logger = createLogger(() => undefined);

/** A logger that keeps records in memory; for tests and for reports. */
export function memoryLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return Object.assign(createLogger((r) => records.push(r)), { records });
}
