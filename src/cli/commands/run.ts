// `interup run`: interpolate one video to a target frame rate, keep its audio, prove the result.
import { Option, type Command } from 'commander';
import { processVideo } from '../../pipeline/index.js';
import type { Mode, Prefer, ProcessOptions } from '../../pipeline/index.js';
import { reportError } from '../errors.js';
import { addEngineAndLogFlags, startCommandOutput, type LogFlags } from './common-flags.js';

interface RunFlags extends LogFlags {
  input: string;
  output: string;
  mode: Mode;
  prefer: Prefer;
  targetFps?: string;
  factor?: string;
  encoder?: string;
  crf?: string;
  sceneDetect: boolean;
  sceneThreshold?: string;
  scale?: string;
  upscaleModel?: string;
  tile?: string;
  device?: string;
  threads?: number;
  modelsDir?: string;
}

/** Number from a flag, or undefined; NaN passes through for the library to reject with its message. */
function num(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description(
      'Interpolate a video to a new frame rate (streamed: no frame files), copy its audio and subtitles,\n' +
        'then probe the result (frame count, duration, A/V offset) and write <output>.report.json.',
    )
    .requiredOption('-i, --input <file>', 'input video file')
    .requiredOption('-o, --output <file>', 'output video file (.mp4, .mkv, .mov); written to a temp name, renamed on success')
    .addOption(new Option('--mode <mode>', 'interp (frame rate), upscale (size, same frames), or both in one pass').choices(['interp', 'upscale', 'both']).default('interp'))
    .option('--target-fps <fps>', 'output frame rate: 70, 59.94 or 60000/1001 (default 70 unless --factor)')
    .option('--factor <n>', "multiply the source frame rate instead (the old wrapper's FACTOR)")
    .option('--encoder <name>', 'any ffmpeg video encoder (libx264, libx265, ffv1, h264_nvenc …); default NVENC if usable, else libx264')
    .option('--crf <n>', 'quality for CRF-style encoders (lower is better; x264 default 18)')
    .option('--no-scene-detect', 'interpolate across scene cuts too (default: repeat the nearer frame at a cut)')
    .option('--scene-threshold <x>', 'scene-cut threshold 0..1 (default 0.25; handheld motion scores < 0.1, cuts > 0.45)')
    .option('--scale <n>', 'upscale factor 2|3|4 (mode upscale|both; default 2)')
    .option('--upscale-model <name>', 'realesr-animevideov3 (fast, x2/x3/x4; default) or realesrgan-x4plus (heavy, x4)')
    .option('--tile <px>', 'upscaling tile size in pixels; default: sized from the memory available');
  addEngineAndLogFlags(command);
  command.addHelpText(
    'after',
    '\nExamples:\n  interup run --input in.mp4 --output out.mp4 --mode interp --prefer auto --target-fps 70\n' +
      '  interup run -i clip.mov -o clip60.mkv --factor 2 --encoder ffv1 --log-format json\n' +
      '  interup run -i old.mp4 -o old-x2.mp4 --mode upscale --scale 2\n' +
      '  interup run -i old.mp4 -o old-60-x4.mp4 --mode both --target-fps 60 --scale 4 --upscale-model realesrgan-x4plus\n' +
      '\nEnvironment: FFMPEG_PATH / FFPROBE_PATH choose the ffmpeg binaries; INFERENCE_PAD (32|64) the RIFE padding.\n',
  );
  command.action(async (flags: RunFlags) => {
    const { out, signal, done } = startCommandOutput(flags);
    const options: ProcessOptions = {
      input: flags.input,
      output: flags.output,
      mode: flags.mode,
      prefer: flags.prefer,
      targetFps: flags.targetFps ?? (flags.factor === undefined && flags.mode !== 'upscale' ? '70' : undefined),
      factor: num(flags.factor),
      encoder: flags.encoder,
      crf: num(flags.crf),
      sceneDetect: flags.sceneDetect,
      sceneThreshold: num(flags.sceneThreshold),
      scale: num(flags.scale),
      upscaleModel: flags.upscaleModel,
      tile: num(flags.tile),
      device: flags.device,
      threads: flags.threads,
      modelsDir: flags.modelsDir,
    };
    try {
      const report = await processVideo(options, { logger: out.logger, onProgress: out.progress, signal });
      done();
      if (flags.logFormat === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        process.stdout.write(
          `${report.output}: ${report.framesOut} frames at ${report.fpsOut} fps (${[report.engines.interpolate, report.engines.upscale].filter(Boolean).join(' + ')}, ${report.encoder}), ` +
            `${report.wallSeconds.toFixed(1)} s, ${report.averageFps.toFixed(1)} fps; report ${report.output}.report.json\n`,
        );
      }
    } catch (error) {
      done();
      process.exitCode = reportError(error, flags.logFormat);
    }
  });
}
