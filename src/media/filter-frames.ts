// Run an ffmpeg video filter over a few in-memory frames (rgb24 in, rgb24 out) — how a whole-stream
// filter such as minterpolate can still answer for one frame pair.
import { frameBytes, makeFrame, type Frame } from '../frames/index.js';
import { ProcessError, spawnProcess } from '../process/index.js';
import { InterupError } from '../util/errors.js';
import { ffmpegPath, firstErrorLine } from './tools.js';

/** Feeds `frames` at `rate` (e.g. '1') through `filter`; returns at most `maxFrames` output frames. */
export async function filterFrames(
  frames: readonly Frame[],
  options: { rate: string; filter: string; maxFrames?: number; signal?: AbortSignal },
): Promise<Frame[]> {
  const { width, height } = frames[0];
  const args = ['-v', 'error', '-nostdin', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', options.rate, '-i', 'pipe:0'];
  args.push('-vf', options.filter);
  if (options.maxFrames !== undefined) args.push('-frames:v', String(options.maxFrames));
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const proc = spawnProcess(ffmpegPath(), args, { stdin: 'pipe', stdout: 'pipe', signal: options.signal, timeoutMs: 300_000 });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  for (const f of frames) proc.stdin?.write(f.data);
  proc.stdin?.end();
  try {
    await proc.done;
  } catch (error) {
    if (error instanceof ProcessError && !error.failure.aborted) {
      throw new InterupError('FILTER_FAILED', `ffmpeg filter ${options.filter} failed: ${firstErrorLine(error.failure.stderrTail)}`, { cause: error });
    }
    throw error;
  }
  const all = Buffer.concat(chunks);
  const size = frameBytes(width, height);
  const out: Frame[] = [];
  for (let off = 0; off + size <= all.length; off += size) out.push(makeFrame(width, height, all.subarray(off, off + size)));
  return out;
}
