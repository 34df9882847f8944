// Whether a segment file left in a work folder can be reused: it opens as a whole container, and holds the
// plan's frames for its range — their number, the planned size, and its first and last timestamps where the
// plan puts them. Anything else is rendered again.
import { readFile } from 'node:fs/promises';
import { Q, type Rational } from '../frames/index.js';
import { checkMediaComplete, encodedStart, probeMedia, type SizeFit } from '../media/index.js';
import { sliceTimeline, type Timeline } from '../timeline/index.js';
import type { RunReport } from './types.js';

/** Undefined when the segment at `path` is the plan's output frames [from, to); else why not. */
export async function checkSegment(path: string, whole: Timeline, range: { from: number; to: number }, fit: SizeFit, signal?: AbortSignal): Promise<string | undefined> {
  const whole_ = await checkMediaComplete(path, signal);
  if (!whole_.complete) return whole_.reason;
  const media = await probeMedia(path, { signal });
  const video = media.video;
  if (!video) return 'has no video stream';
  const count = range.to - range.from;
  if (video.frameCount !== count) return `holds ${video.frameCount} frames, not the planned ${count}`;
  if (video.width !== fit.width || video.height !== fit.height) return `is ${video.width}x${video.height}, not the planned ${fit.width}x${fit.height}`;
  const part = sliceTimeline(whole, range.from, range.to).timeline;
  const first = encodedStart(part.start, part.fps);
  const last = Q.add(first, Q.div(Q.rat(BigInt(count - 1)), part.fps));
  const times = video.frameTimes;
  const half = Q.toNumber(part.fps) > 0 ? 0.5 / Q.toNumber(part.fps) : 0;
  const off = (a: Rational | undefined, b: Rational): boolean => a === undefined || Math.abs(Q.toNumber(a) - Q.toNumber(b)) > half;
  if (off(times[0], first)) return `starts at ${times[0] ? Q.toNumber(times[0]).toFixed(6) : '?'} s, not the planned ${Q.toNumber(first).toFixed(6)} s`;
  if (off(times.at(-1), last)) return `ends at ${Q.toNumber(times.at(-1) ?? Q.ZERO).toFixed(6)} s, not the planned ${Q.toNumber(last).toFixed(6)} s`;
  return undefined;
}

/** The report a segment's run wrote beside it (for the whole run's report), if it is there and readable. */
export async function readSegmentReport(path: string): Promise<RunReport | undefined> {
  const text = await readFile(`${path}.report.json`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as RunReport;
  } catch {
    return undefined;
  }
}
