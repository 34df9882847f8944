// Run an ffmpeg video filter over a few in-memory frames (rgb24 in, rgb24 out) — how a whole-stream
// filter such as minterpolate can still answer for one frame pair. Frames go in through the shared
// writer (awaiting 'drain') while the shared reader takes the output, so neither side can stall the other.
import { frameBytes, makeFrame, type Frame } from '../frames/index.js';
import { ProcessError, spawnProcess } from '../process/index.js';
import { InterupError } from '../util/index.js';
import { FrameReader, PartialFrameError } from './frame-reader.js';
import { writeFrame } from './frame-writer.js';
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
  args.push('-threads', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const proc = spawnProcess(ffmpegPath(), args, { stdin: 'pipe', stdout: 'pipe', signal: options.signal, timeoutMs: 300_000 });
  const died = proc.done.then(
    () => {
      throw new Error('ffmpeg exited before taking every frame');
    },
    (error: unknown) => {
      throw error;
    },
  );
  died.catch(() => undefined);
  // The writer stops quietly when ffmpeg stops reading early (-frames:v reached): what it made is read below.
  const feed = (async (): Promise<void> => {
    for (const f of frames) await writeFrame(proc.stdin, f.data, died);
    proc.stdin?.end();
  })().catch(() => undefined);
  try {
    const out: Frame[] = [];
    if (!proc.stdout) throw new Error('ffmpeg filter has no stdout');
    const reader = new FrameReader(proc.stdout, { frameBytes: frameBytes(width, height) });
    try {
      for await (const buf of reader.frames()) out.push(makeFrame(width, height, buf));
    } catch (error) {
      // A short last frame is dropped, as before: only whole frames count.
      if (!(error instanceof PartialFrameError)) throw error;
    }
    await proc.done;
    await feed;
    return out;
  } catch (error) {
    proc.kill();
    await proc.done.catch(() => undefined); // no ffmpeg outlives the call that failed
    if (error instanceof ProcessError && !error.failure.aborted) {
      throw new InterupError('FILTER_FAILED', `ffmpeg filter ${options.filter} failed: ${firstErrorLine(error.failure.stderrTail)}`, { cause: error });
    }
    throw error;
  }
}
