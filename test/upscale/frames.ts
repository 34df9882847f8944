// Test helpers for upscaling: real frames decoded from footage with ffmpeg, frame comparisons
// (max abs difference, ffmpeg's SSIM as a neutral judge) and a deterministic stand-in "network".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFrame, type Frame } from '../../src/frames/frame.js';
import { spawnProcess, runProcess } from '../../src/process/index.js';

// Decodes `count` frames of `clip` from `start` seconds, scaled (bicubic) to width x height.
export async function decodeFrames(clip: string, width: number, height: number, count: number, start = 0): Promise<Frame[]> {
  const proc = spawnProcess(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-ss', String(start), '-i', clip, '-frames:v', String(count),
      '-vf', `scale=${width}:${height}:flags=bicubic`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { stdout: 'pipe', timeoutMs: 60_000 },
  );
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  const all = Buffer.concat(chunks);
  const size = width * height * 3;
  if (all.length !== size * count) throw new Error(`decoded ${all.length} bytes, expected ${size * count}`);
  return Array.from({ length: count }, (_, i) => makeFrame(width, height, Buffer.from(all.subarray(i * size, (i + 1) * size))));
}

// Largest per-channel difference between two equal-size frames, optionally ignoring a border band.
export function maxAbsDiff(a: Frame, b: Frame, border = 0): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`size mismatch ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let max = 0;
  for (let y = border; y < a.height - border; y++) {
    for (let x = border; x < a.width - border; x++) {
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) max = Math.max(max, Math.abs(a.data[i + c] - b.data[i + c]));
    }
  }
  return max;
}

// SSIM (all channels) of two frames as ffmpeg's ssim filter computes it.
export async function ssim(a: Frame, b: Frame, dir: string): Promise<number> {
  const fa = join(dir, 'ssim-a.rgb');
  const fb = join(dir, 'ssim-b.rgb');
  writeFileSync(fa, a.data);
  writeFileSync(fb, b.data);
  const raw = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${a.width}x${a.height}`];
  const { stderr } = await runProcess('ffmpeg', ['-hide_banner', ...raw, '-i', fa, ...raw, '-i', fb, '-lavfi', 'ssim', '-f', 'null', '-'], { timeoutMs: 60_000 });
  const m = /All:([0-9.]+)/.exec(stderr);
  if (!m) throw new Error(`no SSIM in ffmpeg output: ${stderr.slice(-300)}`);
  return Number(m[1]);
}

// A deterministic stand-in for a network with receptive radius `radius`: box blur (edges clamped) then
// nearest-neighbour x`scale`. Each output pixel depends on its input neighbourhood, like a conv net.
export function blurUpscale(frame: Frame, scale: number, radius: number): Frame {
  const { width, height } = frame;
  const out = Buffer.alloc(width * scale * height * scale * 3);
  const n = (2 * radius + 1) ** 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0];
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = Math.min(height - 1, Math.max(0, y + dy));
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          const i = (yy * width + xx) * 3;
          sum[0] += frame.data[i];
          sum[1] += frame.data[i + 1];
          sum[2] += frame.data[i + 2];
        }
      }
      for (let sy = 0; sy < scale; sy++) {
        for (let sx = 0; sx < scale; sx++) {
          const o = ((y * scale + sy) * width * scale + x * scale + sx) * 3;
          for (let c = 0; c < 3; c++) out[o + c] = Math.round(sum[c] / n);
        }
      }
    }
  }
  return makeFrame(width * scale, height * scale, out);
}
