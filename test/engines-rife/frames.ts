// Frames for RIFE tests and benchmarks: decoded by real ffmpeg (synthetic sources or real footage) into
// rgb24 frames, plus pixel comparisons.
import { makeFrame, type Frame } from '../../src/frames/frame.js';
import { spawnProcess } from '../../src/process/index.js';

/** Runs ffmpeg on `input` arguments and returns its frames scaled to w×h. */
export async function ffmpegFrames(input: readonly string[], w: number, h: number, filters: readonly string[] = []): Promise<Frame[]> {
  const vf = [...filters, `scale=${w}:${h}:flags=area`].join(',');
  const proc = spawnProcess('ffmpeg', ['-v', 'error', ...input, '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { stdout: 'pipe', timeoutMs: 120_000 });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  const all = Buffer.concat(chunks);
  const size = w * h * 3;
  const frames: Frame[] = [];
  for (let o = 0; o + size <= all.length; o += size) frames.push(makeFrame(w, h, Buffer.from(all.subarray(o, o + size))));
  return frames;
}

/** Largest per-channel difference between two frames of equal size. */
export function maxAbsDiff(a: Frame, b: Frame): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`size mismatch ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (d > m) m = d;
  }
  return m;
}

/** Mean absolute difference (0..255). */
export function meanAbsDiff(a: Frame, b: Frame): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i] - b.data[i]);
  return s / a.data.length;
}
