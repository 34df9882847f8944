// RIFE through the rife-ncnn-vulkan binary. Starting it costs seconds (Vulkan or CPU set-up, model load),
// so calls are gathered into batches: requests whose timesteps are steps j/k of consecutive pairs run in
// the binary's folder mode, one process per chain of up to `maxConcurrency` pairs; any other timestep runs
// alone (-0 -1 -s t). Frames travel as PNG files in a private temp folder: one batch's inputs and
// outputs, plus the unrequested in-betweens of the previous batch until it is replaced (a caller that
// asks for the steps of a pair one by one finds them there). Frames are zero-padded to a multiple of 32
// because the binary shears the output of other widths on the CPU path.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cropFrame, padFrameTo, type Frame } from '../../frames/index.js';
import { decodePng, encodePng } from '../../media/index.js';
import { InputError, InterupError, expected, toError } from '../../util/index.js';
import type { EngineInfo, Interpolator } from '../interpolator.js';
import { padTo, resolvePad } from '../pad.js';
import { BINARY, runBinary, type BinaryOptions } from './binary.js';
import { outputNumber, planChains, type Chain, type PairRequest } from './steps.js';

export const RIFE_NCNN_MODEL = 'rife-v4.6';

export interface RifeNcnnOptions extends BinaryOptions {
  pad?: number;
  /** Most pairs in one batch, and so calls in flight (default 16 on the CPU, 32 on a GPU: frames in flight cost memory). */
  chunk?: number;
}

interface Pending extends PairRequest<Frame> {
  readonly signal?: AbortSignal;
  /** Taken into a batch: a cancel then waits for that batch's files to be gone before it rejects. */
  running: boolean;
  cancelled: boolean;
  settled: boolean;
  resolve(frame: Frame): void;
  reject(error: unknown): void;
}

/** What the engine did, for tests and benchmarks. */
export interface NcnnStats {
  /** Binary runs in folder mode (one per chain) and one per lone pair. */
  folderRuns: number;
  singleRuns: number;
  /** Frames answered from the previous batch's unrequested in-betweens. */
  leftoverHits: number;
  /** Most PNG files in the engine's temp folder at once (inputs, outputs, leftovers). */
  peakFiles: number;
}

interface Leftover {
  readonly b: Frame;
  readonly t: number;
  readonly file: string;
}

export class RifeNcnnInterpolator implements Interpolator {
  readonly info: EngineInfo;
  readonly maxConcurrency: number;
  readonly stats: NcnnStats = { folderRuns: 0, singleRuns: 0, leftoverHits: 0, peakFiles: 0 };
  readonly #options: Required<RifeNcnnOptions>;
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

  private constructor(options: Required<RifeNcnnOptions>, device: string) {
    this.#options = options;
    this.maxConcurrency = options.chunk;
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
    const chunk = options.chunk ?? (options.gpu < 0 ? 16 : 32);
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(expected('a positive integer', 'chunk', chunk));
    const full: Required<RifeNcnnOptions> = { pad: resolvePad(), timeoutMs: 600_000, ...options, chunk };
    const device = options.gpu < 0 ? 'cpu' : `vulkan:${deviceName ?? options.gpu}`;
    return new RifeNcnnInterpolator(full, device);
  }

  async interpolate(a: Frame, b: Frame, t: number, signal?: AbortSignal): Promise<Frame> {
    if (a.format !== 'rgb24') throw new RangeError(`${BINARY} takes rgb24 frames (8-bit PNG), not ${a.format}`);
    if (a.width !== b.width || a.height !== b.height) {
      throw new InputError('FRAME_SIZE_MISMATCH', `Expected frames of equal size but received ${a.width}x${a.height} and ${b.width}x${b.height}`);
    }
    if (!(t > 0 && t < 1)) throw new RangeError(expected('a timestep between 0 and 1 (exclusive)', 't', t));
    if (this.#disposed) throw new InterupError('ENGINE_DISPOSED', 'The rife-ncnn engine was disposed.');
    signal?.throwIfAborted();
    // Read at once: the next batch's end removes the previous batch's folder.
    const left = this.#takeLeftover(a, b, t);
    if (left) return cropFrame(decodePng(readFileSync(left), left), a.width, a.height);
    return new Promise<Frame>((resolve, reject) => {
      const pending: Pending = { a, b, t, signal, running: false, cancelled: false, settled: false, resolve, reject };
      const onAbort = (): void => {
        pending.cancelled = true;
        // Still queued: nothing on disk yet. Running: the batch kills the binary, cleans up, then rejects.
        if (!pending.running) settle(pending, undefined, abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.resolve = (frame) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(frame);
      };
      pending.reject = (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(toError(error));
      };
      this.#queue.push(pending);
      this.#kick();
    });
  }

  // Starts draining on the next turn of the event loop, so the calls a caller issues together form a batch.
  #kick(): void {
    if (this.#draining || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#draining) this.#drained = this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#disposed) {
        const batch = this.#queue.splice(0, this.maxConcurrency).filter((p) => !p.settled);
        for (const request of batch) request.running = true;
        if (batch.length > 0) await this.#runBatch(batch);
      }
    } finally {
      this.#draining = false;
    }
  }

