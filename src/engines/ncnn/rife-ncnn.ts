// RIFE through the rife-ncnn-vulkan binary. Starting it costs seconds (Vulkan or CPU set-up, model load),
// so calls are gathered into batches: requests whose timesteps are steps j/k of consecutive pairs run in
// the binary's folder mode, one process per chain of up to `maxConcurrency` pairs; any other timestep runs
// alone (-0 -1 -s t). Frames travel as files in a private temp folder: in as PPM (no compression), out as
// the binary's PNGs, read on worker threads (media/png-readers.ts); the next batch's frames are written
// while the binary runs this one (see #drain). On disk: a batch being written, one being run or read, and
// the unrequested in-betweens of the batch before (a caller that asks for the steps of a pair one by one
// finds them there). Frames are zero-padded to a multiple of 32 because the binary shears the output of
// other widths on the CPU path.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '../../frames/index.js';
import { PngReaders } from '../../media/index.js';
import { InputError, InterupError, expected, toError } from '../../util/index.js';
import type { EngineInfo, Interpolator } from '../interpolator.js';
import { resolvePad } from '../pad.js';
import { readAnswers, writeChain, writeSingle, type BatchFiles, type Leftover } from './batch-files.js';
import { BINARY, runBinary, type BinaryOptions } from './binary.js';
import { abortReason, settle, SignalWatch, type NcnnStats, type Pending } from './calls.js';
import { planChains } from './steps.js';

export const RIFE_NCNN_MODEL = 'rife-v4.6';
export type { NcnnStats } from './calls.js';

/**
 * Pairs per batch, on a GPU and on ncnn's CPU path alike. Each batch pays one binary start (~0.45 s here:
 * Vulkan instance, model load) and, on the CPU, shares the cores with everything else; 64 against 32 took
 * `--prefer ncnn` from 1.31x to 1.14x the old one-folder path's wall time (bench/rife-ncnn-speed.ts, 4 s of
 * 640x360). Frames in flight (two batches: ~128 frames, ~0.8 GB at 1080p) bound it.
 */
const DEFAULT_CHUNK = 64;

export interface RifeNcnnOptions extends BinaryOptions {
  pad?: number;
  /** Most pairs in one batch (default DEFAULT_CHUNK: frames in flight cost memory); calls in flight are twice that. */
  chunk?: number;
  /** Threads that read the binary's PNGs (default: one per core, at most 8). */
  pngThreads?: number;
}

type BatchRun = BatchFiles<Pending>;

export class RifeNcnnInterpolator implements Interpolator {
  readonly info: EngineInfo;
  readonly maxConcurrency: number;
  /** Most pairs one batch takes (calls in flight are two batches). */
  readonly batchPairs: number;
  readonly stats: NcnnStats = { folderRuns: 0, singleRuns: 0, leftoverHits: 0, peakFiles: 0 };
  readonly #options: Required<Omit<RifeNcnnOptions, 'pngThreads'>>;
  readonly #readers: PngReaders;
  /** Called when a call is queued (a drain waiting for a whole batch looks again). */
  #wake: (() => void) | undefined;
  readonly #signals = new SignalWatch();
  /** Leftover reads in flight: their folder stays until they are done. */
  readonly #leftoverReads = new Set<Promise<Frame>>();
  readonly #queue: Pending[] = [];
  #tmp: string | undefined;
  #batches = 0;
  #draining = false;
  #scheduled = false;
  /** Unrequested in-betweens of the last batch, by the pair's first frame, and the folders holding them. */
  #leftovers = new Map<Frame, Leftover[]>();
  #leftoverDirs: string[] = [];
  #disposed = false;
  /** Aborted by dispose(): kills a running binary. */
  readonly #stop = new AbortController();
  #drained: Promise<void> = Promise.resolve();

  private constructor(options: Required<Omit<RifeNcnnOptions, 'pngThreads'>>, device: string, pngThreads?: number) {
    this.#options = options;
    this.#readers = new PngReaders(pngThreads);
    // Two batches' worth: the pipeline hands over the next batch while the binary runs this one.
    this.batchPairs = options.chunk;
    this.maxConcurrency = 2 * options.chunk;
    this.info = {
      id: 'rife-ncnn',
      description: `RIFE 4.6 via rife-ncnn-vulkan (${device}, ${options.threads} threads, pad ${options.pad}; folder mode in batches of up to ${options.chunk} pairs)`,
      device,
      model: RIFE_NCNN_MODEL,
    };
  }

