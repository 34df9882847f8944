// Probe benchmark (issue 19): what checking the packet times against the file's witnesses costs on a clean
// 1-hour file (goal: ≤ 5 % of the probe). The file is a real clip (motion.mov, re-encoded at 23.976 fps,
// 320x180, video only so the loop points leave no gaps) stream-copied end to end into one hour of mp4, cached in .cache/bench.
// Per round: the whole probeMedia, then on the same packet rows the check itself (checkTimeline) and the
// sort the probe did before the check existed; the check's extra cost is their difference. Medians of
// BENCH_ROUNDS (default 3) rounds. `npm run bench probe` (--quick: a 2-minute file, one round).
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { footage } from '../test/helpers/footage.js';
import { Q } from '../src/frames/index.js';
import { checkTimeline, packetRows, probeMedia } from '../src/media/index.js';
import { runProcess } from '../src/process/index.js';
import { median } from './cpu-time.js';
import type { BenchOptions } from './registry.js';

const DIR = resolve(import.meta.dirname, '..', '.cache', 'bench');

/** One hour (or `seconds`) of motion.mov at 23.976 fps, made by looping a 10 s encode with stream copy. */
async function longFile(seconds: number): Promise<string> {
  const out = join(DIR, `clean-23.976-${seconds}s.mp4`);
  if (existsSync(out)) return out;
  mkdirSync(DIR, { recursive: true });
  const piece = join(DIR, 'piece-23.976-video.mp4');
  const ff = (args: string[]): Promise<unknown> => runProcess('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], { timeoutMs: 1_800_000 });
  if (!existsSync(piece)) {
    await ff(['-i', await footage('motion.mov'), '-t', '8', '-map_metadata', '-1', '-vf', 'scale=320:180,fps=24000/1001', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '48', '-pix_fmt', 'yuv420p', '-an', `${piece}.tmp.mp4`]);
    renameSync(`${piece}.tmp.mp4`, piece);
  }
  await ff(['-stream_loop', '-1', '-i', piece, '-t', String(seconds), '-c', 'copy', `${out}.tmp.mp4`]);
  renameSync(`${out}.tmp.mp4`, out);
  return out;
}

export async function run(options: BenchOptions = {}): Promise<unknown> {
  const seconds = options.quick ? 120 : 3600;
  const rounds = options.quick ? 1 : Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
  const file = await longFile(seconds);
  const probe: number[] = [];
  const check: number[] = [];
  const sort: number[] = [];
  let frames = 0;
  for (let r = 0; r < rounds; r++) {
    let began = performance.now();
    const media = await probeMedia(file);
    probe.push(performance.now() - began);
    const v = media.video!;
    frames = v.frameCount;
    const { rows } = await packetRows(file);
    const witnesses = { path: file, format: media.format, timeBase: v.timeBase, declaredRate: v.frameRate, containerStart: media.startTime, containerDuration: media.duration };
    began = performance.now();
    const checked = checkTimeline(rows, witnesses);
    check.push(performance.now() - began);
    if (checked.repair) throw new Error(`the clean file was repaired: ${checked.repair.reason}`);
    const ticks = rows.map((row) => row.pts ?? row.dts ?? 0n);
    began = performance.now();
    ticks.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sort.push(performance.now() - began);
  }
  const p = median(probe);
  const extra = Math.max(0, median(check) - median(sort));
  const share = extra / p;
  console.log(`clean ${seconds} s file, ${frames} frames at ${Q.toString((await probeMedia(file)).video!.frameRate)} fps, ${rounds} round${rounds === 1 ? '' : 's'}`);
  console.log(`probe ${(p / 1000).toFixed(2)} s; timestamp check ${median(check).toFixed(1)} ms, of which the sort the probe already did ${median(sort).toFixed(1)} ms`);
  console.log(`extra work ${extra.toFixed(1)} ms = ${(share * 100).toFixed(2)} % of the probe (goal ≤ 5 %)`);
  return { seconds, frames, rounds, probeMs: p, checkMs: median(check), sortMs: median(sort), extraMs: extra, extraShare: share, goalMet: share <= 0.05 };
}
