// Which ffmpeg and ffprobe binaries run: FFMPEG_PATH / FFPROBE_PATH, else the ones on PATH. Checked when a
// command starts, so a wrong path is one sentence up front instead of a spawn error in the middle of a job.
import { accessSync, constants, statSync } from 'node:fs';
import { textSetting } from './define.js';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const ffmpegPath = textSetting({
  key: 'ffmpegPath',
  env: 'FFMPEG_PATH',
  description: 'the ffmpeg binary (default: ffmpeg on PATH)',
  expected: 'the path of an executable ffmpeg',
  check: isExecutableFile,
  hint: 'Point FFMPEG_PATH at an ffmpeg binary, or unset it to use the one on PATH.',
});

export const ffprobePath = textSetting({
  key: 'ffprobePath',
  env: 'FFPROBE_PATH',
  description: 'the ffprobe binary (default: ffprobe on PATH)',
  expected: 'the path of an executable ffprobe',
  check: isExecutableFile,
  hint: 'Point FFPROBE_PATH at an ffprobe binary, or unset it to use the one on PATH.',
});
