// Y-PSNR between two frame sequences, judged by ffmpeg's psnr filter (a neutral referee).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../../src/frames/frame.js';
import { runProcess } from '../../src/process/index.js';

/** Average Y PSNR (dB) of `test` against `truth`, frame by frame, via ffmpeg in `dir`. */
export async function psnrY(test: readonly Frame[], truth: readonly Frame[], dir: string, label: string): Promise<number> {
  if (test.length !== truth.length || test.length === 0) throw new Error(`psnr: ${test.length} frames vs ${truth.length}`);
  const { width: w, height: h } = truth[0];
  const a = join(dir, `${label}-test.rgb`);
  const b = join(dir, `${label}-truth.rgb`);
  writeFileSync(a, Buffer.concat(test.map((f) => f.data)));
  writeFileSync(b, Buffer.concat(truth.map((f) => f.data)));
  const raw = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-r', '25'];
  const { stderr } = await runProcess(
    'ffmpeg',
    ['-hide_banner', ...raw, '-i', a, ...raw, '-i', b, '-lavfi', '[0:v]format=yuv444p[x];[1:v]format=yuv444p[y];[x][y]psnr', '-f', 'null', '-'],
    { timeoutMs: 120_000 },
  );
  const match = /PSNR y:([\d.]+|inf)/.exec(stderr);
  if (!match) throw new Error(`no PSNR in ffmpeg output: ${stderr.slice(-300)}`);
  return match[1] === 'inf' ? Infinity : Number(match[1]);
}
