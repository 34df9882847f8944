// A long-lived ffmpeg running one video filter that turns each frame into exactly one frame (e.g. a
// lanczos scale): `apply` writes a frame and reads back its result, so callers get each answer without
// sending the next frame. Frames go in and out through the shared writer and reader.
import { frameBytes, makeFrame, type Frame, type PixelFormat } from '../frames/index.js';
import { ProcessError, spawnProcess, type SpawnedProcess } from '../process/index.js';
import { InterupError } from '../util/index.js';
import { FrameReader, PartialFrameError } from './frame-reader.js';
import { writeFrame } from './frame-writer.js';
import { ffmpegPath, firstErrorLine } from './tools.js';

export interface FrameFilterOptions {
  width: number;
  height: number;
  /** Size of each output frame. */
  outWidth: number;
  outHeight: number;
  /** An ffmpeg filter chain with one output frame per input frame. */
  filter: string;
  /** Pixel format of the frames in and out (default rgb24; rgb48le for deeper-than-8-bit video). */
  format?: PixelFormat;
}

export class FrameFilter {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  readonly #options: FrameFilterOptions;
  readonly #proc: SpawnedProcess;
  readonly #reader: FrameReader;
  readonly #died: Promise<never>;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(options: FrameFilterOptions) {
    this.#options = options;
    this.width = options.width;
    this.height = options.height;
    this.format = options.format ?? 'rgb24';
    const { width, height, filter } = options;
    const format = this.format;
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      // Read the first frame at once (no probing for more).
      '-probesize', '32', '-analyzeduration', '0', '-fpsprobesize', '0',
      '-f', 'rawvideo', '-pix_fmt', format, '-video_size', `${width}x${height}`, '-framerate', '25', '-i', 'pipe:0',
      '-vf', filter, '-fps_mode', 'passthrough',
      // One encoder thread: the rawvideo encoder's frame threads would hold back (threads − 1) frames,
      // so an answer would wait for later frames that a caller awaiting it never sends.
      '-threads', '1', '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1',
    ];
    this.#proc = spawnProcess(ffmpegPath(), args, { stdin: 'pipe', stdout: 'pipe' });
    if (!this.#proc.stdout) throw new Error('ffmpeg filter has no stdout');
    this.#reader = new FrameReader(this.#proc.stdout, { frameBytes: frameBytes(options.outWidth, options.outHeight, format) });
    this.#died = this.#proc.done.then(
      () => {
        throw new InterupError('FILTER_EXITED', `ffmpeg filter ${filter} exited before returning every frame.`);
      },
      (error: unknown) => {
        throw this.#wrap(error);
      },
    );
    this.#died.catch(() => undefined);
  }

  /** Starts ffmpeg with `filter` for frames of width × height. */
  static start(options: FrameFilterOptions): FrameFilter {
    return new FrameFilter(options);
  }

  /** The filter's output for `frame`; calls are served one at a time, in order. An abort ends the filter. */
  apply(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    const next = this.#queue.then(() => this.#applyNow(frame, signal));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #applyNow(frame: Frame, signal: AbortSignal | undefined): Promise<Frame> {
    if (this.#closed) throw new Error('FrameFilter used after close()');
    signal?.throwIfAborted();
    if (frame.width !== this.width || frame.height !== this.height || frame.format !== this.format) {
      throw new RangeError(`Expected a ${this.width}x${this.height} ${this.format} frame but received ${frame.width}x${frame.height} ${frame.format}`);
    }
    const onAbort = (): void => this.#proc.kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await writeFrame(this.#proc.stdin, frame.data, this.#died);
      // A child that died ends its stdout: the read comes back empty or short, and `died` says why.
      let data: Buffer | undefined;
      try {
        data = await this.#reader.read();
      } catch (error) {
        if (!(error instanceof PartialFrameError)) throw error;
      }
      if (!data) return await this.#died;
      return makeFrame(this.#options.outWidth, this.#options.outHeight, data, this.format);
    } catch (error) {
      signal?.throwIfAborted();
      throw this.#wrap(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends ffmpeg and waits for it to exit; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#proc.stdin?.end();
    this.#proc.kill();
    await this.#proc.done.catch(() => undefined);
  }

  #wrap(error: unknown): unknown {
    if (error instanceof ProcessError && !error.failure.aborted) {
      return new InterupError('FILTER_FAILED', `ffmpeg filter ${this.#options.filter} failed: ${firstErrorLine(error.failure.stderrTail)}`, { cause: error });
    }
    return error;
  }
}
