// `interup doctor [--json]`: what this machine offers (runtime, providers, GPU, Vulkan, ffmpeg, models, disk).
import type { Command } from 'commander';
import { formatDoctor, runDoctor } from '../../diagnostics/index.js';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('Check Node, ONNX Runtime providers, GPU, Vulkan, ffmpeg encoders, model cache and disk')
    .option('--json', 'machine-readable output')
    .option('--models-dir <dir>', 'model cache folder (env INTERUP_MODELS)')
    .option('--device <device>', 'the --device the interpolation check assumes (auto|tensorrt|cuda|cpu)', 'auto')
    .action(async (options: { json?: boolean; modelsDir?: string; device: string }) => {
      const report = await runDoctor({ modelsDir: options.modelsDir, device: options.device });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
    });
}
