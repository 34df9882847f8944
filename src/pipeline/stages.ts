// The concurrent middle of a run: decode → plan/engine → encode, joined by bounded channels so the wall
// time approaches the slowest stage and memory stays flat however long the video is.
import { Q, sceneScore, type Frame, type FramePool } from '../frames/index.js';
import type { Interpolator } from '../engines/index.js';
import type { VideoEncoder } from '../media/index.js';
import { nearerFrame, type Timeline } from '../timeline/index.js';
import { InterupError, toError } from '../util/index.js';
import { Channel, Limiter } from './channel.js';
import { planDedupSlots, type DedupHost, type DedupPlan, type DedupStats } from './dedup-stage.js';
import { SourceWindow } from './source-window.js';
import { runPastFile } from './timing-guard.js';
import type { FrameTap } from './types.js';

export interface SceneOptions {
  enabled: boolean;
  /** Score (0..1) above which a pair is a cut. */
  threshold: number;
}

export interface StageStats {
  framesWritten: number;
  framesDecoded: number;
  interpolated: number;
  copied: number;
  sceneCuts: number;
  /** Seconds spent inside engine calls (summed over concurrent calls). */
  engineSeconds: number;
  /** Most frames waiting between stages at once. */
  maxQueued: number;
  /** Seconds spent waiting for the encoder to take frames (its input pipe full): how long it was the bottleneck. */
  encoderBackpressureSeconds: number;
  /** Damaged source frames the decoder filled or concealed (only for a file the probe found damaged). */
  damagedFrames?: number;
  /** What dedup found and saved (only when it ran). */
  dedup?: DedupStats;
}

export interface PairStagesInput {
  frames: AsyncIterable<Frame>;
  /** Source frames the probe promised (a shorter decode means a truncated file). */
  expectedFrames: number;
  timeline: Timeline;
  engine: Interpolator;
  scene: SceneOptions;
  encoder: VideoEncoder;
  /** Optional stage after interpolation (an upscaler slots in here). */
  transform?: (frame: Frame, signal: AbortSignal) => Promise<Frame>;
  /**
   * Guards independent of the plan (pipeline/timing-guard.ts): at most `maxFrames` output frames, and once the
   * decoder has delivered its last frame at most `tailFrames` more slots repeating it. Either stops the run.
   */
  limits?: { maxFrames: number; tailFrames: number };
  /** Told about every frame written (a ProgressTracker). */
  tracker?: { add(n?: number): void };
  /** Sees a sample of the frames on their way to the encoder (the watch page's thumbnail). */
  tap?: FrameTap;
  /**
   * The pool `frames` draw their buffers from (each arriving frame holds one reference). Engine outputs come
   * from it too, and every buffer goes back once the encoder's pipe has taken it, so memory stays flat.
   */
  pool?: FramePool;
  signal?: AbortSignal;
  /** Repeated frames: answer the slots from distinct pictures (pipeline/dedup-stage.ts) instead of pairs of delivered frames. */
  dedup?: DedupPlan;
}

