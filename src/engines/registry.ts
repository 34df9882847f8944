// The `--prefer` chain: which interpolation backend runs. `auto` tries them in this documented order —
// onnx (RIFE via ONNX Runtime) → ncnn (RIFE via ncnn/Vulkan) → ffmpeg (minterpolate) → blend — and logs
// which ran and why each earlier one was skipped. A named preference runs only that backend. The settings
// (--threads, --device, INFERENCE_PAD) are checked first: a wrong one is exit 2, never a skip.
import type { Prefer } from '../settings/index.js';
import { blendFactory } from './blend.js';
import { minterpolateFactory } from './ffmpeg/minterpolate.js';
import { rifeNcnnFactory } from './ncnn/index.js';
import { rifeOnnxFactory } from './onnx/index.js';
import type { EngineContext, Interpolator, InterpolatorFactory } from './interpolator.js';
import { ordered, selectFirst, type EngineAttempt } from './select.js';
import { checkEngineSettings } from './settings.js';

export type { EngineAttempt } from './select.js';

/** The --prefer values, defined once with the flag (src/settings). */
export type PreferChoice = Prefer;

/** The order `auto` tries backends in, by their --prefer name. */
export const AUTO_ORDER: readonly string[] = ['onnx', 'ncnn', 'ffmpeg', 'blend'];

/** Every interpolation backend in this build, in no particular order (AUTO_ORDER ranks them). */
export const INTERPOLATOR_FACTORIES: InterpolatorFactory[] = [rifeOnnxFactory, rifeNcnnFactory, minterpolateFactory, blendFactory];

export interface SelectedInterpolator {
  engine: Interpolator;
  attempts: EngineAttempt[];
}

/** Factories `prefer` allows, in the order they are tried. */
export function candidates(prefer: PreferChoice, factories: readonly InterpolatorFactory[]): InterpolatorFactory[] {
  return ordered(prefer, factories, AUTO_ORDER);
}

/** Creates the first backend that is available and starts; logs every skip with its reason. */
export async function selectInterpolator(
  prefer: PreferChoice,
  context: EngineContext,
  factories: readonly InterpolatorFactory[] = INTERPOLATOR_FACTORIES,
): Promise<SelectedInterpolator> {
  checkEngineSettings(context, { pad: true });
  return selectFirst({
    kind: 'interpolation engine',
    label: 'engine',
    code: 'ENGINE',
    prefer,
    context,
    candidates: factories,
    order: AUTO_ORDER,
    autoHint: 'another engine',
  });
}
