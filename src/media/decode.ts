// Decode a video to raw rgb24 frames over a pipe (never a folder of images); the consumer pulls frames,
// so a slow consumer pauses ffmpeg through the pipe (backpressure) instead of buffering the video
// (media/frame-reader.ts).
import { Q, frameBytes, makeFrame, type Frame, type FramePool, type PixelFormat, type Rational } from '../frames/index.js';
import { ProcessError, spawnProcess } from '../process/index.js';
import { FrameReader, PartialFrameError } from './frame-reader.js';
import { InterupError } from '../util/index.js';
import { ffmpegPath, firstErrorLine } from './tools.js';

export interface DecodeOptions {
  /** Size of the decoded frames (the probe's display size; ffmpeg applies rotation). */
  width: number;
  height: number;
  /** Extra ffmpeg video filter chain applied before conversion to rgb24 (e.g. minterpolate). */
  filter?: string;
  /** 'passthrough' keeps every decoded frame (default); 'cfr' for filters that emit a fixed rate. */
  fpsMode?: 'passthrough' | 'cfr';
  /** Frame buffers come from here (each yielded frame holds one reference the consumer must release). */
  pool?: FramePool;
  /**
   * Start at the first frame shown at or after this absolute time (seconds on the file's own clock, not
   * offset by its start time): ffmpeg seeks to the keyframe before it and drops the frames in between.
   */
  from?: Rational;
  /** Stop after this many frames. */
  maxFrames?: number;
  /** Decoded frames to drop before the first one yielded (a cut's pre-roll the probe found; see timestamp-repair.ts). */
  skipFrames?: number;
  /** Frames numbered afresh at this rate, whatever times the file gives them (a stream the probe re-timed). */
  retimeAt?: Rational;
  /**
   * A damaged file (the probe met invalid data): frames the decoder loses are filled by repeating the one
   * before, on this constant rate's grid, and `onDamaged` is told how many frames were filled or concealed.
   */
  fillAt?: Rational;
  onDamaged?: (frames: number) => void;
  /** rgb24 (default) or rgb48le (sources deeper than 8 bits keep their bits). */
  pixelFormat?: PixelFormat;
  signal?: AbortSignal;
}

/** Yields every frame of the first video stream of `path` in presentation order. */
export async function* decodeFrames(path: string, options: DecodeOptions): AsyncGenerator<Frame> {
  const args = ['-v', 'error', '-nostdin'];
  if (options.from) args.push('-seek_timestamp', '1', '-ss', Q.toNumber(options.from).toFixed(6));
  args.push('-i', path, '-map', '0:v:0');
  if (options.maxFrames !== undefined) args.push('-frames:v', String(options.maxFrames));
  // The pre-roll goes by frame number (its timestamps are the garbage), then the rest is numbered afresh.
  const skip = options.skipFrames ? [`select=gte(n\\,${options.skipFrames})`, 'setpts=N/FRAME_RATE/TB'] : [];
  // A re-timed stream's own times jump or repeat: a filter that works by time (fps, minterpolate) or the
  // constant-rate fill must see the repaired ones, frame n at n / rate.
  if (options.retimeAt) skip.push(`setpts=N*${options.retimeAt.den}/${options.retimeAt.num}/TB`);
  // Some decoders deliver more than the display size the stream declares (ffmpeg 5's Theora: 218 columns for
  // a 214-wide picture); the picture is the top-left part. Last in the chain (a caller's scale comes first);
  // a no-op when the sizes agree. In RGB, where crop keeps odd sizes (it rounds them down in 4:2:0).
  const format = options.pixelFormat ?? 'rgb24';
  const fit = `format=${format},crop=w='min(iw,${options.width})':h='min(ih,${options.height})':x=0:y=0`;
  const filters = [...skip, options.filter, fit].filter(Boolean);
  if (filters.length > 0) args.push('-vf', filters.join(','));
  const damage = options.fillAt ? damageCounter(options.onDamaged) : undefined;
  if (options.fillAt) args.push('-r', Q.toString(options.fillAt), '-progress', 'pipe:2', '-nostats');
  // Accurate rounding and full chroma interpolation: swscale's fast YUV → RGB path darkens every frame by
  // about 1.2 levels and doubles the round-trip error (measured on BT.601 and BT.709 clips).
  // One rawvideo encoder thread: its frame threads only add copies and hand-offs.
  args.push('-fps_mode', options.fillAt ? 'cfr' : (options.fpsMode ?? 'passthrough'), '-sws_flags', 'bicubic+accurate_rnd+full_chroma_int', '-threads', '1', '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1');
  const size = frameBytes(options.width, options.height, format);
  const pool = options.pool;
  if (pool && pool.bytes !== size) throw new RangeError(`Expected a pool of ${size}-byte buffers but received one of ${pool.bytes}`);
  const proc = spawnProcess(ffmpegPath(), args, { stdout: 'pipe', signal: options.signal, ...(damage ? { onStderr: damage.read } : {}) });
  let finished = false;
  try {
    if (!proc.stdout) throw new Error('ffmpeg decoder has no stdout');
    const reader = new FrameReader(proc.stdout, { frameBytes: size, acquire: pool && (() => pool.acquire()), release: pool && ((buf) => pool.release(buf)) });
    for await (const buf of reader.frames()) yield makeFrame(options.width, options.height, buf, format);
    await proc.done;
    finished = true;
    damage?.report();
  } catch (error) {
    // A short last frame: ffmpeg's own failure, if it had one, says more.
    const cause = error instanceof PartialFrameError ? await proc.done.then(() => error, (e: unknown) => e) : error;
    if (cause instanceof PartialFrameError) {
      throw new InterupError('DECODE_PARTIAL', `Decoding ${path} ended in the middle of a frame (${cause.received} of ${size} bytes).`);
    }
    if (cause instanceof ProcessError && !cause.failure.aborted) {
      const why = firstErrorLine(cause.failure.stderrTail);
      throw new InterupError('DECODE_FAILED', `Decoding ${path} failed${why ? `: ${why}` : ''}.`, { cause, hint: 'The file may be damaged or truncated.' });
    }
    throw cause;
  } finally {
    // Stopped early (the consumer left, or the run failed or was aborted): wait for ffmpeg to exit too, so a
    // run that has rejected leaves no decoder behind (SIGTERM, SIGKILL after the spawn helper's grace).
    if (!finished) {
      proc.kill();
      proc.stdout?.destroy(); // unread frames would otherwise hold the pipe open, and 'close' with it
      await proc.done.catch(() => undefined);
    }
  }
}

/** Counts frames ffmpeg filled (-progress dup_frames) or concealed (the decoder's "concealing" lines). */
function damageCounter(onDamaged: ((frames: number) => void) | undefined): { read: (chunk: Buffer) => void; report: () => void } {
  let dup = 0;
  let concealed = 0;
  let rest = '';
  return {
    read: (chunk) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^dup_frames=(\d+)/.exec(line);
        if (m) dup = Number(m[1]);
        else if (/concealing \d+ DC/.test(line)) concealed++;
      }
    },
    report: () => onDamaged?.(dup + concealed),
  };
}
