// ffmpeg's motion-compensated `minterpolate` filter as an engine. It is a whole-stream filter, so it
// differs from the pair engines: the pipeline hands it the whole decode (ffmpeg decodes, filters to the
// output rate with its own timing and scene detection, and the pipeline reads finished output frames),
// while `interpolate(a, b, t)` — for frame-folder mode — runs a short ffmpeg over just the two frames.
// No padding is needed: ffmpeg handles any size.
import { Q, cropFrame, padFrameTo, type Frame, type Rational } from '../../frames/index.js';
import { filterFrames, runFilterHelp } from '../../media/index.js';
import type { EngineContext, Interpolator, InterpolatorFactory } from '../interpolator.js';

/** An interpolator that can also produce the whole output stream as one ffmpeg filter. */
export interface StreamFilterInterpolator extends Interpolator {
  /** The ffmpeg filter turning the source stream into `fps` frames (scene-cut detection on or off). */
  streamFilter(fps: Rational, options: { sceneDetect: boolean; sceneThreshold?: number; width: number; height: number }): string;
}

/** True when `engine` runs as a whole-stream filter. */
export function isStreamFilter(engine: Interpolator): engine is StreamFilterInterpolator {
  return typeof (engine as Partial<StreamFilterInterpolator>).streamFilter === 'function';
}

const BASE = 'mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1';
const MIN_SIZE = 32;

/** Simplest p/q ≈ t with q ≤ maxDen (smallest q wins ties), so the filter's output grid hits t. */
export function approximate(t: number, maxDen: number): { p: number; q: number } {
  let best = { p: Math.round(t), q: 1 };
  for (let q = 2; q <= maxDen; q++) {
    const p = Math.round(t * q);
    if (Math.abs(p / q - t) < Math.abs(best.p / best.q - t) - 1e-12) best = { p, q };
  }
  return best;
}

class MinterpolateEngine implements StreamFilterInterpolator {
  readonly info = { id: 'minterpolate', description: `ffmpeg minterpolate (${BASE}), CPU`, device: 'cpu' };
  readonly maxConcurrency = 2;

  streamFilter(fps: Rational, options: { sceneDetect: boolean; sceneThreshold?: number; width: number; height: number }): string {
    // minterpolate detects cuts itself (scd=fdiff: mean frame difference in percent, default 10). Its score
    // is not our block-match score, so only an explicit --scene-threshold x is passed on, as x·100.
    const scd = !options.sceneDetect
      ? 'scd=none'
      : options.sceneThreshold === undefined
        ? 'scd=fdiff'
        : `scd=fdiff:scd_threshold=${(options.sceneThreshold * 100).toFixed(1)}`;
    const filter = `minterpolate=fps=${Q.toString(fps)}:${BASE}:${scd}`;
    const { width, height } = options;
    if (width >= MIN_SIZE && height >= MIN_SIZE) return filter;
    // Tiny frames: pad (edge-replicated sizes computed here, not as ffmpeg expressions) and crop back.
    return `pad=${Math.max(width, MIN_SIZE)}:${Math.max(height, MIN_SIZE)}:0:0,${filter},crop=${width}:${height}:0:0`;
  }

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal): Promise<Frame> {
    // Frames a, b at times 0 and 1; an output grid of step p/q puts output frame 1 exactly at t ≈ p/q.
    const { p, q } = approximate(t, 64);
    if (p === 0) return a;
    if (p === q) return b;
    // minterpolate refuses frames under 32 px: pad inside the engine, crop back.
    const w = Math.max(a.width, MIN_SIZE);
    const h = Math.max(a.height, MIN_SIZE);
    const pb = padFrameTo(b, w, h);
    // minterpolate emits nothing for a lone pair; a repeated last frame lets it finish the interval.
    const out = await filterFrames([padFrameTo(a, w, h), pb, pb], { rate: '1', filter: `minterpolate=fps=${q}/${p}:${BASE}:scd=none`, maxFrames: 2, signal });
    if (out.length < 2) throw new Error(`minterpolate returned ${out.length} frames for one pair`);
    return cropFrame(out[1], a.width, a.height);
  }

  async dispose(): Promise<void> {
    // Each call's ffmpeg has already exited.
  }
}

/** Available when ffmpeg runs and has the minterpolate filter. */
export const minterpolateFactory: InterpolatorFactory = {
  id: 'minterpolate',
  prefer: 'ffmpeg',
  async available(context: EngineContext) {
    if (context.frameFormat === 'rgb48le') return { ok: false, reason: 'minterpolate works on 8-bit YUV and would cut this deeper-than-8-bit input to 8 bits' };
    if (!(await runFilterHelp('minterpolate'))) return { ok: false, reason: 'ffmpeg with the minterpolate filter was not found' };
    return { ok: true };
  },
  create: () => Promise.resolve(new MinterpolateEngine()),
};
