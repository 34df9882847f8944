// Progress events with rate and ETA; the CLI decides how to draw them (bar on a TTY, JSON lines otherwise).

export interface ProgressEvent {
  /** What is progressing: 'interpolate', 'upload', 'fetch-model', ... */
  stage: string;
  done: number;
  /** Undefined when the total is not known. */
  total: number | undefined;
  unit: string;
  /** Units per second, smoothed. */
  rate: number;
  /** Seconds left, when the total is known and the rate is positive. */
  etaSeconds: number | undefined;
  elapsedSeconds: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Turns "n more units done" into ProgressEvents with a smoothed rate and an ETA, throttled. */
export class ProgressTracker {
  readonly #stage: string;
  readonly #unit: string;
  readonly #total: number | undefined;
  readonly #listener: ProgressListener | undefined;
  readonly #now: () => number;
  readonly #start: number;
  readonly #minIntervalMs: number;
  #done = 0;
  #rate = 0;
  #lastEmit = -Infinity;
  #lastSampleTime: number;
  #lastSampleDone = 0;

  /** `now` (milliseconds, default `performance.now`) is the clock; tests step it. */
  constructor(options: { stage: string; unit: string; total?: number; listener?: ProgressListener; minIntervalMs?: number; now?: () => number }) {
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#stage = options.stage;
    this.#unit = options.unit;
    this.#total = options.total;
    this.#listener = options.listener;
    this.#minIntervalMs = options.minIntervalMs ?? 250;
    this.#lastSampleTime = this.#start;
  }

  get done(): number {
    return this.#done;
  }

  /** Records `n` more units; emits at most every minIntervalMs, and always on completion. */
  add(n = 1): void {
    this.#done += n;
    const now = this.#now();
    const dt = (now - this.#lastSampleTime) / 1000;
    if (dt >= 0.5) {
      const instant = (this.#done - this.#lastSampleDone) / dt;
      this.#rate = this.#rate === 0 ? instant : 0.7 * this.#rate + 0.3 * instant;
      this.#lastSampleTime = now;
      this.#lastSampleDone = this.#done;
    }
    const finished = this.#total !== undefined && this.#done >= this.#total;
    if (finished || now - this.#lastEmit >= this.#minIntervalMs) {
      this.#lastEmit = now;
      this.#listener?.(this.snapshot());
    }
  }

  /** The current state as an event. */
  snapshot(): ProgressEvent {
    const elapsedSeconds = (this.#now() - this.#start) / 1000;
    // Before the first half-second sample, done/elapsed is noise (1 frame in 0.2 ms = 5000 fps): say nothing.
    const rate = this.#rate > 0 ? this.#rate : elapsedSeconds >= 0.5 ? this.#done / elapsedSeconds : 0;
    const left = this.#total === undefined ? undefined : Math.max(0, this.#total - this.#done);
    return {
      stage: this.#stage,
      done: this.#done,
      total: this.#total,
      unit: this.#unit,
      rate,
      etaSeconds: left !== undefined && rate > 0 ? left / rate : undefined,
      elapsedSeconds,
    };
  }
}
