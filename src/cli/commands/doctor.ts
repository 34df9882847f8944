// `interup doctor [--json]`: what this machine offers (runtime, providers, GPU, Vulkan, ffmpeg, models, disk).
// `interup doctor --check`: the GPU check — every provider that starts, timed and compared with the CPU.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatDoctor, formatGpuCheck, runDoctor, runGpuCheck } from '../../diagnostics/index.js';
import { device, logFormat, logLevel, modelsDir, type Device } from '../../settings/index.js';
import { InputError } from '../../util/index.js';
import { addSettings } from '../settings-options.js';
import { runCommand, type LogFlags } from './common-flags.js';

interface DoctorFlags extends Omit<LogFlags, 'progress'> {
  json?: boolean;
  modelsDir?: string;
  device: Device;
  check?: boolean;
  input?: string;
  out?: string;
  quick?: boolean;
}

export function registerDoctorCommand(program: Command): void {
  const command = program
    .command('doctor')
    .summary('check the runtime, providers, GPU, ffmpeg, models and disk (--check: the GPU check)')
    .description(
      'Check Node, ONNX Runtime providers (each present or not, and why), GPU, Vulkan, ffmpeg encoders, model cache and disk. ' +
        'With --check: RIFE at 1920x1080 and 640x360 and one Real-ESRGAN x2 upscale on every provider that starts ' +
        '(tensorrt, cuda, webgpu, ncnn-vulkan, cpu): fps, largest difference from the CPU, GPU memory; a table and JSON.',
    )
    .option('--json', 'machine-readable output')
    .option('--check', 'run the GPU check (minutes on a CPU)')
    .option('--input <file>', 'with --check: the video to take real frames from')
    .option('--out <file>', 'with --check: also write the report as JSON here')
    .option('--quick', 'with --check: small frames, fp32 only (a smoke run)');
  addSettings(command, [modelsDir, device, logFormat, logLevel]);
  command.action(async (flags: DoctorFlags) => {
    if (!flags.check) {
      const report = await runDoctor({ modelsDir: flags.modelsDir, device: flags.device });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
      return;
    }
    await runCommand(
      { logFormat: flags.logFormat, logLevel: flags.logLevel, progress: false },
      async ({ out }) => {
        if (!flags.input) throw new InputError('CHECK_INPUT', 'doctor --check needs --input: a video to take real frames from.', { hint: 'Give any video, e.g. the one you are about to process.' });
        const report = await runGpuCheck({
          input: flags.input,
          realFootage: true,
          modelsDir: flags.modelsDir,
          logger: out.logger,
          ...(flags.quick ? { sizes: [[128, 72], [64, 36]] as const, frames: 2, upscaleSize: [64, 36] as const, fp16: false } : {}),
        });
        out.close();
        if (flags.out) writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatGpuCheck(report));
        return 0;
      },
      () => 'the check wrote nothing',
    );
  });
}