  async #runBatch(batch: Pending[]): Promise<void> {
    const dir = join(this.#root(), `batch-${this.#batches++}`);
    mkdirSync(dir);
    const leftovers = new Map<Frame, Leftover[]>();
    const { chains, single } = planChains<Frame, Pending>(batch);
    let failure: unknown;
    try {
      for (const [i, chain] of chains.entries()) await this.#runChain(chain, join(dir, `chain-${i}`), leftovers);
      for (const [i, request] of single.entries()) await this.#runSingle(request, join(dir, `single-${i}`));
    } catch (error) {
      failure = error;
    }
    this.#countFiles();
    // The previous batch's unrequested frames give way to this one's: at most two batches on disk.
    for (const old of this.#leftoverDirs) rmSync(old, { recursive: true, force: true });
    this.#leftovers = leftovers;
    this.#leftoverDirs = leftovers.size > 0 ? [dir] : [];
    if (leftovers.size === 0) rmSync(dir, { recursive: true, force: true });
    // Only now, with the files gone, do failed and cancelled calls return.
    for (const request of batch) settle(request, undefined, request.cancelled ? abortReason(request.signal) : failure ?? new InterupError('NCNN_FAILED', `${BINARY} gave no frame for this pair.`));
  }

  // One folder-mode run over a chain; answers its requests and keeps the other in-betweens as leftovers.
  async #runChain(chain: Chain<Frame, Pending>, dir: string, leftovers: Map<Frame, Leftover[]>): Promise<void> {
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'out');
    mkdirSync(inDir, { recursive: true });
    mkdirSync(outDir);
    const { width, height } = chain.frames[0];
    const pw = padTo(width, this.#options.pad);
    const ph = padTo(height, this.#options.pad);
    chain.frames.forEach((frame, i) => writeFileSync(join(inDir, `${String(i).padStart(8, '0')}.png`), encodePng(padFrameTo(frame, pw, ph, 'zero'), { fast: true })));
    const requests = chain.requests.map((r) => r.request);
    this.stats.folderRuns++;
    await this.#withRunSignal(requests, (signal) => runBinary(this.#options, ['-i', inDir, '-o', outDir, '-n', String(chain.k * chain.frames.length)], signal));
    this.#countFiles();
    rmSync(inDir, { recursive: true, force: true });
    const file = (p: number, j: number): string => join(outDir, `${String(outputNumber(p, j, chain.k)).padStart(8, '0')}.png`);
    const asked = new Set<string>();
    for (const { request, p, j } of chain.requests) {
      const path = file(p, j);
      asked.add(path);
      if (request.settled || request.cancelled) continue;
      if (!existsSync(path)) throw new InterupError('NCNN_FAILED', `${BINARY} exited without writing ${path}.`);
      settle(request, cropFrame(decodePng(await readFile(path), path), width, height));
    }
    // Copies of input frames (t = 0, and the clamped tail) are never asked for.
    for (let n = 1; n <= chain.k * chain.frames.length; n++) {
      const path = join(outDir, `${String(n).padStart(8, '0')}.png`);
      if ((n - 1) % chain.k === 0 || n > outputNumber(chain.frames.length - 2, chain.k - 1, chain.k)) rmSync(path, { force: true });
    }
    for (let p = 0; p + 1 < chain.frames.length; p++) {
      for (let j = 1; j < chain.k; j++) {
        const path = file(p, j);
        if (asked.has(path) || !existsSync(path)) continue;
        const a = chain.frames[p];
        leftovers.set(a, [...(leftovers.get(a) ?? []), { b: chain.frames[p + 1], t: j / chain.k, file: path }]);
      }
    }
  }

  async #runSingle(request: Pending, dir: string): Promise<void> {
    if (request.settled || request.cancelled) return;
    this.stats.singleRuns++;
    mkdirSync(dir);
    const { width, height } = request.a;
    const pw = padTo(width, this.#options.pad);
    const ph = padTo(height, this.#options.pad);
    const [in0, in1, out] = ['a.png', 'b.png', 'out.png'].map((f) => join(dir, f));
    try {
      writeFileSync(in0, encodePng(padFrameTo(request.a, pw, ph, 'zero'), { fast: true }));
      writeFileSync(in1, encodePng(padFrameTo(request.b, pw, ph, 'zero'), { fast: true }));
      await this.#withRunSignal([request], (signal) => runBinary(this.#options, ['-0', in0, '-1', in1, '-o', out, '-s', String(request.t)], signal));
      if (request.settled || request.cancelled) return;
      this.#countFiles();
      if (!existsSync(out)) throw new InterupError('NCNN_FAILED', `${BINARY} exited without writing ${out}.`);
      settle(request, cropFrame(decodePng(await readFile(out), out), width, height));
    } finally {
      rmSync(dir, { recursive: true, force: true });
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
    const files = readdirSync(this.#tmp, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.png')).length;
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
    await this.#drained;
    if (this.#tmp) rmSync(this.#tmp, { recursive: true, force: true });
    this.#tmp = undefined;
    this.#leftovers.clear();
    this.#leftoverDirs = [];
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new Error('This operation was aborted');
}

// Settles a request once (a cancelled one may still have a run answering it).
function settle(request: Pending, frame: Frame | undefined, error?: unknown): void {
  if (request.settled) return;
  request.settled = true;
  if (frame) request.resolve(frame);
  else request.reject(error);
}
