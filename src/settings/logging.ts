// How a command shows its work: log format and level on stderr, and the progress bar.
import type { LogLevel } from '../util/index.js';
import { choiceSetting, switchSetting } from './define.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

export const logFormat = choiceSetting({
  key: 'logFormat',
  flag: '--log-format <format>',
  description: 'text (a progress bar on a terminal) or json (JSON lines on stderr)',
  choices: LOG_FORMATS,
  default: 'text',
});

export const logLevel = choiceSetting({
  key: 'logLevel',
  flag: '--log-level <level>',
  description: 'lowest log level shown',
  choices: LOG_LEVELS,
  default: 'info',
});

export const progress = switchSetting({
  key: 'progress',
  flag: '--no-progress',
  description: 'no progress bar',
  default: true,
});
