// `interup preview`: a before/after PNG (source | upscaled | interpolated) to judge upscalers by eye.
import type { Command } from 'commander';
import { writePreview } from '../../pipeline/index.js';
import { scale, tile, upscaleModel, type Device, type Prefer } from '../../settings/index.js';
import { addSettings, logGivenSettings } from '../settings-options.js';
import { ENGINE_SETTINGS, LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface PreviewFlags extends LogFlags {
  input: string;
  output?: string;
  at: string;
  scale?: number;
  upscaleModel?: string;
  tile?: number;
  prefer: Prefer;
  device: Device;
  threads?: number;
  modelsDir?: string;
}

export function registerPreviewCommand(program: Command): void {
  const command = program
    .command('preview')
    .summary('a PNG montage of one moment: source | upscaled | interpolated')
    .description('Write a PNG montage of one moment: source (enlarged for display) | upscaled | interpolated halfway to the next frame.')
    .requiredOption('-i, --input <file>', 'input video file')
    .option('--at <time>', 'moment to show: hh:mm:ss, mm:ss or seconds', '00:00:03')
    .option('-o, --output <file>', 'PNG to write (default: <input>.preview.png)');
  const settings = [scale, upscaleModel, tile, ...ENGINE_SETTINGS, ...LOG_SETTINGS];
  addSettings(command, settings, {
    scale: { description: 'upscale factor 2|3|4 (default 2)' },
  });
  command.action(async (flags: PreviewFlags, self: Command) => {
    const output = flags.output ?? `${flags.input}.preview.png`;
    await runCommand(
      flags,
      async ({ out, signal }) => {
        logGivenSettings(out.logger, self, settings);
        const result = await writePreview(
          {
            input: flags.input,
            output,
            at: flags.at,
            scale: flags.scale,
            upscaleModel: flags.upscaleModel,
            tile: flags.tile,
            prefer: flags.prefer,
            device: flags.device,
            threads: flags.threads,
            modelsDir: flags.modelsDir,
          },
          { logger: out.logger, signal },
        );
        out.close();
        const labels = result.labels ? 'labelled' : `NO LABELS: ${result.labelNote ?? 'unknown reason'}`;
        process.stdout.write(`${result.output}: ${result.width}x${result.height} (source | ${result.upscaler} | ${result.interpolator}, ${labels}) at ${result.seconds} s\n`);
        return 0;
      },
      () => `the preview at ${output} was not finished`,
    );
  });
}
