// Frame-folder mode (the seed's batch_rife.py): for each consecutive pair of PNGs in a folder, write
// FACTOR-1 in-between frames named frame_NNNNNN_mid.png (FACTOR 2) or frame_NNNNNN_mid_XX.png.
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from '../frames/index.js';
import { selectInterpolator, type InterpolatorFactory, type PreferChoice } from '../engines/index.js';
import { readPng, writePng } from '../media/index.js';
import { inLanes, InputError, interupTempPath, ProgressTracker, type Logger, type ProgressListener } from '../util/index.js';
import { removeStaleTemps } from './output-file.js';

export interface FramesOptions {
  inDir: string;
  outDir: string;
  factor: number;
  prefer: PreferChoice;
  device?: string;
  threads?: number;
  modelsDir?: string;
}

export interface FramesReport {
  engine: string;
  pairs: number;
  written: string[];
  wallSeconds: number;
}

/** The in-between file name for the pair starting at frame `number`, step `j` of `factor`. */
export function midName(number: number, j: number, factor: number): string {
  const base = `frame_${String(number).padStart(6, '0')}_mid`;
  return factor === 2 ? `${base}.png` : `${base}_${String(j).padStart(2, '0')}.png`;
}

/** Number of the frame in `name` (frame_NNNNNN.png), else its 1-based position. */
function frameNumber(name: string, position: number): number {
  const m = /^frame_(\d+)\.png$/i.exec(name);
  return m ? Number(m[1]) : position + 1;
}

/** Interpolates every consecutive pair of PNGs in `inDir` into `outDir`. */
export async function interpolateFolder(
  options: FramesOptions,
  context: { logger: Logger; onProgress?: ProgressListener; signal?: AbortSignal; interpolators?: InterpolatorFactory[] },
): Promise<FramesReport> {
  const began = performance.now();
  const { factor } = options;
  if (!Number.isInteger(factor) || factor < 2 || factor > 64) {
    throw new InputError('FACTOR_INVALID', `FACTOR must be a whole number from 2 to 64, not ${factor}.`);
  }
  const info = await stat(options.inDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError('IN_DIR_MISSING', `Input folder ${options.inDir} does not exist.`, { hint: 'Give a folder of PNG frames.' });
  const names = (await readdir(options.inDir)).filter((n) => n.toLowerCase().endsWith('.png')).sort();
  if (names.length < 2) {
    throw new InputError('TOO_FEW_FRAMES', `Input folder ${options.inDir} holds ${names.length} PNG file${names.length === 1 ? '' : 's'}; at least two are needed.`);
  }
  await mkdir(options.outDir, { recursive: true });
  await removeStaleTemps(options.outDir, context.logger);
  const { engine } = await selectInterpolator(options.prefer, { logger: context.logger, device: options.device, threads: options.threads, modelsDir: options.modelsDir, allowFetch: true, onProgress: context.onProgress, signal: context.signal }, context.interpolators);
  const tracker = new ProgressTracker({ stage: 'frames', unit: 'frames', total: (names.length - 1) * (factor - 1), listener: context.onProgress });
  const written: string[] = [];
  // Pairs are handed out in order to as many lanes as the engine runs side by side (two RIFE sessions on
  // the CPU). Each PNG is read once: its promise stays until both pairs that use it have taken it.
  const frames = new Map<number, { frame: Promise<Frame>; uses: number }>();
  const frameAt = (k: number): Promise<Frame> => {
    let entry = frames.get(k);
    if (!entry) {
      entry = { frame: readPng(join(options.inDir, names[k]), context.signal), uses: 0 };
      entry.frame.catch(() => undefined); // awaited by its pair; an unhandled rejection must not end the process
      frames.set(k, entry);
    }
    if (++entry.uses >= (k === 0 || k === names.length - 1 ? 1 : 2)) frames.delete(k);
    return entry.frame;
  };
  try {
    await inLanes(engine.maxConcurrency, names.length - 1, async (i, stopped) => {
      const [a, b] = await Promise.all([frameAt(i), frameAt(i + 1)]);
      if (a.width !== b.width || a.height !== b.height) {
        throw new InputError('FRAME_SIZE_MISMATCH', `${names[i + 1]} is ${b.width}x${b.height} but ${names[i]} is ${a.width}x${a.height}; all frames must have one size.`);
      }
      const number = frameNumber(names[i], i);
      for (let j = 1; j < factor && !stopped(); j++) {
        const mid = await engine.interpolate(a, b, j / factor, context.signal);
        const name = midName(number, j, factor);
        const temp = interupTempPath(join(options.outDir, name));
        try {
          await writePng(temp, mid, context.signal);
          await rename(temp, join(options.outDir, name));
        } finally {
          await rm(temp, { force: true });
        }
        written.push(name);
        tracker.add(1);
      }
    });
  } finally {
    await engine.dispose();
  }
  written.sort();
  const wallSeconds = (performance.now() - began) / 1000;
  context.logger.info('frames done', { engine: engine.info.id, pairs: names.length - 1, written: written.length, seconds: wallSeconds.toFixed(1) });
  return { engine: engine.info.id, pairs: names.length - 1, written, wallSeconds };
}
