// The decoded source frames the plan still needs: pulled from the decode channel on demand, released (back
// to the frame pool) once no later slot can ask for them, and drained at the end to catch a decode that
// delivered fewer frames than the probe promised.
import type { Frame } from '../frames/index.js';
import { InterupError } from '../util/index.js';

export class SourceWindow {
  readonly #source: AsyncIterator<Frame>;
  readonly #expected: number;
  readonly #release: (frame: Frame) => void;
  readonly #held = new Map<number, Frame>();
  #loaded = 0;
  #ended = false;

  /** `expected`: source frames the probe listed; `release` gives up the window's reference to a frame. */
  constructor(source: AsyncIterable<Frame>, expected: number, release: (frame: Frame) => void) {
    this.#source = source[Symbol.asyncIterator]();
    this.#expected = expected;
    this.#release = release;
  }

  /** Source frame `i`, decoding up to it; throws INPUT_TRUNCATED when the decode ends first. */
  async frameAt(i: number): Promise<Frame> {
    while (this.#loaded <= i) {
      const next = await this.#source.next();
      if (next.done) {
        this.#ended = true;
        throw this.#truncated();
      }
      this.#held.set(this.#loaded++, next.value);
    }
    const frame = this.#held.get(i);
    if (!frame) throw new Error(`source frame ${i} was already released`);
    return frame;
  }

  /** Source frame `i` like frameAt, or undefined when the decode ends before it (dedup looks ahead past the plan's frames). */
  async peekAt(i: number): Promise<Frame | undefined> {
    while (this.#loaded <= i && !this.#ended) {
      const next = await this.#source.next();
      if (next.done) this.#ended = true;
      else this.#held.set(this.#loaded++, next.value);
    }
    return i < this.#loaded ? this.frameAt(i) : undefined;
  }

  /** Source frames decoded so far. */
  get loaded(): number {
    return this.#loaded;
  }

  /** Whether `frame` is the last one the decoder delivers (it has ended, or says so now): peeks one frame ahead. */
  async isLast(i: number): Promise<boolean> {
    if (i + 1 < this.#loaded) return false;
    if (this.#ended) return true;
    const next = await this.#source.next();
    if (next.done) {
      this.#ended = true;
      return true;
    }
    this.#held.set(this.#loaded++, next.value);
    return false;
  }

  /** Releases every held frame before `index` (slots only move forward). */
  releaseBefore(index: number): void {
    for (const [key, frame] of this.#held) {
      if (key >= index) break;
      this.#held.delete(key);
      this.#release(frame);
    }
  }

  /** Releases everything and reads what remains of the decode; throws when it had fewer frames than promised. */
  async drain(): Promise<void> {
    for (const frame of this.#held.values()) this.#release(frame);
    this.#held.clear();
    for (let next = await this.#source.next(); !next.done; next = await this.#source.next()) {
      this.#loaded++;
      this.#release(next.value);
    }
    if (this.#loaded < this.#expected) throw this.#truncated();
  }

  #truncated(): InterupError {
    return new InterupError('INPUT_TRUNCATED', `ffmpeg decoded only ${this.#loaded} frames where ffprobe listed ${this.#expected}; the file looks damaged or truncated.`, {
      hint: 'Re-download or re-copy the file.',
    });
  }
}
