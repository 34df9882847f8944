// `interup doctor [--json]`: what this machine offers (runtime, providers, GPU, Vulkan, ffmpeg, models, disk).
// `interup doctor --check`: the GPU check — every provider that starts, timed and compared with the CPU.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { InputError } from '../../util/errors.js';
import { formatDoctor, formatGpuCheck, runDoctor, runGpuCheck } from '../../diagnostics/index.js';
import { reportError } from '../errors.js';
import { startCommandOutput, type LogFlags } from './common-flags.js';

interface DoctorFlags extends Omit<LogFlags, 'progress'> {
  json?: boolean;
  modelsDir?: string;
  device: string;
  check?: boolean;
  input?: string;
  out?: string;
  quick?: boolean;
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check Node, ONNX Runtime providers, GPU, Vulkan, ffmpeg encoders, model cache and disk.\n' +
        'With --check: RIFE at 1920x1080 and 640x360 and one Real-ESRGAN x2 upscale on every provider that\n' +
        'starts (tensorrt, cuda, webgpu, ncnn-vulkan, cpu): fps, largest difference from the CPU, GPU memory.',
    )
    .option('--json', 'machine-readable output')
    .option('--models-dir <dir>', 'model cache folder (env INTERUP_MODELS)')
    .option('--device <device>', 'the --device the interpolation check assumes (auto|tensorrt|cuda|webgpu|cpu)', 'auto')
    .option('--check', 'run the GPU check (minutes on a CPU; writes JSON with --out)')
    .option('--input <file>', 'with --check: the video to take real frames from')
    .option('--out <file>', 'with --check: write the report as JSON here')
    .option('--quick', 'with --check: small frames only (a smoke run)')
    .addOption(new Option('--log-format <format>', 'text or json (JSON lines on stderr)').choices(['text', 'json']).default('text'))
    .addOption(new Option('--log-level <level>', 'lowest log level shown').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .action(async (flags: DoctorFlags) => {
      if (!flags.check) {
        const report = await runDoctor({ modelsDir: flags.modelsDir, device: flags.device });
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
        return;
      }
      const { out, done } = startCommandOutput({ logFormat: flags.logFormat, logLevel: flags.logLevel, progress: false });
      try {
        if (!flags.input) throw new InputError('CHECK_INPUT', 'doctor --check needs --input: a video to take real frames from.', { hint: 'Give any video, e.g. the one you are about to process.' });
        const report = await runGpuCheck({
          input: flags.input,
          realFootage: true,
          modelsDir: flags.modelsDir,
          logger: out.logger,
          ...(flags.quick ? { sizes: [[128, 72], [64, 36]] as const, frames: 2, upscaleSize: [64, 36] as const } : {}),
        });
        done();
        if (flags.out) writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatGpuCheck(report));
      } catch (error) {
        done();
        process.exitCode = reportError(error, flags.logFormat);
      }
    });
}
