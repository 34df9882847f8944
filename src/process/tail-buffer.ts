// A bounded buffer that keeps only the last N bytes of a stream (a child's stderr never grows memory).

export class TailBuffer {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(limitBytes = 64 * 1024) {
    this.#limit = limitBytes;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size - (this.#chunks[0]?.length ?? 0) >= this.#limit && this.#chunks.length > 1) {
      this.#size -= this.#chunks.shift()?.length ?? 0;
    }
  }

  /** The kept bytes as text, at most the last `limit` bytes. */
  toString(): string {
    const all = Buffer.concat(this.#chunks);
    return all.subarray(Math.max(0, all.length - this.#limit)).toString('utf8');
  }

  /** The last `lines` lines. */
  lastLines(lines: number): string {
    return this.toString().split(/\r?\n/).filter((l) => l.length > 0).slice(-lines).join('\n');
  }
}
