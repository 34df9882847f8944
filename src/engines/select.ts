// One "first that can run" selection for every kind of engine (interpolators and upscalers): the
// candidates `prefer` allows, in their documented order, each asked whether it can run here and then
// started; every skip and failed start is logged with its reason and returned as an attempt. It never
// swallows the user's mistake: an InputError (a bad setting, a device that was asked for and is not
// there) or a cancellation propagates at once; only "this engine cannot run on this machine" falls
// through to the next candidate.
import { InputError, InterupError, type Logger } from '../util/index.js';
import type { EngineInfo } from './interpolator.js';

export interface EngineAttempt {
  id: string;
  outcome: 'used' | 'skipped' | 'failed';
  reason?: string;
}

/** One backend: says whether it can run here (and why not) and builds engines. */
export interface Candidate<C, E> {
  readonly id: string;
  /** The --prefer value that selects it. */
  readonly prefer: string;
  available(context: C): Promise<{ ok: true } | { ok: false; reason: string }>;
  create(context: C): Promise<E>;
}

export interface SelectOptions<C, E> {
  /** 'interpolation engine' or 'upscaler': names the kind in errors. */
  kind: string;
  /** The log lines' word for one candidate: 'engine rife-onnx skipped', 'upscaler lanczos-ffmpeg selected'. */
  label: string;
  /** Error code prefix: ENGINE → ENGINE_NOT_BUILT, ENGINE_UNAVAILABLE. */
  code: string;
  prefer: string;
  context: C & { logger: Logger; signal?: AbortSignal };
  candidates: readonly Candidate<C, E>[];
  /** --prefer values in the order auto tries them (candidates not listed go last). */
  order: readonly string[];
  /** What --prefer auto falls back to last, for the hint when a named one cannot run. */
  autoHint: string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The candidates `prefer` allows, in the order they are tried. */
export function ordered<T extends { prefer: string }>(prefer: string, candidates: readonly T[], order: readonly string[]): T[] {
  const rank = (c: T): number => {
    const i = order.indexOf(c.prefer);
    return i < 0 ? order.length : i;
  };
  const list = prefer === 'auto' ? [...candidates] : candidates.filter((c) => c.prefer === prefer);
  return list.sort((a, b) => rank(a) - rank(b));
}

// Errors no other engine can cure: the user's mistake, or the user's Ctrl-C.
function mustPropagate(error: unknown, signal: AbortSignal | undefined): boolean {
  return error instanceof InputError || signal?.aborted === true;
}

/** Creates the first candidate that is available and starts. */
export async function selectFirst<C, E extends { info: EngineInfo }>(options: SelectOptions<C, E>): Promise<{ engine: E; attempts: EngineAttempt[] }> {
  const { kind, label, code, prefer, context } = options;
  const list = ordered(prefer, options.candidates, options.order);
  if (list.length === 0) {
    throw new InputError(`${code}_NOT_BUILT`, `No "${prefer}" ${kind} is built into this interup.`, {
      hint: `Use --prefer auto or one of: ${[...new Set(options.candidates.map((c) => c.prefer))].join(', ')}.`,
    });
  }
  const attempts: EngineAttempt[] = [];
  for (const candidate of list) {
    let available: { ok: true } | { ok: false; reason: string };
    try {
      available = await candidate.available(context);
    } catch (error) {
      if (mustPropagate(error, context.signal)) throw error;
      available = { ok: false, reason: message(error) };
    }
    if (!available.ok) {
      attempts.push({ id: candidate.id, outcome: 'skipped', reason: available.reason });
      context.logger.info(`${label} ${candidate.id} skipped`, { reason: available.reason });
      continue;
    }
    try {
      const engine = await candidate.create(context);
      attempts.push({ id: candidate.id, outcome: 'used' });
      context.logger.info(`${label} ${engine.info.id} selected`, { description: engine.info.description, device: engine.info.device, prefer });
      return { engine, attempts };
    } catch (error) {
      if (mustPropagate(error, context.signal)) throw error;
      attempts.push({ id: candidate.id, outcome: 'failed', reason: message(error) });
      context.logger.warn(`${label} ${candidate.id} failed to start`, { reason: message(error) });
    }
  }
  const why = attempts.map((a) => `${a.id}: ${a.reason ?? a.outcome}`).join('; ');
  throw new InterupError(`${code}_UNAVAILABLE`, `No ${kind} could run for --prefer ${prefer} (${why}).`, {
    hint: prefer === 'auto' ? undefined : `Try --prefer auto to fall back to ${options.autoHint}.`,
    exitCode: prefer === 'auto' ? 1 : 2,
  });
}
