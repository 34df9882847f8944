// The report's charts, drawn by Vega-Lite from the report JSON only: interup vs the old path (the headline),
// frames per second per stage and per engine, PSNR per method, and peak RSS over clip length. Each has
// axis titles with units and, where the project set a goal, the goal drawn as a dashed red line.
import type { TopLevelSpec } from 'vega-lite';
import { pipelineOf, qualityOf, rifeOf, seedOf, upscaleOf, type ReportData } from './data.js';
import { renderSvg } from './render.js';

export interface Chart {
  /** File name without extension. */
  name: string;
  /** Alt text / caption. */
  title: string;
  svg: string;
}

const OLD = 'old path';
const OURS = 'interup run';
const COLORS = { domain: [OLD, OURS], range: ['#9e9e9e', '#1f77b4'] };
const GOAL = '#d62728';

interface Panel {
  title: string;
  axis: string;
  bars: { side: string; value: number; label: string }[];
  points?: { side: string; value: number }[];
  goal?: { value: number; label: string };
}

// One panel of the headline: a bar per side, its value written on it, per-pair points, a goal line.
function panel(p: Panel): Record<string, unknown> {
  const x = { field: 'side', type: 'nominal', title: null, sort: [OLD, OURS], axis: { labelAngle: 0 } };
  const layers: Record<string, unknown>[] = [
    { data: { values: p.bars }, mark: { type: 'bar', width: 70 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: p.axis }, color: { field: 'side', scale: COLORS, legend: null } } },
    // Values inside each bar's foot when per-run dots sit at its top, else above it.
    p.points?.length
      ? { data: { values: p.bars }, mark: { type: 'text', dy: -10, fontSize: 12, color: 'white', fontWeight: 'bold' }, encoding: { x, y: { datum: 0 }, text: { field: 'label' } } }
      : { data: { values: p.bars }, mark: { type: 'text', dy: -8, fontSize: 12 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
  ];
  if (p.points?.length) {
    layers.push({ data: { values: p.points }, mark: { type: 'point', filled: true, color: 'black', size: 30 }, encoding: { x, y: { field: 'value', type: 'quantitative' } } });
  }
  if (p.goal) {
    const goal = [{ value: p.goal.value }];
    layers.push({ data: { values: goal }, mark: { type: 'rule', color: GOAL, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: 'value', type: 'quantitative' } } });
  }
  const subtitle = p.goal ? `red dashed line: ${p.goal.label}` : ' ';
  return { title: { text: p.title, subtitle, subtitleColor: p.goal ? GOAL : '#555' }, width: 230, height: 260, layer: layers };
}

async function seedChart(d: ReportData): Promise<Chart | undefined> {
  const s = seedOf(d);
  if (!s) return undefined;
  const m = s.median;
  const runs = (side: 'old' | 'interup'): typeof s.runs => s.runs.filter((r) => r.side === side);
  const name = (side: 'old' | 'interup'): string => (side === 'old' ? OLD : OURS);
  const MB = 1e6;
  const MiB = 2 ** 20;
  const ourFrames = Math.max(...runs('interup').map((r) => r.peakFrameFiles));
  const oldFrames = Math.max(...runs('old').map((r) => r.peakFrameFiles));
  const spec = {
    title: {
      text: `interup run vs the old path: ${m.ratio.toFixed(2)}× faster, ${ourFrames === 0 ? 'no frame files' : `${ourFrames} frame files`} (old path: ${oldFrames})`,
      subtitle: [
        `${s.clip} ${s.width}×${s.height} ${s.fps} fps → ×2, crf ${s.crf}, RIFE 4.6, ${s.threads} threads, ${s.device}`,
        `bars: median of ${s.pairs} interleaved pairs, dots: each run; per-pair time ratios ${m.ratioRange[0].toFixed(2)}–${m.ratioRange[1].toFixed(2)}×`,
        `old path: ffmpeg → PNG folder → rife-ncnn-vulkan folder mode → ffmpeg`,
        `interup: ${s.interupEngine}, frames on pipes (${d.machine.cpuModel}, ${d.machine.cores} cores)`,
      ],
    },
    hconcat: [
      panel({
        title: 'Wall time',
        axis: 'seconds (lower is better)',
        bars: (['old', 'interup'] as const).map((side) => {
          const v = side === 'old' ? m.oldWallSeconds : m.interupWallSeconds;
          return { side: name(side), value: v, label: `${v.toFixed(1)} s` };
        }),
        points: s.runs.map((r) => ({ side: name(r.side), value: r.wallSeconds })),
        goal: { value: m.oldWallSeconds / s.goals.ratio, label: `goal ${s.goals.ratio}× faster` },
      }),
      panel({
        title: 'Peak temporary disk',
        axis: 'MB (lower is better)',
        bars: (['old', 'interup'] as const).map((side) => {
          const v = (side === 'old' ? m.oldTempBytes : m.interupTempBytes) / MB;
          const files = Math.max(...runs(side).map((r) => r.peakFrameFiles));
          return { side: name(side), value: v, label: `${v.toFixed(v < 1 ? 2 : 0)} MB, ${files} PNGs` };
        }),
        goal: { value: (m.oldTempBytes * s.goals.tempPercent) / 100 / MB, label: `goal ≤ ${s.goals.tempPercent} % of old` },
      }),
      panel({
        title: 'Peak RSS (process tree)',
        axis: 'MiB',
        bars: (['old', 'interup'] as const).map((side) => {
          const v = (side === 'old' ? m.oldRssBytes : m.interupRssBytes) / MiB;
          return { side: name(side), value: v, label: `${v.toFixed(0)} MiB` };
        }),
        points: s.runs.map((r) => ({ side: name(r.side), value: r.peakRssBytes / MiB })),
      }),
    ],
    resolve: { scale: { y: 'independent' } },
  };
  return { name: 'seed', title: 'interup run vs the old PNG-folder path: wall time, temporary disk, memory', svg: await renderSvg(spec as unknown as TopLevelSpec) };
}

