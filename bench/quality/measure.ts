// PSNR and SSIM of the luma plane, frame by frame, by ffmpeg's own psnr and ssim filters (a neutral judge):
// both frame lists are written as raw rgb24 files, converted to yuv444p by ffmpeg (the same conversion on
// both sides), and compared; the filters' stats files give one line per frame.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../../src/frames/index.js';
import { runProcess } from '../../src/process/index.js';

export interface FrameScore {
  /** dB; identical frames (infinite PSNR) are capped at 100. */
  psnrY: number;
  ssimY: number;
}

const CAP = 100;

function rawFile(path: string, frames: readonly Frame[]): void {
  writeFileSync(path, Buffer.concat(frames.map((f) => f.data)));
}

/** `psnr_y:31.2` / `Y:0.95` fields of a stats file, one value per line. */
export function statsValues(text: string, key: string): number[] {
  const re = new RegExp(`(?:^|\\s)${key}:(inf|[-\\d.]+)`);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = re.exec(line);
      if (!m) throw new Error(`no ${key} in stats line: ${line}`);
      return m[1] === 'inf' ? CAP : Math.min(CAP, Number(m[1]));
    });
}

/** Scores `rebuilt[i]` against `truth[i]` for every i; `dir` holds the temporary raw files. */
export async function scoreFrames(rebuilt: readonly Frame[], truth: readonly Frame[], dir: string, tag: string): Promise<FrameScore[]> {
  if (rebuilt.length !== truth.length || rebuilt.length === 0) throw new Error(`cannot compare ${rebuilt.length} frames with ${truth.length}`);
  const { width, height } = truth[0];
  const a = join(dir, `${tag}-rebuilt.rgb`);
  const b = join(dir, `${tag}-truth.rgb`);
  const psnrLog = join(dir, `${tag}-psnr.log`);
  const ssimLog = join(dir, `${tag}-ssim.log`);
  rawFile(a, rebuilt);
  rawFile(b, truth);
  try {
    const input = (path: string): string[] => ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', '1', '-i', path];
    for (const [filter, log] of [['psnr', psnrLog], ['ssim', ssimLog]] as const) {
      // stats_file is a filter option: the path must not need escaping (tmpdir paths do not).
      await runProcess('ffmpeg', ['-v', 'error', '-nostdin', ...input(a), ...input(b), '-lavfi', `[0]format=yuv444p[x];[1]format=yuv444p[y];[x][y]${filter}=stats_file=${log}`, '-f', 'null', '-'], {
        timeoutMs: 600_000,
      });
    }
    const psnr = statsValues(readFileSync(psnrLog, 'utf8'), 'psnr_y');
    const ssim = statsValues(readFileSync(ssimLog, 'utf8'), 'Y');
    if (psnr.length !== rebuilt.length || ssim.length !== rebuilt.length) throw new Error(`ffmpeg scored ${psnr.length}/${ssim.length} of ${rebuilt.length} frames`);
    return psnr.map((p, i) => ({ psnrY: p, ssimY: ssim[i] }));
  } finally {
    for (const f of [a, b, psnrLog, ssimLog]) rmSync(f, { force: true });
  }
}
