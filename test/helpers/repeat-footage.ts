// Footage with repeated frames for the dedup tests and bench (issue 22), built with ffmpeg from real clips
// and cached in .cache/fixtures/dedup: motion.mov held on twos and delivered as 30p, with its ideal (the
// same pictures at their true 15 fps); Megamind (23.976p animation) delivered as 29.97p by pulldown; a
// screen-recording-like clip with a 1.5-s hold; a stretch of motion.mov without repeats. Lossy re-encodes,
// so repeats carry encoder noise as real deliveries do. Plus two measures: per-frame PSNR-Y (ffmpeg's psnr
// filter) and the steps between output frames that show no motion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/process/index.js';
import { cachedFfmpeg, FIXTURES, footage } from './footage.js';

const DIR = join(FIXTURES, 'dedup');
const X264 = ['-an', '-map_metadata', '-1', '-c:v', 'libx264', '-crf', '18', '-pix_fmt', 'yuv420p'];

/** motion.mov's first `seconds` at 192×108 with 15 distinct pictures per second, each shown twice at 30p. */
export async function twosClip(seconds: number): Promise<{ twos: string; ideal: string }> {
  const src = await footage('motion.mov');
  const pictures = `scale=192:108,select='not(mod(n\\,2))',setpts=N/15/TB`;
  const twos = await cachedFfmpeg(DIR, `twos-${seconds}s.mp4`, (out) => ['-t', String(seconds), '-i', src, '-vf', `${pictures},fps=30`, ...X264, out]);
  const ideal = await cachedFfmpeg(DIR, `twos-ideal-${seconds}s.mp4`, (out) => ['-t', String(seconds), '-i', src, '-vf', pictures, '-r', '15', ...X264, out]);
  return { twos, ideal };
}

/** motion.mov's first `seconds` at 192×108 with 10 distinct pictures per second, each shown three times at 30p. */
export async function threesClip(seconds: number): Promise<{ threes: string; ideal: string }> {
  const src = await footage('motion.mov');
  const pictures = `scale=192:108,select='not(mod(n\\,3))',setpts=N/10/TB`;
  const threes = await cachedFfmpeg(DIR, `on-threes-${seconds}s.mp4`, (out) => ['-t', String(seconds), '-i', src, '-vf', `${pictures},fps=30`, ...X264, out]);
  const ideal = await cachedFfmpeg(DIR, `on-threes-ideal-${seconds}s.mp4`, (out) => ['-t', String(seconds), '-i', src, '-vf', pictures, '-r', '10', ...X264, out]);
  return { threes, ideal };
}

/**
 * A mixed cadence at 30p, 192×108: motion.mov's frames 0–59 on twos, then frames 60–119 on threes (120
 * frames, 50 pictures). Its ideal comes in two parts, each at its true rate: the twos' pictures 0, 2, … 60
 * (the last is the threes' first, so the in-betweens before it exist) at 15 fps, and the threes' pictures
 * 60, 63, … 117 at 10 fps; rendered, the first part's first 120 frames and the second's 120 make the ideal.
 */
export async function mixedClip(): Promise<{ mixed: string; idealTwos: string; idealThrees: string }> {
  const src = await footage('motion.mov');
  const twos = `select='not(mod(n\\,2))',setpts=N/15/TB`;
  const threes = `select='not(mod(n\\,3))',setpts=N/10/TB`;
  const graph = [
    '[0:v]scale=192:108,setsar=1,split=2[a][b]',
    `[a]trim=start_frame=0:end_frame=60,setpts=PTS-STARTPTS,${twos},fps=30[a1]`,
    `[b]trim=start_frame=60:end_frame=120,setpts=PTS-STARTPTS,${threes},fps=30[b1]`,
    '[a1][b1]concat=n=2:v=1:a=0,fps=30[v]',
  ].join(';');
  const mixed = await cachedFfmpeg(DIR, 'mixed.mp4', (out) => ['-i', src, '-filter_complex', graph, '-map', '[v]', '-frames:v', '120', ...X264, out]);
  const part = (name: string, first: number, end: number, filter: string, rate: string): Promise<string> =>
    cachedFfmpeg(DIR, name, (out) => ['-i', src, '-vf', `scale=192:108,setsar=1,trim=start_frame=${first}:end_frame=${end},setpts=PTS-STARTPTS,${filter}`, '-r', rate, ...X264, out]);
  return { mixed, idealTwos: await part('mixed-ideal-twos.mp4', 0, 61, twos, '15'), idealThrees: await part('mixed-ideal-threes.mp4', 60, 120, threes, '10') };
}

