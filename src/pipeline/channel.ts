// A bounded async queue between two pipeline stages: push() waits while the queue is full (backpressure),
// iteration waits while it is empty, close(error) ends both sides. Hand-rolled because it is ~50 lines
// and none of the installed packages offers one.

export class Channel<T> {
  readonly #capacity: number;
  readonly #items: T[] = [];
  #closed = false;
  #error: Error | undefined;
  #wakePush: (() => void)[] = [];
  #wakePull: (() => void)[] = [];
  #maxSeen = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Expected positive integer capacity but received ${capacity}`);
    this.#capacity = capacity;
  }

  /** Most items ever queued at once (for tests proving the bound holds). */
  get maxSeen(): number {
    return this.#maxSeen;
  }

  #wake(list: (() => void)[]): void {
    for (const fn of list.splice(0)) fn();
  }

  /** Adds an item, waiting while the queue is full; throws if the channel was closed. */
  async push(item: T): Promise<void> {
    while (this.#items.length >= this.#capacity && !this.#closed) await new Promise<void>((r) => this.#wakePush.push(r));
    if (this.#closed) throw this.#error ?? new Error('push to a closed channel');
    this.#items.push(item);
    this.#maxSeen = Math.max(this.#maxSeen, this.#items.length);
    this.#wake(this.#wakePull);
  }

  /** No more items; with an error, readers and writers see it. Idempotent (the first close wins). */
  close(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    if (error !== undefined) this.#items.length = 0;
    this.#wake(this.#wakePull);
    this.#wake(this.#wakePush);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#items.length > 0) {
        const item = this.#items.shift() as T;
        this.#wake(this.#wakePush);
        yield item;
        continue;
      }
      if (this.#closed) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((r) => this.#wakePull.push(r));
    }
  }
}

/** Limits how many async calls run at once (an engine's maxConcurrency). */
export class Limiter {
  #active = 0;
  readonly #queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<R>(fn: () => Promise<R>): Promise<R> {
    while (this.#active >= this.limit) await new Promise<void>((r) => this.#queue.push(r));
    this.#active++;
    try {
      return await fn();
    } finally {
      this.#active--;
      this.#queue.shift()?.();
    }
  }
}
