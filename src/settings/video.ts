// Settings of one video job: what to make (mode, rate, size) and how to encode it. The CLI's flags and the
// batch file's job fields both come from these.
import { z } from 'zod';
import { MAX_FPS, MIN_FPS, parseTargetFps } from '../timeline/index.js';
import { InputError, expected } from '../util/index.js';
import { choiceSetting, intSetting, numberSetting, settingName, switchSetting, textSetting, type Setting } from './define.js';

export const MODES = ['interp', 'upscale', 'both'] as const;
export type Mode = (typeof MODES)[number];

export const mode = choiceSetting({
  key: 'mode',
  flag: '--mode <mode>',
  description: 'interp (frame rate), upscale (size, same frames), or both in one pass',
  choices: MODES,
  default: 'interp',
});

const RATE_EXPECTED = `a frame rate from ${MIN_FPS} to ${MAX_FPS} fps (70, 59.94 or 60000/1001)`;
const RATE_HINT = `Below ${MIN_FPS} fps every frame would stay on screen for more than a second (a 1 s clip at 0.0001 fps becomes a 10000 s file); above ${MAX_FPS} fps is a typo, not a video.`;

/** A number or a ratio of numbers (60, 59.94, 60000/1001), whatever its value. */
const RATE_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(\s*\/\s*[+-]?(\d+(\.\d*)?|\.\d+))?$/;

function isRate(text: string): boolean {
  try {
    parseTargetFps(text);
    return true;
  } catch {
    return false;
  }
}

/** --target-fps: kept as the text the user wrote (the timeline parses it exactly, NTSC decimals included). */
export const targetFps: Setting<string> = {
  key: 'targetFps',
  flag: '--target-fps <fps>',
  description: `output frame rate: 70, 59.94 or 60000/1001, from ${MIN_FPS} to ${MAX_FPS} (default 70 unless --factor)`,
  expected: RATE_EXPECTED,
  parse(text: string, name?: string): string {
    if (!isRate(text)) {
      // "abc" is not a number (no range essay); "0.0001" is one, out of range (the range explained).
      const why = RATE_TEXT.test(text.trim()) ? undefined : 'is not a number';
      throw new InputError('BAD_SETTING', `${expected(RATE_EXPECTED, name ?? settingName(targetFps), text, why)}.`, why ? {} : { hint: RATE_HINT });
    }
    return text.trim();
  },
  // A number or a text in the batch file (60, 59.94, "60000/1001"); the job gets it as text.
  schema: z
    .union([z.number(), z.string()], { error: `expected ${RATE_EXPECTED}` })
    .refine((v) => isRate(String(v)), { error: (issue) => `expected ${RATE_EXPECTED}, received ${JSON.stringify(issue.input)}` })
    .transform((v) => String(v).trim()),
};

export const factor = numberSetting({
  key: 'factor',
  flag: '--factor <n>',
  description: "multiply the source frame rate instead (the old wrapper's FACTOR), up to 64",
  min: 0,
  above: true,
  max: 64,
});

export const encoder = textSetting({
  key: 'encoder',
  flag: '--encoder <name>',
  description: 'any ffmpeg video encoder the output container holds (libx264, libx265, ffv1, h264_nvenc, libvpx-vp9 …); default for .webm VP9 (AV1 NVENC if usable), else NVENC if usable, else libx264',
  expected: 'an ffmpeg encoder name',
});

export const crf = numberSetting({
  key: 'crf',
  flag: '--crf <n>',
  description: 'quality for CRF-style encoders, 0 to 63 (lower is better; x264 default 18)',
  min: 0,
  max: 63,
  hint: 'Lower is better quality; 18 is visually lossless for x264.',
});

export const sceneDetect = switchSetting({
  key: 'sceneDetect',
  flag: '--no-scene-detect',
  description: 'interpolate across scene cuts too (default: repeat the nearer frame at a cut)',
  default: true,
});

export const sceneThreshold = numberSetting({
  key: 'sceneThreshold',
  flag: '--scene-threshold <x>',
  description: 'scene-cut threshold in (0, 1]: the share of picture blocks not found again after the camera moved (default 0.35; continuous shots mostly < 0.2, cuts > 0.45)',
  min: 0,
  above: true,
  max: 1,
});

