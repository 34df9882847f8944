// ffmpeg's version and the hardware encoders it was built with (for `doctor`).
import { runProcess } from '../process/index.js';
import { ffmpegPath } from './tools.js';

export interface FfmpegInfo {
  readonly version?: string;
  readonly hwEncoders: readonly string[];
  readonly note?: string;
}

const HW_ENCODER = /_(nvenc|qsv|vaapi|amf|videotoolbox|v4l2m2m)$/;

/** ffmpeg's version and the hardware encoders it was built with. */
export async function probeFfmpeg(): Promise<FfmpegInfo> {
  try {
    const version = (await runProcess(ffmpegPath(), ['-hide_banner', '-version'], { timeoutMs: 15_000 })).stdout.split('\n')[0];
    const encoders = (await runProcess(ffmpegPath(), ['-hide_banner', '-encoders'], { timeoutMs: 15_000 })).stdout;
    const hwEncoders = [...encoders.matchAll(/^\s*V\S*\s+(\S+)/gm)].map((m) => m[1]).filter((n) => HW_ENCODER.test(n));
    return { version: /ffmpeg version (\S+)/.exec(version)?.[1] ?? version, hwEncoders };
  } catch (error) {
    return { hwEncoders: [], note: `ffmpeg is not usable: ${(error as Error).message.split('\n')[0]}` };
  }
}
