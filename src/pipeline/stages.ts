// The concurrent middle of a run: decode → plan/engine → encode, joined by bounded channels so the wall
// time approaches the slowest stage and memory stays flat however long the video is.
import { Q, sceneScore, type Frame, type FramePool } from '../frames/index.js';
import type { Interpolator } from '../engines/interpolator.js';
import type { VideoEncoder } from '../media/index.js';
import { nearerFrame, type Timeline } from '../timeline/index.js';
import { InterupError } from '../util/errors.js';
import { Channel, Limiter } from './channel.js';

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
  /** Told about every frame written (a ProgressTracker). */
  tracker?: { add(n?: number): void };
  /**
   * The pool `frames` draw their buffers from (each arriving frame holds one reference). Engine outputs come
   * from it too, and every buffer goes back once the encoder's pipe has taken it, so memory stays flat.
   */
  pool?: FramePool;
  signal?: AbortSignal;
}

/** Runs the three stages concurrently; the first failure stops them all and is rethrown. */
async function runConcurrently(signal: AbortSignal | undefined, channels: Channel<unknown>[], stages: ((signal: AbortSignal) => Promise<void>)[]): Promise<void> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let first: unknown;
  try {
    await Promise.all(
      stages.map((stage) =>
        stage(controller.signal).catch((error: unknown) => {
          first ??= error;
          controller.abort(error);
          for (const c of channels) c.close(error);
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
  const { timeline, engine, scene } = input;
  // Reference counting (no-ops without a pool, or for buffers that are not the pool's): the plan window
  // holds one reference per source frame, each queued output frame one, each engine call one per input.
  const retain = (frame: Frame): Frame => {
    input.pool?.retain(frame.data);
    return frame;
  };
  const release = (frame: Frame): void => input.pool?.release(frame.data);
  const stats: StageStats = { framesWritten: 0, framesDecoded: 0, interpolated: 0, copied: 0, sceneCuts: 0, engineSeconds: 0, maxQueued: 0 };
  const decoded = new Channel<Frame>(4);
  const jobs = new Channel<Promise<Frame>>(Math.max(2, engine.maxConcurrency * 2));
  const limiter = new Limiter(Math.max(1, engine.maxConcurrency));

  const decodeStage = async (): Promise<void> => {
    for await (const frame of input.frames) {
      stats.framesDecoded++;
      await decoded.push(frame);
    }
    decoded.close();
  };

  const planStage = async (signal: AbortSignal): Promise<void> => {
    const window = new Map<number, Frame>();
    const cutChecked = new Map<number, boolean>();
    const source = decoded[Symbol.asyncIterator]();
    let loaded = 0;
    const frameAt = async (i: number): Promise<Frame> => {
      while (loaded <= i) {
        const next = await source.next();
        if (next.done) {
          throw new InterupError('INPUT_TRUNCATED', `ffmpeg decoded only ${loaded} frames where ffprobe listed ${input.expectedFrames}; the file looks damaged or truncated.`, {
            hint: 'Re-download or re-copy the file.',
          });
        }
        window.set(loaded++, next.value);
      }
      const frame = window.get(i);
      if (!frame) throw new Error(`source frame ${i} was already released`);
      return frame;
    };
    for (let k = 0; k < timeline.count; k++) {
      let slot = timeline.slot(k);
      for (const [key, frame] of window) {
        if (key >= slot.index) break;
        window.delete(key);
        release(frame);
      }
      if (slot.t.num !== 0n) {
        const a = await frameAt(slot.index);
        const b = await frameAt(slot.index + 1);
        if (scene.enabled) {
          let cut = cutChecked.get(slot.index);
          if (cut === undefined) {
            cut = sceneScore(a, b) > scene.threshold;
            cutChecked.clear();
            cutChecked.set(slot.index, cut);
            if (cut) stats.sceneCuts++;
          }
          if (cut) slot = nearerFrame(slot);
        }
        if (slot.t.num !== 0n) {
          const t = Q.toNumber(slot.t);
          stats.interpolated++;
          retain(a);
          retain(b);
          const job = limiter.run(async () => {
            const began = performance.now();
            const into = input.pool?.acquire();
            try {
              const out = await engine.interpolate(a, b, t, signal, into);
              // The engine may answer with another buffer (an input, or its own): hold that one instead.
              if (into && out.data !== into) {
                input.pool?.release(into);
                retain(out);
              }
              return out;
            } catch (error) {
              if (into) input.pool?.release(into);
              throw error;
            } finally {
              release(a);
              release(b);
              stats.engineSeconds += (performance.now() - began) / 1000;
            }
          });
          job.catch(() => undefined);
          await jobs.push(job);
          continue;
        }
      }
      stats.copied++;
      await jobs.push(Promise.resolve(retain(await frameAt(slot.index))));
    }
    jobs.close();
    // Read what remains so a truncated or overlong decode is noticed (normally nothing is left).
    for (const frame of window.values()) release(frame);
    window.clear();
    for (let next = await source.next(); !next.done; next = await source.next()) {
      loaded++;
      release(next.value);
    }
    if (loaded < input.expectedFrames) {
      throw new InterupError('INPUT_TRUNCATED', `ffmpeg decoded only ${loaded} frames where ffprobe listed ${input.expectedFrames}; the file looks damaged or truncated.`, {
        hint: 'Re-download or re-copy the file.',
      });
    }
  };

  const encodeStage = async (signal: AbortSignal): Promise<void> => {
    for await (const job of jobs) {
      const made = await job;
      const frame = input.transform ? await input.transform(made, signal) : made;
      if (frame.data !== made.data) release(made);
      // Back to the pool only once the pipe has taken the bytes, never while ffmpeg may still read them.
      await input.encoder.write(frame, input.pool ? () => release(frame) : undefined);
      stats.framesWritten++;
      input.tracker?.add(1);
    }
  };

  await runConcurrently(input.signal, [decoded as Channel<unknown>, jobs as Channel<unknown>], [decodeStage, planStage, encodeStage]);
  stats.maxQueued = decoded.maxSeen + jobs.maxSeen;
  return stats;
}

/** Whole-stream engines (minterpolate): ffmpeg already made the output frames; pad/trim to the plan and encode. */
export async function runStreamStages(input: Omit<PairStagesInput, 'engine' | 'scene' | 'expectedFrames'>): Promise<StageStats & { padded: number; dropped: number }> {
  const stats = { framesWritten: 0, framesDecoded: 0, interpolated: 0, copied: 0, sceneCuts: 0, engineSeconds: 0, maxQueued: 0, padded: 0, dropped: 0 };
  const queue = new Channel<Frame>(4);
  const produce = async (): Promise<void> => {
    let last: Frame | undefined;
    for await (const frame of input.frames) {
      stats.framesDecoded++;
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
      await input.encoder.write(frame);
      stats.framesWritten++;
      input.tracker?.add(1);
    }
  };
  await runConcurrently(input.signal, [queue as Channel<unknown>], [produce, consume]);
  stats.maxQueued = queue.maxSeen;
  return stats;
}
