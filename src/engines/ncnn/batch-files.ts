// The files of one rife-ncnn-vulkan batch: its input frames written as PPM (no compression: the binary reads
// PNM through stb_image as it reads PNG, with identical frames), zero-padded to the engine's multiple, one
// folder per chain and per lone pair; its answers read back on the PNG threads, and the unrequested
// in-betweens kept as leftovers. Writes are async (the kernel copies the frame's buffer): nothing here
// blocks the event loop for more than a row copy.
import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from '../../frames/index.js';
import { writePpm, type PngReaders } from '../../media/index.js';
import { InterupError, toError } from '../../util/index.js';
import { BINARY } from './binary.js';
import { padTo } from '../pad.js';
import { outputNumber, type Chain, type PairRequest } from './steps.js';

/** A call of the batch, as far as its files are concerned. */
interface Call extends PairRequest<Frame> {
  readonly settled: boolean;
  readonly cancelled: boolean;
  /** The caller's buffer for the answer (the pipeline's pooled one), when it gave one. */
  readonly into?: Buffer;
}

/** An unrequested in-between on disk, answerable later (by the pair's first frame). */
export interface Leftover {
  readonly b: Frame;
  readonly t: number;
  readonly file: string;
}

/** One batch on its way: its calls, folder, files written, and the first failure met. */
export interface BatchFiles<R extends Call> {
  batch: R[];
  dir: string;
  chains: ChainFiles<R>[];
  singles: SingleFiles<R>[];
  failure?: unknown;
}

/** A chain's folders: frames in, the binary's folder-mode output. */
export interface ChainFiles<R extends PairRequest<Frame>> {
  chain: Chain<Frame, R>;
  inDir: string;
  outDir: string;
}

/** A lone pair's files. */
export interface SingleFiles<R extends PairRequest<Frame>> {
  request: R;
  dir: string;
  in0: string;
  in1: string;
  out: string;
}

const name = (n: number, ext: string): string => `${String(n).padStart(8, '0')}.${ext}`;

/** The folder-mode output file of pair `p` at step `j` of `k` (1-based numbering, see steps.ts). */
function chainOutput(outDir: string, p: number, j: number, k: number): string {
  return join(outDir, name(outputNumber(p, j, k), 'png'));
}

/** Output file number `n` (1-based) of a folder-mode run. */
function chainOutputFile(outDir: string, n: number): string {
  return join(outDir, name(n, 'png'));
}

/** Writes a chain's frames into `dir`/in and makes `dir`/out. */
export async function writeChain<R extends PairRequest<Frame>>(chain: Chain<Frame, R>, dir: string, pad: number): Promise<ChainFiles<R>> {
  const inDir = join(dir, 'in');
  const outDir = join(dir, 'out');
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir);
  const { width, height } = chain.frames[0];
  const pw = padTo(width, pad);
  const ph = padTo(height, pad);
  await Promise.all(chain.frames.map((frame, i) => writePpm(join(inDir, name(i, 'ppm')), frame, pw, ph)));
  return { chain, inDir, outDir };
}

/** Writes a lone pair's two frames into `dir`. */
export async function writeSingle<R extends PairRequest<Frame>>(request: R, dir: string, pad: number): Promise<SingleFiles<R>> {
  await mkdir(dir);
  const pw = padTo(request.a.width, pad);
  const ph = padTo(request.a.height, pad);
  const [in0, in1, out] = ['a.ppm', 'b.ppm', 'out.png'].map((f) => join(dir, f));
  await Promise.all([writePpm(in0, request.a, pw, ph), writePpm(in1, request.b, pw, ph)]);
  return { request, dir, in0, in1, out };
}

/**
 * Reads every answer of a run batch into `answers` (cropped back to the frame size, on the PNG threads)
 * and its unrequested in-betweens into `leftovers`; every read started is waited for, even after a
 * failure, so no thread still reads a file the caller then removes.
 */
export async function readAnswers<R extends Call>(run: BatchFiles<R>, readers: PngReaders, answers: Map<R, Frame>, leftovers: Map<Frame, Leftover[]>): Promise<void> {
  const reads: Promise<void>[] = [];
  const read = (request: R, path: string): void => {
    if (request.settled || request.cancelled) return;
    if (!existsSync(path)) throw new InterupError('NCNN_FAILED', `${BINARY} exited without writing ${path}.`);
    reads.push(readers.read(path, { width: request.a.width, height: request.a.height }, request.into).then((frame) => void answers.set(request, frame)));
  };
  let failure: unknown;
  try {
    for (const { chain, outDir } of run.chains) {
      const asked = new Set<string>();
      for (const { request, p, j } of chain.requests) {
        const path = chainOutput(outDir, p, j, chain.k);
        asked.add(path);
        read(request, path);
      }
      keepLeftovers(chain, outDir, asked, leftovers);
    }
    for (const files of run.singles) read(files.request, files.out);
  } catch (error) {
    failure = error;
  }
  const failed = (await Promise.allSettled(reads)).find((r) => r.status === 'rejected');
  if (failure !== undefined) throw toError(failure);
  if (failed) throw toError(failed.reason);
}

// Removes a chain's copies of its input frames (t = 0, and the clamped tail: never asked for) and keeps its
// unrequested in-betweens as leftovers, by the pair's first frame.
function keepLeftovers<R extends Call>(chain: Chain<Frame, R>, outDir: string, asked: ReadonlySet<string>, leftovers: Map<Frame, Leftover[]>): void {
  const last = outputNumber(chain.frames.length - 2, chain.k - 1, chain.k);
  for (let n = 1; n <= chain.k * chain.frames.length; n++) if ((n - 1) % chain.k === 0 || n > last) rmSync(chainOutputFile(outDir, n), { force: true });
  for (let p = 0; p + 1 < chain.frames.length; p++) {
    for (let j = 1; j < chain.k; j++) {
      const path = chainOutput(outDir, p, j, chain.k);
      if (asked.has(path) || !existsSync(path)) continue;
      const a = chain.frames[p];
      leftovers.set(a, [...(leftovers.get(a) ?? []), { b: chain.frames[p + 1], t: j / chain.k, file: path }]);
    }
  }
}
