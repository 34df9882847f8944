// Small test clips made with real ffmpeg (synthetic sources, trimmed real footage, a VFR clip), and a
// helper that decodes a whole (small) file for frame-by-frame comparison.
import { join } from 'node:path';
import type { Frame } from '../../src/frames/index.js';
import { decodeFrames, probeMedia } from '../../src/media/index.js';
import { runProcess } from '../../src/process/index.js';

/** Runs ffmpeg quietly with a generous timeout. */
export async function ffmpeg(args: string[]): Promise<void> {
  await runProcess('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], { timeoutMs: 120_000 });
}

/** A lavfi source clip (testsrc2 by default) at `rate` for `seconds`, optionally with a sine audio track. */
export async function synthClip(
  dir: string,
  name: string,
  options: { rate: string; seconds: number; size?: string; source?: string; audio?: boolean; codec?: string[] },
): Promise<string> {
  const out = join(dir, name);
  const src = options.source ?? 'testsrc2';
  const args = ['-f', 'lavfi', '-t', String(options.seconds), '-i', `${src}=size=${options.size ?? '160x96'}:rate=${options.rate}`];
  if (options.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${options.seconds}`);
  args.push(...(options.codec ?? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']));
  if (options.audio) args.push('-c:a', 'aac', '-shortest');
  await ffmpeg([...args, out]);
  return out;
}

/** The first `seconds` of a real clip, optionally downscaled, audio re-encoded alongside (kept in sync). */
export async function trimClip(input: string, dir: string, name: string, seconds: number, scale?: string): Promise<string> {
  const out = join(dir, name);
  const args = ['-i', input, '-t', String(seconds), '-map', '0:v:0', '-map', '0:a?'];
  if (scale) args.push('-vf', `scale=${scale}`);
  await ffmpeg([...args, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out]);
  return out;
}

/** A variable-frame-rate clip: 30 fps for the first 12 frames, then every other frame (15 fps), real timestamps kept. */
export async function vfrClip(dir: string, name = 'vfr.mkv'): Promise<string> {
  const out = join(dir, name);
  await ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=160x96:rate=30:duration=1.6',
    '-vf', "select='lt(n\\,12)+not(mod(n\\,2))'", '-fps_mode', 'vfr',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', out,
  ]);
  return out;
}

/** Every frame of a small file as rgb24. */
export async function decodeAll(path: string): Promise<Frame[]> {
  const info = await probeMedia(path);
  if (!info.video) throw new Error(`${path} has no video`);
  const frames: Frame[] = [];
  for await (const f of decodeFrames(path, { width: info.video.width, height: info.video.height })) frames.push(f);
  return frames;
}

/** Largest absolute byte difference between two frames. */
export function maxAbsDiff(a: Frame, b: Frame): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
  return max;
}
