// Benchmark: the rife-ncnn engine (batches in folder mode) against rife-ncnn-vulkan's own folder mode on
// the same frames at factor 2, both timed whole (process starts and model loads included), rounds
// interleaved, median kept. Goal (issue 12): the engine within 1.2x of the binary alone. Before batching
// the engine started one process per pair (~10x).
// Run alone: `npx tsx bench/rife-ncnn.ts [--frames N] [--rounds N]`; `npm run bench rife` calls it too.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame } from '../src/frames/index.js';
import { RifeNcnnInterpolator, runBinary } from '../src/engines/index.js';
import { encodePng } from '../src/media/index.js';
import { fetchModels, findModel } from '../src/models/index.js';
import { inLanes } from '../src/util/index.js';
import { ffmpegFrames } from '../test/engines-rife/frames.js';
import { footage } from '../test/helpers/footage.js';

export interface NcnnChunkBenchResult {
  width: number;
  height: number;
  threads: number;
  pairs: number;
  rounds: number;
  /** Median wall seconds for all pairs: the binary's folder mode alone, and the engine. */
  folderSeconds: number;
  engineSeconds: number;
  /** engine / folder (goal ≤ 1.2). */
  ratio: number;
  /** Binary runs the engine made per round (one per batch). */
  engineRuns: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Folder mode over `frames` (factor 2) vs the engine asked for every midpoint at once. */
export async function runNcnnChunkBench(options: { threads?: number; frames?: number; rounds?: number; modelsDir?: string } = {}): Promise<NcnnChunkBenchResult> {
  const threads = options.threads ?? 2;
  const pairs = options.frames ?? 16;
  const rounds = options.rounds ?? 3;
  const modelsDir = options.modelsDir ?? process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '.cache', 'models');
  const entry = findModel('rife-v4.6');
  if (!entry) throw new Error('rife-v4.6 missing from the catalog');
  await fetchModels([entry], { modelsDir });
  const modelDir = join(modelsDir, 'rife-v4.6');
  const [w, h] = [640, 360];
  const frames: Frame[] = (await ffmpegFrames(['-i', await footage('motion.mov'), '-frames:v', String(100 + pairs + 1)], w, h)).slice(100);
  const work = mkdtempSync(join(tmpdir(), 'interup-bench-ncnn-'));
  const folder: number[] = [];
  const engine: number[] = [];
  let engineRuns = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      const inDir = join(work, `in-${r}`);
      const outDir = join(work, `out-${r}`);
      mkdirSync(inDir);
      mkdirSync(outDir);
      // The binary's own run includes writing its input PNGs, as the engine's does.
      let t0 = performance.now();
      frames.forEach((f, i) => writeFileSync(join(inDir, `${String(i).padStart(6, '0')}.png`), encodePng(f, { fast: true })));
      await runBinary({ modelDir, gpu: -1, threads }, ['-i', inDir, '-o', outDir, '-n', String(2 * frames.length)]);
      folder.push((performance.now() - t0) / 1000);
      rmSync(inDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });

      const ncnn = RifeNcnnInterpolator.create({ modelDir, gpu: -1, threads, chunk: pairs });
      t0 = performance.now();
      try {
        await inLanes(ncnn.maxConcurrency, pairs, async (i) => {
          await ncnn.interpolate(frames[i], frames[i + 1], 0.5);
        });
        engine.push((performance.now() - t0) / 1000);
        engineRuns = ncnn.stats.folderRuns + ncnn.stats.singleRuns;
      } finally {
        await ncnn.dispose();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const folderSeconds = median(folder);
  const engineSeconds = median(engine);
  return { width: w, height: h, threads, pairs, rounds, folderSeconds, engineSeconds, ratio: engineSeconds / folderSeconds, engineRuns };
}

/** One line for a person. */
export function formatNcnnChunkBench(r: NcnnChunkBenchResult): string {
  return (
    `rife-ncnn engine vs rife-ncnn-vulkan folder mode, factor 2, ${r.pairs} pairs at ${r.width}x${r.height} (motion.mov, ${r.threads} threads, -g -1, median of ${r.rounds}): ` +
    `folder mode ${r.folderSeconds.toFixed(1)} s, engine ${r.engineSeconds.toFixed(1)} s in ${r.engineRuns} binary run(s); engine/folder ${r.ratio.toFixed(2)}x (goal ≤ 1.2x)`
  );
}

function argValue(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(formatNcnnChunkBench(await runNcnnChunkBench({ frames: argValue('--frames'), rounds: argValue('--rounds') })));
}