  /** Checks the binary and the settings and builds the engine (nothing starts until the first call). */
  static create(options: RifeNcnnOptions, deviceName?: string): RifeNcnnInterpolator {
    if (!Number.isInteger(options.threads) || options.threads <= 0) throw new InputError('BAD_THREADS', expected('a positive integer', 'threads', options.threads));
    const binary = join(options.modelDir, BINARY);
    if (!existsSync(binary)) throw new InterupError('NCNN_BINARY_MISSING', `${binary} does not exist.`, { hint: `Run: interup models fetch ${RIFE_NCNN_MODEL}` });
    const chunk = options.chunk ?? DEFAULT_CHUNK;
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(expected('a positive integer', 'chunk', chunk));
    const { pngThreads, ...rest } = options;
    const full = { pad: resolvePad(), timeoutMs: 600_000, ...rest, chunk };
    const device = options.gpu < 0 ? 'cpu' : `vulkan:${deviceName ?? options.gpu}`;
    return new RifeNcnnInterpolator(full, device, pngThreads);
  }

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal, out?: Buffer): Promise<Frame> {
    if (a.format !== 'rgb24') throw new RangeError(`${BINARY} takes rgb24 frames (8-bit PNG), not ${a.format}`);
    if (a.width !== b.width || a.height !== b.height) {
      throw new InputError('FRAME_SIZE_MISMATCH', `Expected frames of equal size but received ${a.width}x${a.height} and ${b.width}x${b.height}`);
    }
    if (!(t > 0 && t < 1)) throw new RangeError(expected('a timestep between 0 and 1 (exclusive)', 't', t));
    if (this.#disposed) throw new InterupError('ENGINE_DISPOSED', 'The rife-ncnn engine was disposed.');
    signal?.throwIfAborted();
    // Read at once: the next batch's end removes the previous batch's folder (after this read is done).
    const left = this.#takeLeftover(a, b, t);
    if (left) {
      const read = this.#readers.read(left, { width: a.width, height: a.height }, out);
      this.#leftoverReads.add(read);
      return read.finally(() => this.#leftoverReads.delete(read));
    }
    return new Promise<Frame>((resolve, reject) => {
      const pending: Pending = { a, b, t, signal, into: out, running: false, cancelled: false, settled: false, resolve, reject };
      this.#signals.add(pending, onAbort);
      pending.resolve = (frame) => {
        this.#signals.remove(pending);
        resolve(frame);
      };
      pending.reject = (error) => {
        this.#signals.remove(pending);
        reject(toError(error));
      };
      this.#queue.push(pending);
      this.#kick();
    });
  }

  // Starts draining on the next turn of the event loop, so the calls a caller issues together form a batch.
  #kick(): void {
    this.#wake?.();
    if (this.#draining || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#draining) this.#drained = this.#drain();
    });
  }

  // Batches overlap in three stages: the next batch's frames are written while the binary runs this one,
  // and this one's answers are read (on the PNG threads) while the binary runs the next. The binary itself
  // runs one batch at a time. A batch is taken when the binary is idle, or when a whole one is waiting.
  async #drain(): Promise<void> {
    this.#draining = true;
    let binary: Promise<void> = Promise.resolve();
    let collected: Promise<void> = Promise.resolve();
    let inBinary = 0;
    try {
      while (!this.#disposed) {
        // Calls cancelled while queued are settled already: drop them.
        for (let i = this.#queue.length - 1; i >= 0; i--) if (this.#queue[i].settled) this.#queue.splice(i, 1);
        const waiting = this.#queue.filter((p) => !p.settled).length;
        if (waiting === 0 && inBinary === 0) break;
        if (waiting === 0 || (inBinary > 0 && waiting < this.#options.chunk)) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            void binary.then(resolve);
          });
          this.#wake = undefined;
          continue;
        }
        const batch = this.#queue.splice(0, this.#options.chunk).filter((p) => !p.settled);
        for (const request of batch) request.running = true;
        inBinary++;
        const ready = this.#prepare(batch);
        const previous = binary;
        const ran = Promise.all([ready, previous]).then(([files]) => this.#runBinary(files));
        binary = ran.then(() => {
          inBinary--;
        });
        const before = collected;
        collected = Promise.all([ran, before]).then(([files]) => this.#collect(files));
      }
      await collected;
    } finally {
      this.#draining = false;
      // Calls that arrived while the last batch was being read start the next drain.
      if (this.#queue.length > 0 && !this.#disposed) this.#kick();
    }
  }

  // Writes a batch's input frames (never rejects: a failure is kept for collect, which answers every call).
  async #prepare(batch: Pending[]): Promise<BatchRun> {
    const dir = join(this.#root(), `batch-${this.#batches++}`);
    const { chains, single } = planChains<Frame, Pending>(batch);
    const run: BatchRun = { batch, dir, chains: [], singles: [] };
    try {
      await mkdir(dir);
      run.chains = await Promise.all(chains.map((chain, i) => writeChain(chain, join(dir, `chain-${i}`), this.#options.pad)));
      run.singles = await Promise.all(single.map((request, i) => writeSingle(request, join(dir, `single-${i}`), this.#options.pad)));
      this.#countFiles();
    } catch (error) {
      run.failure = error;
    }
    return run;
  }

  // The binary over each chain (folder mode) and each lone pair, one process at a time; never rejects.
  async #runBinary(run: BatchRun): Promise<BatchRun> {
    const live = (requests: readonly Pending[]): boolean => requests.some((r) => !r.settled && !r.cancelled);
    try {
      for (const files of run.chains) {
        if (run.failure !== undefined) break;
        const requests = files.chain.requests.map((r) => r.request);
        if (!live(requests)) continue;
        this.stats.folderRuns++;
        await this.#withRunSignal(requests, (signal) => runBinary(this.#options, ['-i', files.inDir, '-o', files.outDir, '-n', String(files.chain.k * files.chain.frames.length)], signal));
        this.#countFiles();
        await rm(files.inDir, { recursive: true, force: true });
      }
      for (const files of run.singles) {
        if (run.failure !== undefined || !live([files.request])) continue;
        this.stats.singleRuns++;
        await this.#withRunSignal([files.request], (signal) => runBinary(this.#options, ['-0', files.in0, '-1', files.in1, '-o', files.out, '-s', String(files.request.t)], signal));
        this.#countFiles();
      }
    } catch (error) {
      run.failure = error;
    }
    return run;
  }

  // Reads the answers on the PNG threads, keeps the unrequested in-betweens as leftovers, removes what is
  // done with, and only then settles the calls (a failed or cancelled one finds its files gone).
  async #collect(run: BatchRun): Promise<void> {
    const answers = new Map<Pending, Frame>();
    const leftovers = new Map<Frame, Leftover[]>();
    if (run.failure === undefined) {
      try {
        await readAnswers(run, this.#readers, answers, leftovers);
      } catch (error) {
        run.failure = error;
      }
    }
    this.#countFiles();
    // The previous batch's unrequested frames give way to this one's: at most two batches on disk.
    await Promise.allSettled(this.#leftoverReads);
    await Promise.all(this.#leftoverDirs.map((old) => rm(old, { recursive: true, force: true })));
    this.#leftovers = leftovers;
    this.#leftoverDirs = leftovers.size > 0 ? [run.dir] : [];
    if (leftovers.size === 0) await rm(run.dir, { recursive: true, force: true });
    else await Promise.all(run.singles.map((s) => rm(s.dir, { recursive: true, force: true })));
    for (const request of run.batch) {
      const failure = run.failure ?? new InterupError('NCNN_FAILED', `${BINARY} gave no frame for this pair.`);
      settle(request, request.cancelled ? undefined : answers.get(request), request.cancelled ? abortReason(request.signal) : failure);
    }
  }

  // Runs `run` with a signal that aborts once every request it serves has been cancelled.
  async #withRunSignal<T>(requests: readonly Pending[], run: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    const controller = new AbortController();
    const check = (): void => {
      if (this.#stop.signal.aborted || requests.every((r) => r.settled || r.cancelled)) controller.abort();
    };
    const signals = [this.#stop.signal, ...new Set(requests.map((r) => r.signal).filter((s): s is AbortSignal => s !== undefined))];
    for (const s of signals) s.addEventListener('abort', check);
    check();
    try {
      return await run(controller.signal);
    } catch (error) {
      if (this.#stop.signal.aborted) throw new InterupError('ENGINE_DISPOSED', 'The rife-ncnn engine was disposed during this frame.', { cause: error });
      if (controller.signal.aborted) return undefined;
      throw error;
    } finally {
      for (const s of signals) s.removeEventListener('abort', check);
    }
  }

  #takeLeftover(a: Frame, b: Frame, t: number): string | undefined {
    const list = this.#leftovers.get(a);
    const i = list?.findIndex((l) => l.b === b && Math.abs(l.t - t) < 1e-9) ?? -1;
    if (!list || i < 0) return undefined;
    const [hit] = list.splice(i, 1);
    this.stats.leftoverHits++;
    return hit.file;
  }

  // Records the number of PNG files under the temp folder (the bound the tests check).
  #countFiles(): void {
    if (!this.#tmp) return;
    const files = readdirSync(this.#tmp, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.png') || f.endsWith('.ppm')).length;
    this.stats.peakFiles = Math.max(this.stats.peakFiles, files);
  }

  #root(): string {
    this.#tmp ??= mkdtempSync(join(tmpdir(), 'interup-ncnn-'));
    return this.#tmp;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const request of this.#queue.splice(0)) settle(request, undefined, new InterupError('ENGINE_DISPOSED', 'The rife-ncnn engine was disposed while this frame waited.'));
    // A running binary is killed; its batch settles before the folder goes.
    this.#stop.abort();
    this.#wake?.();
    await this.#drained;
    await Promise.allSettled(this.#leftoverReads);
    await this.#readers.close();
    if (this.#tmp) rmSync(this.#tmp, { recursive: true, force: true });
    this.#tmp = undefined;
    this.#leftovers.clear();
    this.#leftoverDirs = [];
  }
}

// A caller cancelled `call`. Still queued: nothing on disk yet, it rejects now. Running: the batch kills
// the binary, cleans up, then rejects it.
function onAbort(call: Pending): void {
  call.cancelled = true;
  if (!call.running) settle(call, undefined, abortReason(call.signal));
}