export const DEDUPS = ['auto', 'on', 'off'] as const;
export type Dedup = (typeof DEDUPS)[number];

export const dedup = choiceSetting({
  key: 'dedup',
  flag: '--dedup <when>',
  description: 'repeated frames (animation on twos/threes, 24p delivered as 30p, held screens): off (default; every frame as it comes), on (interpolate between distinct pictures re-timed to their cadence), auto (on only where repeats form a cadence or a hold)',
  choices: DEDUPS,
  default: 'off',
});

export const dedupMaxHold = numberSetting({
  key: 'dedupMaxHold',
  flag: '--dedup-max-hold <s>',
  description: 'with --dedup: a picture repeated for longer than this many seconds is a hold (kept still, the change after it morphed over one frame), not slow animation',
  min: 0,
  above: true,
  max: 10,
  default: 0.5,
  hint: 'Animation held on eights lasts 0.33 s at 24 fps; a still slide or paused game is held far longer.',
});

export const scale = intSetting({
  key: 'scale',
  flag: '--scale <n>',
  description: 'upscale factor 2|3|4 (mode upscale|both; default 2)',
  min: 2,
  max: 4,
  expected: '2, 3 or 4',
  hint: 'Upscaling works in whole factors: 2, 3 or 4.',
});

export const upscaleModel = textSetting({
  key: 'upscaleModel',
  flag: '--upscale-model <name>',
  description: 'realesr-animevideov3 (fast, x2/x3/x4; default) or realesrgan-x4plus (heavy, x4)',
  expected: 'an upscale model name',
});

export const tile = intSetting({
  key: 'tile',
  flag: '--tile <px>',
  description: 'upscaling tile size in pixels; default (or 0): sized from the memory available',
  min: 0,
  expected: 'a whole number of pixels (0 = automatic)',
});

/** `interup demo`: how much of the 30.6-s sample clip to process. */
export const demoSeconds = numberSetting({
  key: 'seconds',
  flag: '--seconds <n>',
  description: 'how many seconds of the 30.6-s sample to process',
  min: 0,
  above: true,
  max: 30,
  default: 4,
  hint: 'The sample is 30.6 s long; the default, 4, takes about a minute on a CPU.',
});

export const DEINTERLACE = ['auto', 'off', 'on'] as const;
export type Deinterlace = (typeof DEINTERLACE)[number];

export const deinterlace = choiceSetting({
  key: 'deinterlace',
  flag: '--deinterlace <when>',
  description: 'auto (when the stream says it is interlaced), off, or on; bwdif, one frame per field when the output rate reaches the field rate',
  choices: DEINTERLACE,
  default: 'auto',
});

export const pixFmt = textSetting({
  key: 'pixFmt',
  flag: '--pix-fmt <format>',
  description: "output pixel format (e.g. yuv444p keeps odd sizes and full colour); default: the source's depth and chroma where the encoder holds them",
  expected: 'an ffmpeg pixel format name',
});

export const SIZE_FITS = ['pad', 'crop'] as const;

export const sizeFit = choiceSetting({
  key: 'sizeFit',
  flag: '--size-fit <how>',
  description: 'when the encoder cannot take the frame size (odd sizes in 4:2:0): pad (repeat the edge; default) or crop',
  choices: SIZE_FITS,
  default: 'pad',
});

/** `interup frames`' FACTOR: in-between frames per pair + 1, like the old batch_rife.py. */
export const framesFactor = intSetting({
  key: 'factor',
  description: 'frame-rate multiplier, 2..64',
  min: 2,
  max: 64,
});

/** Job options that only mean something in some modes (the others apply to every mode). */
export const ONLY_IN_MODES: Readonly<Record<string, readonly Mode[]>> = {
  targetFps: ['interp', 'both'],
  factor: ['interp', 'both'],
  sceneDetect: ['interp', 'both'],
  sceneThreshold: ['interp', 'both'],
  dedup: ['interp', 'both'],
  dedupMaxHold: ['interp', 'both'],
  scale: ['upscale', 'both'],
  upscaleModel: ['upscale', 'both'],
  tile: ['upscale', 'both'],
};
