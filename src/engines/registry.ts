// The `--prefer` chain: which interpolation backend runs. `auto` tries them in this documented order —
// onnx (RIFE via ONNX Runtime) → ncnn (RIFE via ncnn/Vulkan) → ffmpeg (minterpolate) → blend — and logs
// which ran and why each earlier one was skipped. A named preference runs only that backend.
import type { Prefer } from '../settings/index.js';
import { InputError, InterupError } from '../util/errors.js';
import { blendFactory } from './blend.js';
import { minterpolateFactory } from './ffmpeg/minterpolate.js';
import { rifeNcnnFactory } from './ncnn/index.js';
import { rifeOnnxFactory } from './onnx/index.js';
import type { EngineContext, Interpolator, InterpolatorFactory } from './interpolator.js';

/** The --prefer values, defined once with the flag (src/settings). */
export type PreferChoice = Prefer;

/** The order `auto` tries backends in, by their --prefer name. */
export const AUTO_ORDER: readonly string[] = ['onnx', 'ncnn', 'ffmpeg', 'blend'];

/** Every interpolation backend in this build, in no particular order (AUTO_ORDER ranks them). */
export const INTERPOLATOR_FACTORIES: InterpolatorFactory[] = [rifeOnnxFactory, rifeNcnnFactory, minterpolateFactory, blendFactory];

export interface EngineAttempt {
  id: string;
  outcome: 'used' | 'skipped' | 'failed';
  reason?: string;
}

export interface SelectedInterpolator {
  engine: Interpolator;
  attempts: EngineAttempt[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Factories `prefer` allows, in the order they are tried. */
export function candidates(prefer: PreferChoice, factories: readonly InterpolatorFactory[]): InterpolatorFactory[] {
  const rank = (f: InterpolatorFactory): number => {
    const i = AUTO_ORDER.indexOf(f.prefer);
    return i < 0 ? AUTO_ORDER.length : i;
  };
  const list = prefer === 'auto' ? [...factories] : factories.filter((f) => f.prefer === prefer);
  return list.sort((a, b) => rank(a) - rank(b));
}

/** Creates the first backend that is available and starts; logs every skip with its reason. */
export async function selectInterpolator(
  prefer: PreferChoice,
  context: EngineContext,
  factories: readonly InterpolatorFactory[] = INTERPOLATOR_FACTORIES,
): Promise<SelectedInterpolator> {
  const list = candidates(prefer, factories);
  if (list.length === 0) {
    throw new InputError('ENGINE_NOT_BUILT', `No "${prefer}" interpolation engine is built into this interup.`, {
      hint: `Use --prefer auto or one of: ${[...new Set(factories.map((f) => f.prefer))].join(', ')}.`,
    });
  }
  const attempts: EngineAttempt[] = [];
  for (const factory of list) {
    const available = await factory.available(context).catch((error: unknown) => ({ ok: false as const, reason: message(error) }));
    if (!available.ok) {
      attempts.push({ id: factory.id, outcome: 'skipped', reason: available.reason });
      context.logger.info(`engine ${factory.id} skipped`, { reason: available.reason });
      continue;
    }
    try {
      const engine = await factory.create(context);
      attempts.push({ id: factory.id, outcome: 'used' });
      context.logger.info(`engine ${engine.info.id} selected`, { description: engine.info.description, device: engine.info.device, prefer });
      return { engine, attempts };
    } catch (error) {
      attempts.push({ id: factory.id, outcome: 'failed', reason: message(error) });
      context.logger.warn(`engine ${factory.id} failed to start`, { reason: message(error) });
    }
  }
  const why = attempts.map((a) => `${a.id}: ${a.reason ?? a.outcome}`).join('; ');
  throw new InterupError('ENGINE_UNAVAILABLE', `No interpolation engine could run for --prefer ${prefer} (${why}).`, {
    hint: prefer === 'auto' ? undefined : 'Try --prefer auto to fall back to another engine.',
    exitCode: prefer === 'auto' ? 1 : 2,
  });
}
