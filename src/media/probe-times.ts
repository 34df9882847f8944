// From checked packet times to the frame timeline the plan uses: CFR streams get ideal times i/fps (the
// declared rate when the packets agree with it), VFR streams keep their real times; a re-timed stream is
// CFR at the rate it was re-timed at. Also: which declared rate can be trusted when packets have no times.
import { Q, type Rational } from '../frames/index.js';
import { runProcess } from '../process/index.js';
import type { CheckedTimeline, PacketRow } from './timestamp-repair.js';
import { ffprobePath } from './tools.js';

export interface FrameTiming {
  frameRate: Rational;
  frameTimes: Rational[];
  vfr: boolean;
  start: Rational;
  duration: Rational;
}

/** The frame timeline of checked times (ticks of `timeBase`, sorted) or of a re-timing. */
export function checkedTimes(checked: CheckedTimeline, timeBase: Rational, rates: { rRate?: Rational; avgRate?: Rational; lastDuration: bigint }): FrameTiming {
  if (checked.retimeAt) {
    const step = Q.div(Q.rat(1n), checked.retimeAt);
    const start = checked.retimeStart ?? Q.ZERO;
    const frameTimes = Array.from({ length: checked.frames }, (_, i) => Q.add(start, Q.mul(step, Q.rat(i))));
    return { frameRate: checked.retimeAt, frameTimes, vfr: false, start, duration: Q.mul(step, Q.rat(checked.frames)) };
  }
  const pts = checked.ticks;
  const deltas: bigint[] = [];
  for (let i = 1; i < pts.length; i++) deltas.push(pts[i] - pts[i - 1]);
  const sorted = [...deltas].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = sorted.length > 0 ? sorted[sorted.length >> 1] : 0n;
  const tolerance = median / 20n > 1n ? median / 20n : 1n;
  const vfr = deltas.some((d) => (d > median ? d - median : median - d) > tolerance);
  const start = pts.length > 0 ? Q.mul(Q.rat(pts[0]), timeBase) : Q.ZERO;
  if (!vfr && pts.length > 1) {
    // CFR: prefer the declared rate when it agrees with the packets (30000/1001, not 33 ms rounded).
    // The mean step, not the median: containers with 1 ms ticks store 70 fps as 14/15 ms steps.
    const measured = Q.div(Q.rat(BigInt(pts.length - 1)), Q.mul(Q.rat(pts[pts.length - 1] - pts[0]), timeBase));
    const declared = [rates.rRate, rates.avgRate].find((r) => r && Math.abs(Q.toNumber(r) - Q.toNumber(measured)) / Q.toNumber(measured) < 0.01);
    const frameRate = declared ?? measured;
    const step = Q.div(Q.rat(1n), frameRate);
    return { frameRate, frameTimes: pts.map((_, i) => Q.add(start, Q.mul(step, Q.rat(i)))), vfr, start, duration: Q.mul(step, Q.rat(pts.length)) };
  }
  // VFR (or a single frame): real times; the last frame lasts its packet duration (else the median step).
  const frameTimes = pts.map((p) => Q.mul(Q.rat(p), timeBase));
  const fallback = rates.rRate ?? rates.avgRate ?? Q.rat(25n);
  const lastTicks = rates.lastDuration > 0n ? rates.lastDuration : median;
  const lastStep = lastTicks > 0n ? Q.mul(Q.rat(lastTicks), timeBase) : Q.div(Q.rat(1n), fallback);
  const duration = pts.length === 0 ? Q.ZERO : Q.add(Q.sub(frameTimes[frameTimes.length - 1], start), lastStep);
  return { frameRate: pts.length > 1 ? Q.div(Q.rat(pts.length), duration) : fallback, frameTimes, vfr, start, duration };
}

/**
 * The stream's declared rate (r_frame_rate). For packets without times (a raw .h264/.265 stream) ffmpeg
 * reports 25 fps when the headers declare nothing: asked again with another default, a rate that follows
 * it was never the stream's.
 */
export async function trustedRate(path: string, format: string, rRate: Rational | undefined, rows: readonly PacketRow[], signal?: AbortSignal): Promise<Rational | undefined> {
  if (!rRate || !rows.some((r) => r.pts === undefined && r.dts === undefined)) return rRate;
  if (Q.cmp(rRate, Q.rat(25n)) !== 0) return rRate;
  const { stdout } = await runProcess(ffprobePath(), ['-v', 'error', '-f', format, '-framerate', '7', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', path], { signal, timeoutMs: 60_000 });
  return stdout.trim() === '25/1' ? rRate : undefined;
}
