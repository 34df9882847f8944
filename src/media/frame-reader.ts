// The one reader of raw frames from a child's stdout (decode, filters, the lanczos upscaler). It pulls from
// the pipe only when its consumer asks for the next frame, so a slow consumer pauses the child through the
// pipe (backpressure) and at most one frame plus the stream's own small buffer is ever held. Each frame is
// copied into a buffer from `acquire` (a frame pool's), so a long run reuses a few buffers. Generic over
// bytes per frame (8- or 16-bit samples alike).
import type { Readable } from 'node:stream';

/** The stream ended part-way through a frame; the caller words the message (which file, which command). */
export class PartialFrameError extends Error {
  constructor(
    readonly received: number,
    readonly frameBytes: number,
  ) {
    super(`the stream ended ${received} bytes into a ${frameBytes}-byte frame`);
    this.name = 'PartialFrameError';
  }
}

export interface FrameReaderOptions {
  /** Bytes in one frame (width × height × bytes per pixel). */
  frameBytes: number;
  /** Where each frame's buffer comes from (default: a new one); must return `frameBytes` bytes. */
  acquire?: () => Buffer;
  /** Gives back a buffer `acquire` handed out that never became a frame (the stream ended first). */
  release?: (buf: Buffer) => void;
}

export class FrameReader {
  readonly frameBytes: number;
  readonly #chunks: AsyncIterator<Buffer>;
  readonly #acquire: () => Buffer;
  readonly #release: ((buf: Buffer) => void) | undefined;
  #rest: Buffer | undefined;
  #ended = false;
  #reading = false;
  #bytesRead = 0;

  constructor(stream: Readable, options: FrameReaderOptions) {
    const { frameBytes } = options;
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`Expected a positive integer frame size but received ${frameBytes}`);
    this.frameBytes = frameBytes;
    this.#chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    this.#acquire = options.acquire ?? ((): Buffer => Buffer.allocUnsafeSlow(frameBytes));
    this.#release = options.release;
  }

  /** Bytes taken from the stream so far (at most the frames returned, plus one frame and one chunk). */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  /**
   * The next frame's bytes, or undefined when the stream ended exactly between frames. Rejects with
   * PartialFrameError when it ended mid-frame, or with the stream's error. One read at a time.
   */
  async read(): Promise<Buffer | undefined> {
    if (this.#reading) throw new Error('FrameReader.read() called while another read is pending');
    this.#reading = true;
    let buf: Buffer | undefined;
    try {
      let filled = 0;
      while (filled < this.frameBytes) {
        const chunk = this.#rest ?? (await this.#nextChunk());
        this.#rest = undefined;
        if (!chunk) {
          if (buf) this.#release?.(buf);
          if (filled === 0) return undefined;
          throw new PartialFrameError(filled, this.frameBytes);
        }
        buf ??= this.#acquire();
        if (buf.length !== this.frameBytes) throw new RangeError(`Expected ${this.frameBytes}-byte frame buffers but received one of ${buf.length}`);
        const n = Math.min(this.frameBytes - filled, chunk.length);
        chunk.copy(buf, filled, 0, n);
        filled += n;
        if (n < chunk.length) this.#rest = chunk.subarray(n);
      }
      return buf;
    } catch (error) {
      if (buf && !(error instanceof PartialFrameError)) this.#release?.(buf);
      throw error;
    } finally {
      this.#reading = false;
    }
  }

  async #nextChunk(): Promise<Buffer | undefined> {
    if (this.#ended) return undefined;
    const next = await this.#chunks.next();
    if (next.done) {
      this.#ended = true;
      return undefined;
    }
    this.#bytesRead += next.value.length;
    return next.value;
  }

  /** Every remaining frame, in order (the generator form of read()). */
  async *frames(): AsyncGenerator<Buffer> {
    for (let buf = await this.read(); buf; buf = await this.read()) yield buf;
  }
}
