// The ffmpeg lanczos fallback Upscaler: one long-lived ffmpeg per frame size, rgb24 frames in and out
// over pipes. Used for --prefer ffmpeg and by auto when no model can be had.
import { frameBytes, makeFrame, type Frame, type PixelFormat } from '../../frames/frame.js';
import { spawnProcess, type SpawnedProcess } from '../../process/index.js';
import type { Logger } from '../../util/logger.js';
import type { EngineInfo } from '../interpolator.js';
import type { Upscaler } from '../upscaler.js';
import { checkOutputSize } from './tile-size.js';

// ffmpeg holds back a frame on a raw pipe (its demux loop emits frame k only once frame k+1 arrived), so
// each frame is followed by a duplicate whose output is dropped: the result comes back without waiting
// for the next real frame. Should ffmpeg hold more, another duplicate is written after NUDGE_MS of
// silence. Outputs are matched to writes by index, so duplicates can never be mistaken for results.
// Lanczos is cheap next to encoding, so the doubled scaling costs little.
const NUDGE_MS = 200;

interface Running {
  width: number;
  height: number;
  format: PixelFormat;
  proc: SpawnedProcess;
  reader: ChunkReader;
  /** Frames written to ffmpeg / read back so far (duplicates included). */
  writes: number;
  reads: number;
}

export class FfmpegLanczosUpscaler implements Upscaler {
  readonly info: EngineInfo;
  readonly scale: number;
  readonly maxConcurrency = 1;
  readonly #ffmpeg: string;
  readonly #logger: Logger;
  #running: Running | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;

  private constructor(scale: number, ffmpeg: string, logger: Logger) {
    this.scale = scale;
    this.#ffmpeg = ffmpeg;
    this.#logger = logger;
    this.info = { id: 'lanczos-ffmpeg', description: `ffmpeg scale x${scale} (lanczos)`, device: 'cpu' };
  }

  // Builds the upscaler; ffmpeg starts on the first frame (it needs the frame size).
  static async create(options: { scale: number; logger: Logger; ffmpeg?: string }): Promise<FfmpegLanczosUpscaler> {
    return new FfmpegLanczosUpscaler(options.scale, options.ffmpeg ?? 'ffmpeg', options.logger);
  }

  // Upscales one frame; calls are serialised (one ffmpeg pipe).
  upscale(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    const next = this.#queue.then(() => this.#upscaleNow(frame, signal));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #upscaleNow(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    if (this.#disposed) throw new Error('FfmpegLanczosUpscaler used after dispose()');
    signal?.throwIfAborted();
    checkOutputSize(frame.width, frame.height, this.scale);
    const run = this.#ensure(frame.width, frame.height, frame.format);
    const outBytes = frameBytes(frame.width * this.scale, frame.height * this.scale, frame.format);
    const write = (): void => {
      run.proc.stdin?.write(frame.data);
      run.writes += 1;
    };
    const wanted = run.writes;
    write();
    write();
    const onAbort = (): void => run.proc.kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const data = await run.reader.read(outBytes, NUDGE_MS, write);
        run.reads += 1;
        if (run.reads - 1 === wanted) return makeFrame(frame.width * this.scale, frame.height * this.scale, data, frame.format);
      }
    } catch (error) {
      this.#running = undefined;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  // Starts (or restarts, when the frame size changes) the ffmpeg process.
  #ensure(width: number, height: number, format: PixelFormat): Running {
    const current = this.#running;
    if (current && current.width === width && current.height === height && current.format === format) return current;
    if (current) this.#stop(current);
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-probesize', '32', '-analyzeduration', '0', '-fpsprobesize', '0',
      '-f', 'rawvideo', '-pix_fmt', format, '-video_size', `${width}x${height}`, '-framerate', '25', '-i', 'pipe:0',
      '-vf', `scale=${width * this.scale}:${height * this.scale}:flags=lanczos+accurate_rnd+full_chroma_int`,
      '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1',
    ];
    this.#logger.debug('starting ffmpeg lanczos upscaler', { width, height, scale: this.scale });
    const proc = spawnProcess(this.#ffmpeg, args, { stdin: 'pipe', stdout: 'pipe' });
    const reader = new ChunkReader(proc);
    const running: Running = { width, height, format, proc, reader, writes: 0, reads: 0 };
    this.#running = running;
    return running;
  }

  #stop(running: Running): void {
    running.proc.stdin?.end();
    running.proc.kill();
  }

  // Ends ffmpeg; idempotent.
  async dispose(): Promise<void> {
    this.#disposed = true;
    const running = this.#running;
    this.#running = undefined;
    if (!running) return;
    this.#stop(running);
    await running.proc.done.catch(() => undefined);
  }
}

// Reads exact byte counts from a child's stdout; a child that dies rejects the pending read with its error.
class ChunkReader {
  #chunks: Buffer[] = [];
  #size = 0;
  #pending: { bytes: number; resolve: (b: Buffer) => void; reject: (e: unknown) => void } | undefined;
  #failure: unknown;

  constructor(proc: SpawnedProcess) {
    proc.stdout?.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
      this.#settle();
    });
    proc.done.then(
      () => this.#fail(new Error('ffmpeg (lanczos upscaler) ended before returning a frame')),
      (error: unknown) => this.#fail(error),
    );
  }

  // Resolves with the next `bytes` bytes; calls `nudge` every `nudgeMs` while they have not all come.
  read(bytes: number, nudgeMs: number, nudge: () => void): Promise<Buffer> {
    const timer = setInterval(nudge, nudgeMs);
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending = { bytes, resolve, reject };
      this.#settle();
    }).finally(() => clearInterval(timer));
  }

  #settle(): void {
    const pending = this.#pending;
    if (!pending) return;
    if (this.#size >= pending.bytes) {
      const all = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#size);
      const out = Buffer.from(all.subarray(0, pending.bytes));
      const rest = all.subarray(pending.bytes);
      this.#chunks = rest.length > 0 ? [rest] : [];
      this.#size = rest.length;
      this.#pending = undefined;
      pending.resolve(out);
    } else if (this.#failure !== undefined) {
      this.#pending = undefined;
      pending.reject(this.#failure);
    }
  }

  #fail(error: unknown): void {
    this.#failure = error;
    this.#settle();
  }
}