async function stagesChart(d: ReportData): Promise<Chart | undefined> {
  const cases = pipelineOf(d);
  if (!cases?.length) return undefined;
  const rows = cases.flatMap((c) => {
    const group = `${c.engine} (${c.clip} ${c.size} → ${c.targetFps} fps)`;
    return [
      { group, stage: 'engine only', fps: c.engineFps },
      { group, stage: 'decode', fps: c.decodeFps },
      { group, stage: 'encode', fps: c.encodeFps },
      { group, stage: 'end to end', fps: c.e2eLongFps },
    ];
  });
  const goals = cases.map((c) => ({ group: `${c.engine} (${c.clip} ${c.size} → ${c.targetFps} fps)`, stage: 'end to end', fps: 0.9 * Math.min(c.engineFps, c.decodeFps, c.encodeFps), label: 'goal ≥ 0.9 × slowest stage' }));
  const order = ['engine only', 'decode', 'encode', 'end to end'];
  const y = { field: 'stage', type: 'nominal', sort: order, title: null };
  const spec = {
    title: { text: 'Frames per second per stage and engine (output frames; higher is better)', subtitle: 'end to end: probe → decode → engine → encode → verify on the long clip; red tick: the goal, ≥ 0.9 × the slowest stage alone' },
    facet: { row: { field: 'group', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    data: { values: [...rows.map((r) => ({ ...r, kind: 'bar' })), ...goals.map((g) => ({ ...g, kind: 'goal' }))] },
    spec: {
      width: 520,
      height: { step: 22 },
      layer: [
        { transform: [{ filter: "datum.kind === 'bar'" }], mark: 'bar', encoding: { y, x: { field: 'fps', type: 'quantitative', title: 'frames per second' }, color: { field: 'stage', type: 'nominal', sort: order, legend: null } } },
        { transform: [{ filter: "datum.kind === 'bar'" }], mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { y, x: { field: 'fps', type: 'quantitative' }, text: { field: 'fps', type: 'quantitative', format: '.1f' } } },
        { transform: [{ filter: "datum.kind === 'goal'" }], mark: { type: 'tick', color: GOAL, thickness: 3, size: 20 }, encoding: { y, x: { field: 'fps', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  };
  return { name: 'fps-stages', title: 'Frames per second per pipeline stage and engine', svg: await renderSvg(spec as unknown as TopLevelSpec) };
}

async function enginesChart(d: ReportData): Promise<Chart | undefined> {
  const r = rifeOf(d);
  const u = upscaleOf(d);
  if (!r && !u) return undefined;
  const rows: { task: string; engine: string; fps: number }[] = [];
  const goals: { task: string; fps: number; label: string }[] = [];
  if (r) {
    const task = `RIFE 4.6 at ${r.width}×${r.height} (${r.threads} threads)`;
    rows.push({ task, engine: `ONNX Runtime CPU (interup)`, fps: 1000 / r.onnx.wallMs }, { task, engine: 'rife-ncnn-vulkan -g -1', fps: 1000 / r.ncnn.wallMs });
    goals.push({ task, fps: (1.5 * 1000) / r.ncnn.wallMs, label: 'goal 1.5× ncnn' });
  }
  if (u) {
    const task = `upscale ×2 ${u.model} at ${u.input} (${u.threads} threads)`;
    rows.push({ task, engine: 'ONNX Runtime CPU (interup)', fps: u.fps });
    if (u.ncnn && 'msPerFrame' in u.ncnn) {
      rows.push({ task, engine: 'realesrgan-ncnn-vulkan (software Vulkan)', fps: 1000 / u.ncnn.msPerFrame });
      goals.push({ task, fps: 1000 / u.ncnn.msPerFrame, label: 'goal ≥ ncnn' });
    }
  }
  const y = { field: 'engine', type: 'nominal', title: null };
  const spec = {
    title: { text: 'Frames per second per engine, same frames and threads (higher is better)', subtitle: 'median wall time per frame; red tick: the goal' },
    data: { values: [...rows.map((x) => ({ ...x, kind: 'bar' })), ...goals.map((g) => ({ ...g, engine: 'ONNX Runtime CPU (interup)', kind: 'goal' }))] },
    facet: { row: { field: 'task', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    spec: {
      width: 460,
      height: { step: 26 },
      layer: [
        { transform: [{ filter: "datum.kind === 'bar'" }], mark: 'bar', encoding: { y, x: { field: 'fps', type: 'quantitative', title: 'frames per second' }, color: { field: 'engine', type: 'nominal', legend: null } } },
        { transform: [{ filter: "datum.kind === 'bar'" }], mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { y, x: { field: 'fps', type: 'quantitative' }, text: { field: 'fps', type: 'quantitative', format: '.2f' } } },
        { transform: [{ filter: "datum.kind === 'goal'" }], mark: { type: 'tick', color: GOAL, thickness: 3, size: 24 }, encoding: { y, x: { field: 'fps', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
  return { name: 'fps-engines', title: 'Frames per second per engine (RIFE and upscaling)', svg: await renderSvg(spec as unknown as TopLevelSpec) };
}

async function qualityChart(d: ReportData): Promise<Chart | undefined> {
  const q = qualityOf(d);
  if (!q?.rows.length) return undefined;
  const clipsInOrder = [...new Set(q.rows.map((r) => r.clip))];
  const rows = q.rows.map((r) => ({
    ...r,
    group: r.pairs === 'cut' ? `${r.clip} — pairs across a cut` : `${r.clip} (${r.kind})`,
    order: 2 * clipsInOrder.indexOf(r.clip) + (r.pairs === 'cut' ? 1 : 0),
    keep: `keep 1 frame in ${r.stride}`,
  }));
  const methods = ['rife', 'minterpolate', 'blend', 'repeat'];
  const groups = [...new Set([...rows].sort((a, b) => a.order - b.order).map((r) => r.group))];
  const y = { field: 'group', type: 'nominal', sort: groups, title: null, axis: { labelLimit: 420 } };
  const yOffset = { field: 'method', type: 'nominal', sort: methods };
  const spec = {
    title: { text: 'Quality of rebuilt frames: PSNR of luma against the true frames (higher is better)', subtitle: 'held-out frames of real clips; pairs across a scene cut shown apart (no method can see the other shot)' },
    data: { values: rows },
    facet: { column: { field: 'keep', type: 'nominal', title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } } },
    spec: {
      width: 300,
      height: { step: 14 },
      layer: [
        { mark: 'bar', encoding: { y, yOffset, x: { field: 'psnrY', type: 'quantitative', title: 'PSNR-Y (dB)', scale: { domain: [10, 50], clamp: true } }, color: { field: 'method', type: 'nominal', sort: methods, legend: { orient: 'bottom', title: 'method' } } } },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y, yOffset, x: { field: 'psnrY', type: 'quantitative' }, text: { field: 'psnrY', type: 'quantitative', format: '.1f' } } },
      ],
    },
  };
  return { name: 'quality', title: 'PSNR per method on held-out frames', svg: await renderSvg(spec as unknown as TopLevelSpec) };
}

async function rssChart(d: ReportData): Promise<Chart | undefined> {
  const cases = pipelineOf(d);
  if (!cases?.length) return undefined;
  const points = cases.flatMap((c) => [
    { engine: c.engine, seconds: c.shortSeconds, mib: c.rssShortMiB },
    { engine: c.engine, seconds: c.longSeconds, mib: c.rssLongMiB },
  ]);
  const goals = cases.map((c) => ({ engine: c.engine, seconds: c.longSeconds, mib: 1.1 * c.rssShortMiB, label: `goal ≤ 1.10 × ${c.shortSeconds}-s run` }));
  const spec = {
    title: { text: 'Peak memory over clip length (lower and flatter is better)', subtitle: 'max RSS of one `processVideo` process per run; red: the ≤ 1.10 × short-run goal at the long clip' },
    width: 460,
    height: 260,
    layer: [
      { data: { values: points }, mark: { type: 'line', point: true }, encoding: { x: { field: 'seconds', type: 'quantitative', title: 'clip length (seconds of source video)' }, y: { field: 'mib', type: 'quantitative', title: 'peak RSS (MiB)', scale: { zero: true } }, color: { field: 'engine', type: 'nominal', title: 'engine' } } },
      { data: { values: goals }, mark: { type: 'tick', color: GOAL, thickness: 3, size: 18, orient: 'horizontal' }, encoding: { x: { field: 'seconds', type: 'quantitative' }, y: { field: 'mib', type: 'quantitative' } } },
      { data: { values: goals }, mark: { type: 'text', color: GOAL, align: 'right', dx: -12, dy: -10, fontSize: 11 }, encoding: { x: { field: 'seconds', type: 'quantitative' }, y: { field: 'mib', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  };
  return { name: 'rss', title: 'Peak RSS over clip length', svg: await renderSvg(spec as unknown as TopLevelSpec) };
}

/** Every chart the data allows, headline first. */
export async function drawCharts(d: ReportData): Promise<Chart[]> {
  const all = await Promise.all([seedChart(d), stagesChart(d), enginesChart(d), qualityChart(d), rssChart(d)]);
  return all.filter((c): c is Chart => c !== undefined);
}
