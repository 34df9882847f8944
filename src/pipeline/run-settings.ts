// The settings of one run with every default filled in and every combination checked, before any work
// starts: processVideo's public options become this, and the internal pipeline requires every field.
import { DEFAULT_SCENE_THRESHOLD, type Rational } from '../frames/index.js';
import { parseTargetFps } from '../timeline/index.js';
import { InputError } from '../util/index.js';
import type { Dedup, Deinterlace } from '../settings/index.js';
import type { Mode, Prefer, ProcessOptions } from './types.js';
import { upscaleSettings, type UpscaleSettings } from './upscale-stage.js';

/** Default scene-cut threshold (0..1), calibrated on real footage in frames/scene.ts. */
export { DEFAULT_SCENE_THRESHOLD } from '../frames/index.js';

export interface SceneSettings {
  enabled: boolean;
  /** Score (0..1) above which a pair is a cut. */
  threshold: number;
  /** The threshold the user gave, if any (minterpolate has its own default otherwise). */
  given: number | undefined;
}

/** Every field required: what internalProcessVideo runs with. */
export interface RunSettings {
  input: string;
  output: string;
  mode: Mode;
  /** The output rate asked for, or undefined to multiply the source rate by `factor`. */
  targetFps: Rational | undefined;
  factor: number;
  prefer: Prefer;
  /** An ffmpeg encoder name, or undefined for NVENC when usable, else libx264. */
  encoder: string | undefined;
  crf: number | undefined;
  scene: SceneSettings;
  /** Repeated frames: off, on or auto, and the longest repeat that is still animation, in seconds. */
  dedup: { mode: Dedup; maxHold: number };
  /** Undefined for mode interp. */
  upscale: UpscaleSettings | undefined;
  device: string | undefined;
  threads: number | undefined;
  modelsDir: string | undefined;
  /** Output pixel format asked for (--pix-fmt), or undefined to keep the source's depth and chroma where the encoder can. */
  pixFmt: string | undefined;
  /** How a size the encoder refuses is fixed (--size-fit), or undefined for the default (pad). */
  sizeFit: 'pad' | 'crop' | undefined;
  /** --deinterlace, or undefined for auto. */
  deinterlace: Deinterlace | undefined;
  /** The options as given (the upscale stage reads its engine settings from them). */
  options: ProcessOptions;
}

/** Checks option combinations and fills defaults; throws InputError for anything wrong. */
export function resolveRunSettings(options: ProcessOptions): RunSettings {
  if (options.mode === 'upscale' && (options.targetFps !== undefined || options.factor !== undefined)) {
    throw new InputError('FPS_WITH_UPSCALE', '--mode upscale keeps the frame rate; --target-fps and --factor need --mode interp or both.');
  }
  if (options.targetFps !== undefined && options.factor !== undefined) {
    throw new InputError('FPS_CONFLICT', 'Give either --target-fps or --factor, not both.');
  }
  const crf = options.crf;
  if (crf !== undefined && !(Number.isFinite(crf) && crf >= 0 && crf <= 63)) {
    throw new InputError('CRF_INVALID', `--crf must be a number from 0 to 63, not ${crf}.`, { hint: 'Lower is better quality; 18 is visually lossless for x264.' });
  }
  const t = options.sceneThreshold;
  if (t !== undefined && !(Number.isFinite(t) && t > 0 && t <= 1)) {
    throw new InputError('SCENE_THRESHOLD_INVALID', `--scene-threshold must be a number in (0, 1], not ${t}.`);
  }
  const hold = options.dedupMaxHold;
  if (hold !== undefined && !(Number.isFinite(hold) && hold > 0 && hold <= 10)) {
    throw new InputError('DEDUP_MAX_HOLD_INVALID', `--dedup-max-hold must be a number of seconds greater than 0 and at most 10, not ${hold}.`, { hint: 'The default, 0.5, keeps animation on twos to eights and treats longer repeats as holds.' });
  }
  const targetFps = options.targetFps === undefined ? undefined : parseTargetFps(options.targetFps);
  const upscale = upscaleSettings(options);
  return {
    input: options.input,
    output: options.output,
    mode: options.mode,
    targetFps,
    factor: options.factor ?? 2,
    prefer: options.prefer,
    encoder: options.encoder,
    crf,
    scene: { enabled: options.sceneDetect ?? true, threshold: t ?? DEFAULT_SCENE_THRESHOLD, given: t },
    dedup: { mode: options.dedup ?? 'off', maxHold: options.dedupMaxHold ?? 0.5 },
    upscale,
    device: options.device,
    threads: options.threads,
    modelsDir: options.modelsDir,
    pixFmt: options.pixFmt,
    sizeFit: options.sizeFit,
    deinterlace: options.deinterlace,
    options,
  };
}