/** The first `frames` frames of `first` followed by all of `second`, as ffv1 (to join an ideal rendered in parts). */
export async function joinFrames(first: string, frames: number, second: string, output: string): Promise<string> {
  const graph = `[0:v]trim=end_frame=${frames},setpts=PTS-STARTPTS[a];[1:v]setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1:a=0[v]`;
  await runProcess('ffmpeg', ['-v', 'error', '-y', '-i', first, '-i', second, '-filter_complex', graph, '-map', '[v]', '-c:v', 'ffv1', output], { timeoutMs: 120_000 });
  return output;
}

/** Megamind.avi (23.976p) from 0.5 s for `seconds` at 192×140, and the same delivered at 29.97p (fps filter: every 5th frame repeated). */
export async function pulldownClip(seconds: number): Promise<{ pulldown: string; ideal: string }> {
  const src = await footage('Megamind.avi');
  const ideal = await cachedFfmpeg(DIR, `film24-${seconds}s.mp4`, (out) => ['-ss', '0.5', '-t', String(seconds), '-i', src, '-vf', 'scale=192:140', ...X264, out]);
  const pulldown = await cachedFfmpeg(DIR, `film24-as-30-${seconds}s.mp4`, (out) => ['-i', ideal, '-vf', 'fps=30000/1001', ...X264, out]);
  return { pulldown, ideal };
}

/**
 * A screen-recording-like clip at 30p, 192×108 from motion.mov's fast pan: its frames 45–59, frame 60 held
 * for 45 frames (1.5 s), then frames 61–90 on twos (30 frames): 90 frames. The held frames are 15..59.
 */
export async function holdClip(): Promise<string> {
  const src = await footage('motion.mov');
  const graph = [
    '[0:v]scale=192:108,setsar=1,split=3[a][b][c]',
    '[a]trim=start_frame=45:end_frame=60,setpts=PTS-STARTPTS[a1]',
    '[b]trim=start_frame=60:end_frame=61,setpts=PTS-STARTPTS,loop=loop=44:size=1:start=0,setpts=N/30/TB[b1]',
    `[c]trim=start_frame=61:end_frame=91,setpts=PTS-STARTPTS,select='not(mod(n\\,2))',setpts=N/15/TB,fps=30[c1]`,
    '[a1][b1][c1]concat=n=3:v=1:a=0,fps=30[v]',
  ].join(';');
  return cachedFfmpeg(DIR, 'hold.mp4', (out) => ['-i', src, '-filter_complex', graph, '-map', '[v]', '-frames:v', '90', ...X264, out]);
}

/** motion.mov from 1.5 s for 1.4 s at 192×108: a handheld pan with every frame new. */
export async function noRepeatClip(): Promise<string> {
  const src = await footage('motion.mov');
  return cachedFfmpeg(DIR, 'no-repeats.mp4', (out) => ['-ss', '1.5', '-t', '1.4', '-i', src, '-vf', 'scale=192:108', ...X264, out]);
}

/** PSNR-Y (dB) of every frame of `test` against `ideal` (same size and count), by ffmpeg's psnr filter. */
export async function psnrPerFrame(test: string, ideal: string, dir: string): Promise<number[]> {
  const stats = join(dir, 'psnr.log');
  await runProcess('ffmpeg', ['-v', 'error', '-i', test, '-i', ideal, '-lavfi', `[0:v]format=yuv444p[x];[1:v]format=yuv444p[y];[x][y]psnr=stats_file=${stats}`, '-f', 'null', '-'], { timeoutMs: 120_000 });
  return readFileSync(stats, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const value = /psnr_y:(\S+)/.exec(line)?.[1] ?? 'nan';
      return value === 'inf' ? Infinity : Number(value);
    });
}

/** Steps between consecutive output frames whose mean absolute luma difference is at most `limit` (0..255): no motion. */
export async function staticSteps(path: string, width: number, height: number, limit = 0.05): Promise<number> {
  const raw = `${path}.luma.raw`;
  await runProcess('ffmpeg', ['-v', 'error', '-y', '-i', path, '-vf', 'format=gray', '-f', 'rawvideo', raw], { timeoutMs: 120_000 });
  const data = readFileSync(raw);
  const size = width * height;
  let steps = 0;
  for (let k = 1; (k + 1) * size <= data.length; k++) {
    let sum = 0;
    for (let i = 0; i < size; i++) sum += Math.abs(data[(k - 1) * size + i] - data[k * size + i]);
    if (sum / size <= limit) steps++;
  }
  return steps;
}
