// The pipeline interup replaces, rebuilt step by step as its wrapper ran it (../shared/notes/old-pipeline.md)
// with rife-ncnn-vulkan as the RIFE runner: ffprobe for the size, ffmpeg extracts every frame to PNG padded
// to a multiple of 32 (pad sizes computed here, as the wrapper did, not as ffmpeg expressions),
// rife-ncnn-vulkan in folder mode over the whole directory (`-n 2N`, model loaded once), then ffmpeg
// reassembles the output frames, crops the padding away and copies the source audio.
// Run as its own process so its memory and temp disk can be measured like `interup run`'s:
//   node --import tsx bench/seed/old-path.ts IN OUT WORK_DIR MODEL_DIR THREADS CRF [GPU_ID]
// Prints one JSON line: frames in/out and the seconds of each step.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runProcess } from '../../src/process/index.js';

export interface OldPathResult {
  framesIn: number;
  framesOut: number;
  paddedSize: string;
  steps: { extract: number; rife: number; assemble: number };
}

const LONG = 3_600_000;

function padTo(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const began = performance.now();
  const value = await work();
  return [value, (performance.now() - began) / 1000];
}

/** Runs the old path on `input`; `gpu` is rife-ncnn-vulkan's -g (-1: its CPU path). */
export async function oldPath(input: string, output: string, work: string, modelDir: string, threads: number, crf: number, gpu = -1): Promise<OldPathResult> {
  const { stdout } = await runProcess('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate', '-of', 'csv=p=0', input]);
  const [width, height, rate] = stdout.trim().split(',');
  const [num, den] = rate.split('/').map(Number);
  const w = Number(width);
  const h = Number(height);
  const pw = padTo(w, 32);
  const ph = padTo(h, 32);
  const inDir = join(work, 'frames');
  const outDir = join(work, 'interpolated');
  mkdirSync(inDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  try {
    const [, extract] = await seconds(() =>
      runProcess('ffmpeg', ['-v', 'error', '-nostdin', '-i', input, '-vf', `pad=${pw}:${ph}:0:0`, '-fps_mode', 'passthrough', join(inDir, 'frame_%06d.png')], { timeoutMs: LONG }),
    );
    const framesIn = readdirSync(inDir).length;
    const [, rife] = await seconds(() =>
      runProcess(join(modelDir, 'rife-ncnn-vulkan'), ['-i', inDir, '-o', outDir, '-n', String(2 * framesIn), '-m', modelDir, '-g', String(gpu), '-j', `1:${threads}:1`], { timeoutMs: LONG }),
    );
    const framesOut = readdirSync(outDir).length;
    const [, assemble] = await seconds(() =>
      runProcess(
        'ffmpeg',
        [
          '-v', 'error', '-nostdin', '-y',
          '-framerate', `${2 * num}/${den}`, '-i', join(outDir, '%08d.png'),
          '-i', input,
          '-map', '0:v:0', '-map', '1:a?', '-map_metadata', '-1',
          '-vf', `crop=${w}:${h}:0:0`, '-c:v', 'libx264', '-crf', String(crf), '-pix_fmt', 'yuv420p', '-c:a', 'copy', '-shortest',
          output,
        ],
        { timeoutMs: LONG },
      ),
    );
    return { framesIn, framesOut, paddedSize: `${pw}x${ph}`, steps: { extract, rife, assemble } };
  } finally {
    rmSync(inDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [input, output, work, modelDir, threads, crf, gpu] = process.argv.slice(2);
  const result = await oldPath(input, output, work, modelDir, Number(threads), Number(crf), gpu === undefined ? -1 : Number(gpu));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
