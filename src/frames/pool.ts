// A small bounded pool of frame-sized buffers with reference counts. A streaming run (decode → engine →
// encode) hands each buffer back once the last holder is done with it (the encoder's pipe has taken the
// bytes), so a long video reuses the same few buffers instead of leaving a trail of freed ones for the GC;
// peak memory then does not grow with the video's length. Hand-rolled: ~60 lines, no package offers it.

export interface FramePoolStats {
  /** Buffers ever allocated (the pool's high-water mark when nothing leaks). */
  allocated: number;
  /** Acquisitions served by a returned buffer. */
  reused: number;
}

export class FramePool {
  readonly bytes: number;
  readonly #maxFree: number;
  readonly #free: Buffer[] = [];
  // Weak: a buffer a holder forgets to release (an aborted run) is simply collected, never pinned here.
  readonly #refs = new WeakMap<Buffer, number>();
  #allocated = 0;
  #reused = 0;

  /** `bytes` per buffer; at most `maxFree` idle buffers are kept (the rest go to the GC). */
  constructor(bytes: number, maxFree = 32) {
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError(`Expected a positive integer buffer size but received ${bytes}`);
    this.bytes = bytes;
    this.#maxFree = maxFree;
  }

  /** A buffer nobody else holds (contents undefined), with one reference owned by the caller. */
  acquire(): Buffer {
    let buf = this.#free.pop();
    if (buf) this.#reused++;
    else {
      // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared small-buffer pool.
      buf = Buffer.allocUnsafeSlow(this.bytes);
      this.#allocated++;
    }
    this.#refs.set(buf, 1);
    return buf;
  }

  /** One more holder of `buf`; a no-op for buffers that are not this pool's. */
  retain(buf: Buffer): void {
    const n = this.#refs.get(buf);
    if (n !== undefined) this.#refs.set(buf, n + 1);
  }

  /** One holder fewer; the last release returns the buffer for reuse. A no-op for buffers not from here. */
  release(buf: Buffer): void {
    const n = this.#refs.get(buf);
    if (n === undefined) return;
    if (n > 1) {
      this.#refs.set(buf, n - 1);
      return;
    }
    this.#refs.delete(buf);
    if (this.#free.length < this.#maxFree) this.#free.push(buf);
  }

  /** Whether `buf` is this pool's and currently held (for tests). */
  holds(buf: Buffer): boolean {
    return this.#refs.has(buf);
  }

  get stats(): FramePoolStats {
    return { allocated: this.#allocated, reused: this.#reused };
  }
}
