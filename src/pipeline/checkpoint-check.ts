// Whether a segment file left in a work folder can be reused. When a segment's run has verified it (frame
// count, size), its facts are recorded beside it: size in bytes, frame count, first and last timestamps. On
// resume ffprobe reads every packet of the file again (a file cut short loses its last frames) and the
// segment is reused only when it still holds the plan's frames for its range — their number, the planned
// size, timestamps one output frame apart from first to last — and the facts recorded when it was made.
// (Each encoder places a segment's first frame in its own way, B-frame delay included: the join lines them
// up, so the recorded first timestamp, not a computed one, is what a segment must still show.)
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { Q } from '../frames/index.js';
import { probeMedia, type MediaInfo, type SizeFit } from '../media/index.js';
import type { RunReport } from './types.js';

export interface SegmentFacts {
  bytes: number;
  frames: number;
  /** Seconds, as ffprobe reads them. */
  first: number;
  last: number;
}

/** A segment file's size, frame count and first and last frame times, from `probed` when the segment's run
 *  already probed it (its verification), else probed here. */
export async function segmentFacts(path: string, signal?: AbortSignal, probed?: MediaInfo): Promise<SegmentFacts & { width: number; height: number }> {
  const [info, media] = await Promise.all([stat(path), probed ?? probeMedia(path, { signal })]);
  const video = media.video;
  if (!video) throw new Error(`segment ${path} has no video stream`);
  const times = video.frameTimes.map((t) => Q.toNumber(t)).sort((a, b) => a - b);
  return { bytes: info.size, frames: video.frameCount, first: times[0] ?? NaN, last: times.at(-1) ?? NaN, width: video.width, height: video.height };
}

/** Records a freshly verified segment's facts beside it (written whole, then renamed); `probed` is the probe
 *  its verification made of the very same bytes (the file was only renamed since). */
export async function recordSegment(path: string, signal?: AbortSignal, probed?: MediaInfo): Promise<void> {
  const { width: _w, height: _h, ...facts } = await segmentFacts(path, signal, probed);
  await writeFile(`${path}.facts.tmp`, JSON.stringify(facts));
  await rename(`${path}.facts.tmp`, `${path}.facts.json`);
}

/** Undefined when the segment at `path` is still the plan's output frames [from, to); else why not. */
export async function checkSegment(path: string, fps: number, range: { from: number; to: number }, fit: SizeFit, signal?: AbortSignal): Promise<string | undefined> {
  const text = await readFile(`${path}.facts.json`, 'utf8').catch(() => undefined);
  if (text === undefined) return 'was not recorded as finished';
  const was = JSON.parse(text) as SegmentFacts;
  const now = await segmentFacts(path, signal);
  const count = range.to - range.from;
  const frame = 1 / fps;
  if (now.frames !== count) return `holds ${now.frames} frames, not the planned ${count}`;
  if (now.width !== fit.width || now.height !== fit.height) return `is ${now.width}x${now.height}, not the planned ${fit.width}x${fit.height}`;
  if (Math.abs(now.last - now.first - (count - 1) * frame) > frame / 2) return `spans ${(now.last - now.first).toFixed(6)} s from its first frame to its last, not the planned ${((count - 1) * frame).toFixed(6)} s`;
  if (now.bytes !== was.bytes) return `is ${now.bytes} bytes, not the ${was.bytes} it was written with`;
  if (Math.abs(now.first - was.first) > frame / 2 || Math.abs(now.last - was.last) > frame / 2) return `shows frames from ${now.first.toFixed(6)} s to ${now.last.toFixed(6)} s, not from ${was.first.toFixed(6)} s to ${was.last.toFixed(6)} s as written`;
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
