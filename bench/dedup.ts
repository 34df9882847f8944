// Dedup benchmark (issue 22): per case of footage with repeats, `--dedup off` and `on` against the ideal
// (the distinct pictures at their true rate taken to the same rate): frames ≥ 35 dB PSNR-Y, steps without
// motion, engine calls and wall time; and on footage without repeats, `auto` against `off` (identical
// output, no slowdown). RIFE on the CPU at small sizes (--quick: blend, the short twos clip), ffv1 output.
// Cases: twos, pulldown, threes, a mixed cadence, a hold, no repeats. Clips from test/helpers/repeat-footage.ts. `npm run bench dedup`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processVideo, type ProcessOptions, type RunReport } from '../src/pipeline/index.js';
import { silentLogger } from '../src/util/index.js';
import { framemd5 } from '../test/queue/harness.js';
import { holdClip, joinFrames, mixedClip, noRepeatClip, psnrPerFrame, pulldownClip, staticSteps, threesClip, twosClip } from '../test/helpers/repeat-footage.js';
import type { BenchOptions } from './registry.js';

type Options = Omit<ProcessOptions, 'input' | 'output'>;

interface Run {
  dedup: string;
  seconds: number;
  engineCalls: number;
  good?: number;
  frames: number;
  staticSteps?: number;
  summary?: string;
}

interface Case {
  name: string;
  size: [number, number];
  runs: Run[];
  idealStatic?: number;
}

async function render(dir: string, input: string, name: string, options: Options): Promise<{ path: string; report: RunReport; seconds: number }> {
  const path = join(dir, name);
  const began = performance.now();
  const report = await processVideo({ ...options, input, output: path }, { logger: silentLogger });
  return { path, report, seconds: (performance.now() - began) / 1000 };
}

/** `ideal`: a clip to render as the ideal, or a function rendering it (an ideal made in parts). */
async function againstIdeal(dir: string, name: string, input: string, ideal: string | (() => Promise<string>), size: [number, number], options: Options): Promise<Case> {
  const truth = { path: typeof ideal === 'string' ? (await render(dir, ideal, `${name}-ideal.mkv`, options)).path : await ideal() };
  const runs: Run[] = [];
  for (const dedup of ['off', 'on'] as const) {
    const out = await render(dir, input, `${name}-${dedup}.mkv`, { ...options, dedup });
    const psnr = await psnrPerFrame(out.path, truth.path, dir);
    runs.push({
      dedup,
      seconds: out.seconds,
      engineCalls: out.report.interpolatedFrames ?? 0,
      good: psnr.filter((db) => db >= 35).length,
      frames: psnr.length,
      staticSteps: await staticSteps(out.path, size[0], size[1]),
      summary: out.report.dedup?.summary,
    });
  }
  return { name, size, runs, idealStatic: await staticSteps(truth.path, size[0], size[1]) };
}

async function plainRuns(dir: string, name: string, input: string, options: Options, modes: readonly ('off' | 'on' | 'auto')[]): Promise<{ case: Case; identical: boolean }> {
  const runs: Run[] = [];
  const md5: string[][] = [];
  for (const dedup of modes) {
    const out = await render(dir, input, `${name}-${dedup}.mkv`, { ...options, dedup });
    md5.push(await framemd5(out.path));
    runs.push({ dedup, seconds: out.seconds, engineCalls: out.report.interpolatedFrames ?? 0, frames: out.report.framesOut, summary: out.report.dedup?.summary });
  }
  return { case: { name, size: [192, 108], runs }, identical: JSON.stringify(md5[0]) === JSON.stringify(md5[1]) };
}

function print(c: Case): void {
  console.log(`\n${c.name}${c.idealStatic === undefined ? '' : ` (ideal: ${c.idealStatic} static steps)`}`);
  console.log('dedup | frames ≥ 35 dB | static steps | engine calls | wall s');
  for (const r of c.runs) {
    console.log(`${r.dedup.padEnd(5)} | ${r.good === undefined ? '-' : `${r.good}/${r.frames}`} | ${r.staticSteps ?? '-'} | ${r.engineCalls} | ${r.seconds.toFixed(1)}`);
    if (r.summary) console.log(`      ${r.summary}`);
  }
}

export async function run(options: BenchOptions = {}): Promise<unknown> {
  const base: Options = { mode: 'interp', targetFps: '60', encoder: 'ffv1', sceneDetect: false, ...(options.quick ? { prefer: 'blend' } : { prefer: 'onnx', device: 'cpu' }) };
  const dir = mkdtempSync(join(tmpdir(), 'interup-bench-dedup-'));
  try {
    const twos = await twosClip(options.quick ? 2 : 4);
    const film = await pulldownClip(options.quick ? 2 : 3);
    const threes = await threesClip(4);
    const mixed = await mixedClip();
    const mixedIdeal = async (): Promise<string> => {
      const twosPart = await render(dir, mixed.idealTwos, 'mixed-ideal-twos.mkv', base);
      const threesPart = await render(dir, mixed.idealThrees, 'mixed-ideal-threes.mkv', base);
      return joinFrames(twosPart.path, 120, threesPart.path, join(dir, 'mixed-ideal.mkv'));
    };
    const cases = [
      await againstIdeal(dir, `motion.mov on twos as 30p (${options.quick ? 2 : 4} s) → 60`, twos.twos, twos.ideal, [192, 108], base),
      await againstIdeal(dir, `Megamind 23.976p as 29.97p by pulldown (${options.quick ? 2 : 3} s) → 60`, film.pulldown, film.ideal, [192, 140], base),
      await againstIdeal(dir, 'motion.mov on threes as 30p (4 s) → 60', threes.threes, threes.ideal, [192, 108], base),
      await againstIdeal(dir, 'motion.mov 2 s on twos then 2 s on threes as 30p → 60', mixed.mixed, mixedIdeal, [192, 108], base),
    ];
    const hold = await plainRuns(dir, 'screen-like: a 1.5-s hold between motion and twos (3 s) → 60', await holdClip(), base, ['off', 'on']);
    const plain = await plainRuns(dir, 'motion.mov without repeats (1.4 s) → 60', await noRepeatClip(), base, ['off', 'auto']);
    for (const c of [...cases, hold.case, plain.case]) print(c);
    console.log(`\nwithout repeats: auto ${plain.identical ? 'framemd5-identical to' : 'DIFFERS from'} off`);
    return { engine: base.prefer, cases: [...cases, hold.case, plain.case], noRepeatsIdentical: plain.identical };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
