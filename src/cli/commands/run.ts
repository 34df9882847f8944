// `interup run`: interpolate one video to a target frame rate, keep its audio, prove the result.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { keptCheckpoints, processVideo, type ProcessOptions } from '../../pipeline/index.js';
import { checkpointSeconds, crf, dedup, dedupMaxHold, deinterlace, encoder, factor, mode, pixFmt, scale, sceneDetect, sceneThreshold, sizeFit, targetFps, tile, upscaleModel, resume, type Dedup, type Deinterlace, type Device, type Mode, type Prefer } from '../../settings/index.js';
import { addSettings, logGivenSettings } from '../settings-options.js';
import { openPage, SERVE_SETTINGS, type Page, type ServeFlags } from '../serve-page.js';
import { ENGINE_SETTINGS, LOG_SETTINGS, runCommand, type LogFlags } from './common-flags.js';

interface RunFlags extends LogFlags, ServeFlags {
  input: string;
  output: string;
  mode: Mode;
  prefer: Prefer;
  targetFps?: string;
  factor?: number;
  encoder?: string;
  crf?: number;
  pixFmt?: string;
  sizeFit: 'pad' | 'crop';
  deinterlace: Deinterlace;
  sceneDetect: boolean;
  sceneThreshold?: number;
  dedup: Dedup;
  dedupMaxHold: number;
  scale?: number;
  upscaleModel?: string;
  tile?: number;
  device: Device;
  threads?: number;
  modelsDir?: string;
  checkpointSeconds?: number;
  resume: boolean;
}

/** The library's options for these flags: 70 fps unless --factor or --mode upscale says otherwise. */
export function runOptions(flags: RunFlags): ProcessOptions {
  return {
    input: flags.input,
    output: flags.output,
    mode: flags.mode,
    prefer: flags.prefer,
    targetFps: flags.targetFps ?? (flags.factor === undefined && flags.mode !== 'upscale' ? '70' : undefined),
    factor: flags.factor,
    encoder: flags.encoder,
    crf: flags.crf,
    pixFmt: flags.pixFmt,
    sizeFit: flags.sizeFit,
    deinterlace: flags.deinterlace,
    sceneDetect: flags.sceneDetect,
    sceneThreshold: flags.sceneThreshold,
    dedup: flags.dedup,
    dedupMaxHold: flags.dedupMaxHold,
    scale: flags.scale,
    upscaleModel: flags.upscaleModel,
    tile: flags.tile,
    device: flags.device,
    threads: flags.threads,
    modelsDir: flags.modelsDir,
    checkpointSeconds: flags.checkpointSeconds,
    resume: flags.resume,
  };
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .summary('interpolate (and/or upscale) one video, keep its audio, prove the result')
    .description(
      'Interpolate a video to a new frame rate (streamed: no frame files), copy its audio and subtitles, ' +
        'then probe the result (frame count, duration, A/V offset) and write <output>.report.json.',
    )
    .requiredOption('-i, --input <file>', 'input video file')
    .requiredOption('-o, --output <file|dir/>', 'output video file (.mp4, .mkv, .mov; .webm gets VP9), or a folder: <input>.<fps>fps[.<scale>x].<ext> inside it; written to a temp name, renamed on success');
  const settings = [mode, targetFps, factor, encoder, crf, pixFmt, sizeFit, deinterlace, sceneDetect, sceneThreshold, dedup, dedupMaxHold, scale, upscaleModel, tile, checkpointSeconds, resume, ...ENGINE_SETTINGS, ...LOG_SETTINGS, ...SERVE_SETTINGS];
  addSettings(command, settings);
  command.addHelpText(
    'after',
    'Examples:\n  interup run --input in.mp4 --output out.mp4 --mode interp --prefer auto --target-fps 70\n' +
      '  interup run -i clip.mov -o clip60.mkv --factor 2 --encoder ffv1 --log-format json\n' +
      '  interup run -i old.mp4 -o old-x2.mp4 --mode upscale --scale 2\n' +
      '  interup run -i old.mp4 -o old-60-x4.mp4 --mode both --target-fps 60 --scale 4 --upscale-model realesrgan-x4plus\n' +
      '  interup run -i in.mp4 -o out.mp4 --serve 8080   (then open http://127.0.0.1:8080/, e.g. through ssh -L 8080:127.0.0.1:8080)\n',
  );
  command.action(async (flags: RunFlags, self: Command) => {
    // A folder given as --output is reported by the file written inside it.
    const existed = existsSync(flags.output) && !statSync(flags.output).isDirectory();
    let page: Page | undefined;
    await runCommand(
      flags,
      async ({ out, signal }) => {
        logGivenSettings(out.logger, self, settings);
        page = await openPage(flags, 'interup run', out);
        let report;
        try {
          report = await processVideo(runOptions(flags), { logger: out.logger, onProgress: out.progress, signal, frameTap: page?.hub.frameTap() });
        } catch (error) {
          page?.hub.jobEnded('run', error instanceof Error ? error.message : String(error));
          throw error;
        }
        page?.hub.jobEnded('run');
        out.close();
        if (flags.logFormat === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          process.stdout.write(
            `${report.output}: ${report.framesOut} frames at ${report.fpsOut} fps (${[report.engines.interpolate, report.engines.upscale].filter(Boolean).join(' + ')}, ${report.encoder}), ` +
              `${report.wallSeconds.toFixed(1)} s, ${report.averageFps.toFixed(1)} fps; report ${report.output}.report.json\n`,
          );
        }
        await page?.addOutput(report, undefined, signal);
        return 0;
      },
      async () => {
        const kept = await keptCheckpoints(flags.output);
        const output = existed ? `${flags.output} was left as it was` : existsSync(flags.output) ? `${flags.output} exists` : `nothing left at ${flags.output}`;
        return kept ? `${output}; checkpoints kept in ${kept}: run the same command again to resume` : output;
      },
    );
    // After Ctrl-C/SIGTERM (exit 130/143) the page closes at once.
    await page?.finish(process.exitCode === 130 || process.exitCode === 143);
  });
}
