// The ffmpeg lanczos fallback Upscaler: one long-lived ffmpeg filter (media/frame-filter) per frame size,
// rgb24 frames in and out over pipes. Used for --prefer ffmpeg and by auto when no model can be had.
import type { Frame, PixelFormat } from '../../frames/index.js';
import { FrameFilter } from '../../media/index.js';
import type { Logger } from '../../util/index.js';
import type { EngineInfo } from '../interpolator.js';
import type { Upscaler } from '../upscaler.js';
import { checkOutputSize } from './tile-size.js';

export class FfmpegLanczosUpscaler implements Upscaler {
  readonly info: EngineInfo;
  readonly scale: number;
  readonly maxConcurrency = 1;
  readonly #logger: Logger;
  #filter: FrameFilter | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;

  private constructor(scale: number, logger: Logger) {
    this.scale = scale;
    this.#logger = logger;
    this.info = { id: 'lanczos-ffmpeg', description: `ffmpeg scale x${scale} (lanczos)`, device: 'cpu' };
  }

  // Builds the upscaler; ffmpeg starts on the first frame (it needs the frame size).
  static create(options: { scale: number; logger: Logger }): Promise<FfmpegLanczosUpscaler> {
    return Promise.resolve(new FfmpegLanczosUpscaler(options.scale, options.logger));
  }

  // Upscales one frame; calls are served one at a time (one ffmpeg pipe).
  upscale(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    const next = this.#queue.then(() => this.#upscaleNow(frame, signal));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #upscaleNow(frame: Frame, signal?: AbortSignal): Promise<Frame> {
    if (this.#disposed) throw new Error('FfmpegLanczosUpscaler used after dispose()');
    signal?.throwIfAborted();
    checkOutputSize(frame.width, frame.height, this.scale);
    const filter = await this.#filterFor(frame.width, frame.height, frame.format);
    try {
      return await filter.apply(frame, signal);
    } catch (error) {
      // A failed or aborted ffmpeg is not reused: the next call starts a fresh one.
      if (this.#filter === filter) this.#filter = undefined;
      await filter.close();
      throw error;
    }
  }

  // The running filter for this frame size, started (or restarted after a size change) as needed.
  async #filterFor(width: number, height: number, format: PixelFormat): Promise<FrameFilter> {
    const current = this.#filter;
    if (current && current.width === width && current.height === height && current.format === format) return current;
    this.#filter = undefined;
    await current?.close();
    const s = this.scale;
    this.#logger.debug('starting ffmpeg lanczos upscaler', { width, height, scale: s });
    const filter = FrameFilter.start({
      width,
      height,
      format,
      outWidth: width * s,
      outHeight: height * s,
      filter: `scale=${width * s}:${height * s}:flags=lanczos+accurate_rnd+full_chroma_int`,
    });
    this.#filter = filter;
    return filter;
  }

  // Ends ffmpeg; idempotent.
  async dispose(): Promise<void> {
    this.#disposed = true;
    const filter = this.#filter;
    this.#filter = undefined;
    await filter?.close();
  }
}
