// Repeat classifier benchmark (issue 22): what dedup adds per decoded frame — one repeatSignature and one
// compareRepeat against the last distinct picture — on real 1080p frames (motion.mov's first two frames
// scaled to 1920×1080, rgb24 and rgb48le). Goal: a few ms a frame, small beside decoding it. Reports the
// median per frame of BENCH_ROUNDS (default 5) rounds of 30 frames, wall and CPU time of this process.
// `npm run bench repeats` (--quick: one round of 5).
import { compareRepeat, makeFrame, repeatSignature, type Frame, type PixelFormat } from '../src/frames/index.js';
import { spawnProcess } from '../src/process/index.js';
import { footage } from '../test/helpers/footage.js';
import { median } from './cpu-time.js';
import type { BenchOptions } from './registry.js';

const W = 1920;
const H = 1080;

/** motion.mov's first two frames at 1080p in `format`. */
async function frames(format: PixelFormat): Promise<Frame[]> {
  const args = ['-v', 'error', '-nostdin', '-i', await footage('motion.mov'), '-frames:v', '2', '-vf', `scale=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1'];
  const proc = spawnProcess('ffmpeg', args, { stdout: 'pipe', timeoutMs: 120_000 });
  const chunks: Buffer[] = [];
  proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  await proc.done;
  const stdout = Buffer.concat(chunks);
  const size = W * H * (format === 'rgb24' ? 3 : 6);
  return [0, 1].map((i) => makeFrame(W, H, Buffer.from(stdout.subarray(i * size, (i + 1) * size)), format));
}

export async function run(options: BenchOptions = {}): Promise<unknown> {
  const rounds = options.quick ? 1 : Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5) || 5);
  const perRound = options.quick ? 5 : 30;
  const result: Record<string, { wallMs: number; cpuMs: number; signatureMs: number; compareMs: number }> = {};
  for (const format of ['rgb24', 'rgb48le'] as const) {
    const [a, b] = await frames(format);
    const last = repeatSignature(a);
    const wall: number[] = [];
    const cpu: number[] = [];
    const sig: number[] = [];
    const cmp: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let tSig = 0;
      for (let i = 0; i < perRound; i++) {
        const s0 = performance.now();
        const next = repeatSignature(i % 2 === 0 ? b : a);
        tSig += performance.now() - s0;
        compareRepeat(last, next);
      }
      const total = (performance.now() - t0) / perRound;
      const c = process.cpuUsage(c0);
      wall.push(total);
      cpu.push((c.user + c.system) / 1000 / perRound);
      sig.push(tSig / perRound);
      cmp.push(total - tSig / perRound);
    }
    result[format] = { wallMs: median(wall), cpuMs: median(cpu), signatureMs: median(sig), compareMs: median(cmp) };
    const m = result[format];
    console.log(`${format} 1080p: ${m.wallMs.toFixed(2)} ms a frame (signature ${m.signatureMs.toFixed(2)} + compare ${m.compareMs.toFixed(2)}), CPU ${m.cpuMs.toFixed(2)} ms; ${rounds} round${rounds === 1 ? '' : 's'} of ${perRound}`);
  }
  return result;
}