/** Runs the three stages concurrently; the first failure stops them all and is rethrown. */
async function runConcurrently(signal: AbortSignal | undefined, channels: Channel<unknown>[], stages: ((signal: AbortSignal) => Promise<void>)[]): Promise<void> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let first: Error | undefined;
  try {
    await Promise.all(
      stages.map((stage) =>
        stage(controller.signal).catch((error: unknown) => {
          const failure = toError(error);
          first ??= failure;
          controller.abort(failure);
          for (const c of channels) c.close(failure);
        }),
      ),
    );
    if (first !== undefined) throw first;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Encodes every output frame: copies at t = 0, engine calls in between, nearer frame across cuts. */
export async function runPairStages(input: PairStagesInput): Promise<StageStats> {
  const run = new PairRun(input);
  await runConcurrently(input.signal, [run.decoded, run.jobs], [() => run.decodeStage(), (s) => run.planStage(s), (s) => run.encodeStage(s)]);
  return run.finalStats();
}

// The shared state of one runPairStages call and its three stages. Buffers are reference counted (no-ops
// without a pool, or for buffers that are not the pool's): the source window holds one reference per
// source frame, each queued output frame one, each engine call one per input.
class PairRun {
  readonly stats: StageStats = { framesWritten: 0, framesDecoded: 0, interpolated: 0, copied: 0, sceneCuts: 0, engineSeconds: 0, maxQueued: 0, encoderBackpressureSeconds: 0 };
  readonly decoded = new Channel<Frame>(4);
  readonly jobs: Channel<Promise<Frame>>;
  readonly #input: PairStagesInput;
  readonly #limiter: Limiter;
  /** The scene verdict for the last pair checked (consecutive slots mostly share a pair). */
  #cut: { a: number; b: number; cut: boolean } | undefined;

  constructor(input: PairStagesInput) {
    this.#input = input;
    this.jobs = new Channel<Promise<Frame>>(Math.max(2, input.engine.maxConcurrency * 2));
    this.#limiter = new Limiter(Math.max(1, input.engine.maxConcurrency));
  }

  readonly retain = (frame: Frame): Frame => {
    this.#input.pool?.retain(frame.data);
    return frame;
  };

  readonly release = (frame: Frame): void => this.#input.pool?.release(frame.data);

  // Stage 1: decoded frames into a bounded channel.
  async decodeStage(): Promise<void> {
    for await (const frame of this.#input.frames) {
      this.stats.framesDecoded++;
      await this.decoded.push(frame);
    }
    this.decoded.close();
  }

  // Stage 2: one job per output slot, in order: a copied source frame or an engine call.
  async planStage(signal: AbortSignal): Promise<void> {
    const window = new SourceWindow(this.decoded, this.#input.expectedFrames, this.release);
    const guard = new RunGuard(this.#input.limits);
    const dedup = this.#input.dedup;
    if (dedup) this.stats.dedup = await planDedupSlots(this.#dedupHost(window, guard, signal), dedup);
    else await this.#planPairs(window, guard, signal);
    this.jobs.close();
    // Read what remains so a truncated or overlong decode is noticed (normally nothing is left).
    await window.drain();
  }

  async #planPairs(window: SourceWindow, guard: RunGuard, signal: AbortSignal): Promise<void> {
    const { timeline } = this.#input;
    for (let k = 0; k < timeline.count; k++) {
      let slot = timeline.slot(k);
      window.releaseBefore(slot.index);
      await guard.check(k, slot.index, window);
      if (slot.t.num !== 0n) {
        const a = await window.frameAt(slot.index);
        const b = await window.frameAt(slot.index + 1);
        if (this.#isCut(slot.index, slot.index + 1, a, b)) slot = nearerFrame(slot);
        if (slot.t.num !== 0n) {
          await this.jobs.push(this.#interpolate(a, b, Q.toNumber(slot.t), signal));
          continue;
        }
      }
      this.stats.copied++;
      await this.jobs.push(Promise.resolve(this.retain(await window.frameAt(slot.index))));
    }
  }

  #dedupHost(window: SourceWindow, guard: RunGuard, signal: AbortSignal): DedupHost {
    return {
      timeline: this.#input.timeline,
      window,
      guard: (k, index) => guard.check(k, index, window),
      copy: async (frame) => {
        this.stats.copied++;
        await this.jobs.push(Promise.resolve(this.retain(frame)));
      },
      interpolate: (a, b, t) => this.jobs.push(this.#interpolate(a, b, t, signal)),
      isCut: (ia, ib, a, b) => this.#isCut(ia, ib, a, b),
    };
  }

  // Stage 3: each job's frame, through the optional transform (an upscaler), into the encoder.
  async encodeStage(signal: AbortSignal): Promise<void> {
    const { transform, encoder, pool, tracker, tap } = this.#input;
    for await (const job of this.jobs) {
      // By construction the plan stage queues one job per slot; a frame past the plan is a bug, never written.
      if (this.stats.framesWritten >= this.#input.timeline.count) throw new InterupError('RUN_PAST_PLAN', `The encoder was about to be given frame ${this.stats.framesWritten + 1} of ${this.#input.timeline.count} planned; stopping.`);
      const made = await job;
      const frame = transform ? await transform(made, signal) : made;
      if (frame.data !== made.data) this.release(made);
      if (tap?.wants()) tap.take(frame);
      // Back to the pool only once the pipe has taken the bytes, never while ffmpeg may still read them.
      const began = performance.now();
      await encoder.write(frame, pool ? () => this.release(frame) : undefined);
      this.stats.encoderBackpressureSeconds += (performance.now() - began) / 1000;
      this.stats.framesWritten++;
      tracker?.add(1);
    }
  }

  finalStats(): StageStats {
    return { ...this.stats, maxQueued: this.decoded.maxSeen + this.jobs.maxSeen };
  }

  // Whether the pair of source frames (ia, ib) crosses a scene cut (scored once per pair; counted once).
  #isCut(ia: number, ib: number, a: Frame, b: Frame): boolean {
    const { scene } = this.#input;
    if (!scene.enabled) return false;
    if (this.#cut?.a !== ia || this.#cut.b !== ib) {
      const cut = sceneScore(a, b) > scene.threshold;
      this.#cut = { a: ia, b: ib, cut };
      if (cut) this.stats.sceneCuts++;
    }
    return this.#cut.cut;
  }

  // One engine call, started when the limiter allows (up to maxConcurrency at once); holds its inputs until done.
  #interpolate(a: Frame, b: Frame, t: number, signal: AbortSignal): Promise<Frame> {
    const { engine, pool } = this.#input;
    this.stats.interpolated++;
    this.retain(a);
    this.retain(b);
    const job = this.#limiter.run(async () => {
      const began = performance.now();
      const into = pool?.acquire();
      try {
        const out = await engine.interpolate(a, b, t, signal, into);
        // The engine may answer with another buffer (an input, or its own): hold that one instead.
        if (into && out.data !== into) {
          pool?.release(into);
          this.retain(out);
        }
        return out;
      } catch (error) {
        if (into) pool?.release(into);
        throw error;
      } finally {
        this.release(a);
        this.release(b);
        this.stats.engineSeconds += (performance.now() - began) / 1000;
      }
    });
    job.catch(() => undefined);
    return job;
  }
}

// Stops a run going past its file: a slot beyond the output frames the file allows, or too many slots
// after the decoder's last frame (they could only repeat it).
class RunGuard {
  readonly #limits: { maxFrames: number; tailFrames: number } | undefined;
  #tail = 0;

  constructor(limits: { maxFrames: number; tailFrames: number } | undefined) {
    this.#limits = limits;
  }

  async check(k: number, index: number, window: SourceWindow): Promise<void> {
    const limits = this.#limits;
    if (!limits) return;
    if (k >= limits.maxFrames) throw runPastFile(k, limits.maxFrames);
    if (index + 1 < window.loaded || !(await window.isLast(index))) return;
    if (++this.#tail > limits.tailFrames) {
      throw new InterupError('RUN_PAST_SOURCE', `The decoder delivered its last frame (${window.loaded}) ${this.#tail - 1} output frames ago, more than the ${limits.tailFrames} its duration allows; stopping the run.`, {
        hint: 'This is a bug in interup; please report it with the input file.',
      });
    }
  }
}

/** Whole-stream engines (minterpolate): ffmpeg already made the output frames; pad/trim to the plan and encode. */
export async function runStreamStages(input: Omit<PairStagesInput, 'engine' | 'scene' | 'expectedFrames'>): Promise<StageStats & { padded: number; dropped: number }> {
  const stats = { framesWritten: 0, framesDecoded: 0, interpolated: 0, copied: 0, sceneCuts: 0, engineSeconds: 0, maxQueued: 0, encoderBackpressureSeconds: 0, padded: 0, dropped: 0 };
  const queue = new Channel<Frame>(4);
  const produce = async (): Promise<void> => {
    let last: Frame | undefined;
    for await (const frame of input.frames) {
      stats.framesDecoded++;
      // The filter's frames past the plan are dropped, but not forever: leaving the loop stops the decoder.
      if (input.limits && stats.framesDecoded > input.limits.maxFrames) throw runPastFile(stats.framesDecoded - 1, input.limits.maxFrames);
      if (stats.framesDecoded > input.timeline.count) {
        stats.dropped++;
        continue;
      }
      last = frame;
      await queue.push(frame);
    }
    if (!last) throw new InterupError('FILTER_EMPTY', 'The ffmpeg filter produced no frames.');
    for (let k = stats.framesDecoded; k < input.timeline.count; k++) {
      stats.padded++;
      await queue.push(last);
    }
    queue.close();
  };
  const consume = async (signal: AbortSignal): Promise<void> => {
    for await (let frame of queue) {
      if (input.transform) frame = await input.transform(frame, signal);
      if (input.tap?.wants()) input.tap.take(frame);
      const began = performance.now();
      await input.encoder.write(frame);
      stats.encoderBackpressureSeconds += (performance.now() - began) / 1000;
      stats.framesWritten++;
      input.tracker?.add(1);
    }
  };
  await runConcurrently(input.signal, [queue], [produce, consume]);
  stats.maxQueued = queue.maxSeen;
  return stats;
}
