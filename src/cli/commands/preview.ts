// `interup preview`: a before/after PNG (source | upscaled | interpolated) to judge upscalers by eye.
import { Option, type Command } from 'commander';
import { writePreview } from '../../pipeline/preview.js';
import type { PreferChoice } from '../../engines/registry.js';
import { reportError } from '../errors.js';
import { PREFER_CHOICES, startCommandOutput, type LogFlags } from './common-flags.js';

interface PreviewFlags extends LogFlags {
  input: string;
  output?: string;
  at: string;
  scale?: string;
  upscaleModel?: string;
  tile?: string;
  prefer: PreferChoice;
  device?: string;
  threads?: number;
  modelsDir?: string;
}

export function registerPreviewCommand(program: Command): void {
  program
    .command('preview')
    .description('Write a PNG montage of one moment: source (pixels enlarged) | upscaled | interpolated halfway to the next frame.')
    .requiredOption('-i, --input <file>', 'input video file')
    .option('--at <time>', 'moment to show: hh:mm:ss, mm:ss or seconds', '00:00:03')
    .option('-o, --output <file>', 'PNG to write (default: <input>.preview.png)')
    .option('--scale <n>', 'upscale factor 2|3|4 (default 2)')
    .option('--upscale-model <name>', 'realesr-animevideov3 (default) or realesrgan-x4plus')
    .option('--tile <px>', 'upscaling tile size; default from the memory available')
    .addOption(new Option('--prefer <engine>', 'engines to use; auto tries the models first').choices(PREFER_CHOICES).default('auto'))
    .addOption(new Option('--device <device>', 'ONNX Runtime device').choices(['auto', 'tensorrt', 'cuda', 'webgpu', 'cpu']).default('auto'))
    .option('--threads <n>', 'CPU threads', (v) => Number(v))
    .option('--models-dir <dir>', 'where model files are cached')
    .addOption(new Option('--log-format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addOption(new Option('--log-level <level>', 'lowest log level shown').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .option('--no-progress', 'no progress bar')
    .action(async (flags: PreviewFlags) => {
      const { out, signal, done } = startCommandOutput(flags);
      try {
        const result = await writePreview(
          {
            input: flags.input,
            output: flags.output ?? `${flags.input}.preview.png`,
            at: flags.at,
            scale: flags.scale === undefined ? undefined : Number(flags.scale),
            upscaleModel: flags.upscaleModel,
            tile: flags.tile === undefined ? undefined : Number(flags.tile),
            prefer: flags.prefer,
            device: flags.device,
            threads: flags.threads,
            modelsDir: flags.modelsDir,
          },
          { logger: out.logger, signal },
        );
        done();
        process.stdout.write(`${result.output}: ${result.width}x${result.height} (source | ${result.upscaler} | ${result.interpolator}) at ${result.seconds} s\n`);
      } catch (error) {
        done();
        process.exitCode = reportError(error, flags.logFormat);
      }
    });
}
