// Flags shared by `run` and `frames`: engine choice, logging format, and the abort-on-Ctrl-C wiring.
import { Option, type Command } from 'commander';
import type { LogLevel } from '../../util/logger.js';
import { createOutput, type LogFormat, type Output } from '../output.js';

export const PREFER_CHOICES = ['auto', 'onnx', 'ncnn', 'ffmpeg', 'blend'] as const;

/** Adds --prefer, --device, --threads, --models-dir and the logging flags. */
export function addEngineAndLogFlags(command: Command): Command {
  return command
    .addOption(new Option('--prefer <engine>', 'interpolation engine; auto tries onnx → ncnn → ffmpeg → blend').choices(PREFER_CHOICES).default('auto'))
    .addOption(new Option('--device <device>', 'ONNX Runtime device for RIFE').choices(['auto', 'tensorrt', 'cuda', 'webgpu', 'cpu']).default('auto'))
    .option('--threads <n>', 'CPU threads for engines that use them', (v) => Number(v))
    .option('--models-dir <dir>', 'where model files are cached')
    .addOption(new Option('--log-format <format>', 'text (progress bar on a TTY) or json (JSON lines on stderr)').choices(['text', 'json']).default('text'))
    .addOption(new Option('--log-level <level>', 'lowest log level shown').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .option('--no-progress', 'no progress bar');
}

export interface LogFlags {
  logFormat: LogFormat;
  logLevel: LogLevel;
  progress: boolean;
}

/** Output for one command, plus an AbortSignal that fires on Ctrl-C / SIGTERM (so temp files are removed). */
export function startCommandOutput(flags: LogFlags): { out: Output; signal: AbortSignal; done: () => void } {
  const out = createOutput({ format: flags.logFormat, level: flags.logLevel, progressBar: flags.progress });
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => controller.abort(new Error(`interrupted by ${sig}`));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    out,
    signal: controller.signal,
    done: () => {
      out.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
