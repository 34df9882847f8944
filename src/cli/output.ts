// How the CLI shows library events: human lines or JSON lines for logs, a bar with rate and ETA on a TTY.
import cliProgress from 'cli-progress';
import type { LogFormat } from '../settings/index.js';
import { createLogger, type Logger, type LogLevel, type LogRecord, type ProgressEvent, type ProgressListener } from '../util/index.js';

export type { LogFormat };

export interface OutputOptions {
  format: LogFormat;
  /** Lowest level shown. */
  level: LogLevel;
  /** Draw a progress bar (only when stderr is a TTY and the format is text). */
  progressBar: boolean;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Something else that sees every record and progress event (the watch page), whatever the terminal shows. */
export interface OutputTap {
  log(record: LogRecord): void;
  progress(event: ProgressEvent): void;
}

export interface Output {
  logger: Logger;
  progress: ProgressListener;
  /** Adds a tap; returns its removal. */
  attach(tap: OutputTap): () => void;
  /** Stops any bar so the terminal is clean. */
  close(): void;
}

/** Formats seconds as h:mm:ss or m:ss. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function formatFields(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    parts.push(`${k}=${typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`);
  }
  return parts.join(' ');
}

/** Sets up logging and progress for one CLI invocation. Everything goes to stderr; stdout is for results. */
export function createOutput(options: OutputOptions): Output {
  const stderr = process.stderr;
  const useBar = options.progressBar && options.format === 'text' && stderr.isTTY === true;
  const bars = new Map<string, cliProgress.SingleBar>();
  let multi: cliProgress.MultiBar | undefined;
  const taps = new Set<OutputTap>();

  const write = (line: string): void => {
    if (multi) multi.log(`${line}\n`);
    else stderr.write(`${line}\n`);
  };

  const sink = (record: LogRecord): void => {
    for (const tap of taps) tap.log(record);
    if (ORDER[record.level] < ORDER[options.level]) return;
    if (options.format === 'json') {
      write(JSON.stringify({ time: record.time, level: record.level, msg: record.msg, ...record.fields }));
    } else {
      const fields = formatFields(record.fields);
      const tag = record.level === 'info' ? '' : `${record.level.toUpperCase()} `;
      write(`${tag}${record.msg}${fields ? `  ${fields}` : ''}`);
    }
  };

  const progress = (event: ProgressEvent): void => {
    for (const tap of taps) tap.progress(event);
    if (options.format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), type: 'progress', ...event }));
      return;
    }
    if (!useBar) {
      // Plain text without a TTY: one line per event is enough (events are already throttled).
      const total = event.total === undefined ? '' : `/${event.total}`;
      write(`${event.stage} ${event.done}${total} ${event.unit} ${event.rate.toFixed(1)} ${event.unit}/s ETA ${formatDuration(event.etaSeconds)}`);
      return;
    }
    multi ??= new cliProgress.MultiBar(
      {
        format: '{stage} [{bar}] {value}/{total} {unit} | {rate} {unit}/s | ETA {etaText} | {elapsedText}',
        hideCursor: true,
        clearOnComplete: false,
        stream: stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let bar = bars.get(event.stage);
    const payload = {
      stage: event.stage.padEnd(12),
      unit: event.unit,
      rate: event.rate.toFixed(1),
      etaText: formatDuration(event.etaSeconds),
      elapsedText: formatDuration(event.elapsedSeconds),
    };
    if (!bar) {
      bar = multi.create(event.total ?? 0, event.done, payload);
      bars.set(event.stage, bar);
    }
    if (event.total !== undefined) bar.setTotal(event.total);
    bar.update(event.done, payload);
  };

  return {
    logger: createLogger(sink),
    progress,
    attach: (tap) => {
      taps.add(tap);
      return () => taps.delete(tap);
    },
    close: () => {
      multi?.stop();
      multi = undefined;
    },
  };
}
