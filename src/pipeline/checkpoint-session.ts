// What a checkpointed run shares across its segments: one interpolator and one upscaler, started once
// (no model loaded per segment) and disposed once at the end, and progress counted over the whole output.
import { isStreamFilter, type EngineAttempt, type Interpolator } from '../engines/index.js';
import type { PixelFormat } from '../frames/index.js';
import type { MediaInfo } from '../media/index.js';
import type { ProgressListener } from '../util/index.js';
import { chooseInterpolator } from './choose-interpolator.js';
import type { RunSettings } from './run-settings.js';
import type { ProcessContext } from './types.js';
import { startUpscaleStage, type SessionContext, type StartUpscale, type UpscaleStage } from './upscale-stage.js';

export interface Session {
  engine: Interpolator;
  attempts: EngineAttempt[];
  /** The context each segment's run gets: the shared engine as its only candidate, the shared upscaler. */
  context(base: ProcessContext, probed?: MediaInfo): SessionContext;
  /** The upscaler, once started. */
  upscaler(): UpscaleStage | undefined;
  dispose(): Promise<void>;
}

/** A view of `engine` whose dispose does nothing: each segment's run disposes its engine, the session owns it. */
function borrowed(engine: Interpolator): Interpolator {
  return {
    info: engine.info,
    get fallbacks() {
      return engine.fallbacks;
    },
    maxConcurrency: engine.maxConcurrency,
    interpolate: (a, b, t, signal, out) => engine.interpolate(a, b, t, signal, out),
    dispose: () => Promise.resolve(),
  };
}

/** Selects the interpolator once, as a run would (upscale only: blend stands in and is never called). */
export async function startSession(settings: RunSettings, frameFormat: PixelFormat, context: ProcessContext): Promise<Session> {
  const upscaleOnly = settings.mode === 'upscale';
  const { engine, attempts } = await chooseInterpolator(settings, frameFormat, context);
  const view = borrowed(engine);
  const factory = { id: engine.info.id, prefer: upscaleOnly ? 'auto' : settings.prefer, available: () => Promise.resolve({ ok: true as const }), create: () => Promise.resolve(view) };
  let upscale: Promise<UpscaleStage> | undefined;
  let upscaler: UpscaleStage | undefined;
  const startUpscale: StartUpscale = async (...args) => {
    upscale ??= startUpscaleStage(...args);
    upscaler = await upscale;
    return { ...upscaler, dispose: () => Promise.resolve() };
  };
  return {
    engine,
    attempts,
    context: (base, probed) => ({ ...base, interpolators: [factory], startUpscale, probed }),
    upscaler: () => upscaler,
    async dispose(): Promise<void> {
      try {
        await engine.dispose();
      } finally {
        const stage = upscale ? await upscale.catch(() => undefined) : undefined;
        await stage?.dispose();
      }
    },
  };
}

/** Whether the engine filters the whole stream at once (minterpolate), which cannot be cut into segments. */
export function filtersWholeStream(engine: Interpolator, dropOnly: boolean): boolean {
  return isStreamFilter(engine) && !dropOnly;
}

/** Progress of the whole output while one segment renders: `before` frames were already finished. */
export function wholeProgress(listener: ProgressListener | undefined, total: number, before: () => number): ProgressListener | undefined {
  if (!listener) return undefined;
  return (event) => {
    if (event.stage !== 'interpolate') return listener(event);
    const done = before() + event.done;
    listener({ ...event, done, total, etaSeconds: event.rate > 0 ? (total - done) / event.rate : undefined });
  };
}

/** "40 min 12 s", "40 min", "1 h 2 min 3 s", "7.5 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return [h ? `${h} h` : '', m || h ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
}
