// The Markdown report: conditions first (machine, commit, load), then each chart with the numbers it was
// drawn from as a table, the quality and queue tables, and the output of any bench the report does not know.
import type { Chart } from './charts.js';
import { pipelineOf, qualityOf, queueOf, resumeOf, rifeOf, seedOf, upscaleOf, type ReportData } from './data.js';
import type { QualityRow } from '../quality/quality.js';

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const MiB = 2 ** 20;

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function image(chart: Chart | undefined, svgPrefix: string): string {
  return chart ? `![${chart.title}](${svgPrefix}${chart.name}.svg)\n` : '';
}

function machine(d: ReportData): string {
  const m = d.machine;
  return table(
    ['', ''],
    [
      ['date', d.date],
      ['commit', `${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}`],
      ['host', m.host],
      ['CPU', `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB`],
      ['GPU', m.gpu],
      ['ONNX Runtime', `${m.onnxruntime}, providers: ${m.providers.join(', ')}`],
      ['ffmpeg / Node', `${m.ffmpeg} / ${m.node}`],
      ['load average (1/5/15 min)', `before ${m.loadBefore.join(' / ')}, after ${m.loadAfter?.join(' / ') ?? '?'}`],
      ['run', `${d.quick ? 'QUICK smoke run (tiny inputs, one round: the numbers mean little)' : 'full'}, ${f1(d.seconds / 60)} min`],
    ],
  );
}

function seedSection(d: ReportData, charts: Map<string, Chart>, svg: string): string {
  const s = seedOf(d);
  if (!s) return '';
  const m = s.median;
  const rows = s.runs.map((r) => [String(r.pair), r.side, f1(r.wallSeconds), f1(r.peakTempBytes / 1e6), String(r.peakFrameFiles), f1(r.peakRssBytes / MiB), `${r.framesOut}${r.audio ? ' + audio' : ''}`]);
  return [
    '## interup vs the old path',
    image(charts.get('seed'), svg),
    `${s.clip}, ${s.width}×${s.height}, ${s.fps} fps, ${s.framesIn} frames → ×2, crf ${s.crf}, ${s.threads} threads on the ${s.device}; interup from ${s.interupBuild} (${s.interupEngine}). ` +
      `Old path: ffmpeg extracts every frame to PNG padded to a multiple of 32, \`rife-ncnn-vulkan -g ${s.device === 'gpu' ? '0' : '-1'} -n 2N\` over the folder, ffmpeg reassembles and copies the audio (bench/seed/old-path.ts). ` +
      `Pairs run old, interup, old, interup…; temporary disk and memory are sampled every 200 ms (the old path's frame folders; interup's TMPDIR).`,
    '',
    `**Median wall-time ratio ${f2(m.ratio)}×** (pairs ${f2(m.ratioRange[0])}–${f2(m.ratioRange[1])}×; goal ≥ ${s.goals.ratio}×): old ${f1(m.oldWallSeconds)} s, interup ${f1(m.interupWallSeconds)} s. ` +
      `**Peak temporary disk**: old ${f1(m.oldTempBytes / 1e6)} MB, interup ${(m.interupTempBytes / 1e6).toFixed(3)} MB (${f2(m.tempPercent)} %; goal ≤ ${s.goals.tempPercent} %). ` +
      `**Peak RSS**: old ${f1(m.oldRssBytes / MiB)} MiB, interup ${f1(m.interupRssBytes / MiB)} MiB.`,
    '',
    table(['pair', 'side', 'wall s', 'peak temp MB', 'frame files', 'peak RSS MiB', 'frames out'], rows),
    '',
  ].join('\n');
}

function stagesSection(d: ReportData, charts: Map<string, Chart>, svg: string): string {
  const cases = pipelineOf(d);
  const r = rifeOf(d);
  const u = upscaleOf(d);
  const parts = ['## Frames per second'];
  if (cases?.length) {
    parts.push(image(charts.get('fps-stages'), svg));
    parts.push(
      table(
        ['engine', 'clip', 'engine only', 'decode', 'encode', 'end to end (long)', 'e2e / slowest stage (goal ≥ 0.90)', 'slowest stage'],
        cases.map((c) => [c.engine, `${c.clip} ${c.size} → ${c.targetFps} fps`, f1(c.engineFps), f1(c.decodeFps), f1(c.encodeFps), f1(c.e2eLongFps), f2(c.ratioE2eSlowest), c.slowestStage]),
      ),
      '',
    );
  }
  if (r || u) parts.push(image(charts.get('fps-engines'), svg));
  if (r) {
    parts.push(
      `RIFE 4.6 at ${r.width}×${r.height} (${r.clip}, ${r.frames} frames × ${r.rounds} rounds, ${r.threads} threads): ONNX Runtime ${f1(r.onnx.wallMs)} ms/frame [${r.onnxEngine}], ` +
        `rife-ncnn-vulkan -g -1 ${f1(r.ncnn.wallMs)} ms/frame: **${f2(r.speedup)}×** (rounds ${f2(r.roundSpeedups[0])}–${f2(r.roundSpeedups[1])}×; goal 1.5×).`,
      '',
    );
  }
  if (u) {
    const ncnn = u.ncnn === undefined ? 'not run' : 'note' in u.ncnn ? u.ncnn.note : `${f1(u.ncnn.msPerFrame)} ms/frame on software Vulkan`;
    const k = u.fourK ? `; one 3840×2160 frame → ${u.fourK.out} under a ${u.fourK.budgetBytes / MiB} MiB tile budget: peak RSS ${f1(u.fourK.maxRssBytes / MiB)} MiB, ${f1(u.fourK.seconds)} s` : '';
    parts.push(`Upscaling ${u.model} at ${u.input}: ONNX Runtime CPU ${f2(u.fps)} fps (${f1(u.msPerFrame)} ms/frame); realesrgan-ncnn-vulkan: ${ncnn}${k}.`, '');
  }
  return parts.length > 1 ? parts.join('\n') : '';
}

function qualitySection(d: ReportData, charts: Map<string, Chart>, svg: string): string {
  const q = qualityOf(d);
  if (!q?.rows.length) return '';
  const methods = ['rife', 'minterpolate', 'blend', 'repeat'] as const;
  const groups = new Map<string, QualityRow[]>();
  for (const r of q.rows) {
    const key = `${r.clip}|${r.stride}|${r.pairs}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows = [...groups.values()].map((g) => {
    const first = g[0];
    const cells = methods.map((m) => {
      const r = g.find((x) => x.method === m);
      return r ? `${f2(r.psnrY)} / ${r.ssimY.toFixed(3)}` : '–';
    });
    return [`${first.clip} (${first.kind}, ${first.size}, ${first.fps} fps)`, `1 in ${first.stride}`, first.pairs === 'cut' ? '**across a cut**' : 'same shot', String(first.frames), ...cells];
  });
  return [
    '## Quality: held-out frames',
    image(charts.get('quality'), svg),
    `Keep every 2nd (or 4th) frame of a real clip, rebuild the others, compare with the true frames (ffmpeg psnr and ssim filters on luma; mean over frames). ` +
      `RIFE: ${q.rifeEngine}; minterpolate: \`${q.minterpolateFilter}\` (scene detection off, like the others); repeat: the nearer kept frame. ` +
      `Pairs whose kept frames score ≥ ${q.sceneThreshold} on the pipeline's scene detector are reported apart (the pipeline itself repeats the nearer frame there).`,
    '',
    table(['clip', 'keep', 'pairs', 'frames', ...methods.map((m) => `${m} PSNR dB / SSIM`)], rows),
    '',
  ].join('\n');
}

function memorySection(d: ReportData, charts: Map<string, Chart>, svg: string): string {
  const cases = pipelineOf(d);
  if (!cases?.length) return '';
  return [
    '## Memory over clip length',
    image(charts.get('rss'), svg),
    table(
      ['engine', 'short clip', 'peak RSS MiB', 'long clip', 'peak RSS MiB', 'ratio (goal ≤ 1.10)'],
      cases.map((c) => [c.engine, `${c.shortSeconds} s`, f1(c.rssShortMiB), `${c.longSeconds} s`, f1(c.rssLongMiB), f2(c.rssLongMiB / c.rssShortMiB)]),
    ),
    '',
  ].join('\n');
}

function queueSection(d: ReportData): string {
  const q = queueOf(d);
  if (!q) return '';
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  return [
    '## Many boxes: one queue, 1 vs 2 workers',
    `${q.clip}, the first ${q.seconds} s at ${q.width} px wide, ×2 with ${q.prefer} on the CPU (one thread per engine, so the cores are the workers'), ` +
      `in ${q.segmentSeconds} s segments (${q.segments}); worker processes on this machine, a local redis-server and S3 server (bench/queue.ts). ` +
      `Load average (1 min) ${f2(q.loadBefore)} before, ${f2(q.loadAfter)} after.`,
    '',
    `**Speed-up with 2 workers ${f2(q.speedup)}×** (goal ≥ ${q.goals.speedup}×); **split + join overhead ${pct(q.overhead)}** of the split run (goal ≤ ${pct(q.goals.overhead)}).`,
    '',
    table(
      ['run', 'wall s'],
      [
        ['unsplit, 1 worker', f1(q.unsplitOne)],
        [`split, 1 worker (plan ${q.planSeconds === undefined ? '?' : f1(q.planSeconds)} s, join ${q.joinSeconds === undefined ? '?' : f1(q.joinSeconds)} s)`, f1(q.splitOne)],
        ['split, 2 workers', f1(q.splitTwo)],
      ],
    ),
    '',
  ].join('\n');
}

function resumeSection(d: ReportData): string {
  const r = resumeOf(d);
  if (!r) return '';
  const perSegment = r.frames / Math.max(1, r.segments);
  return [
    '## Checkpoints: a killed run resumes',
    `${r.clip}, the first ${r.seconds} s at ${r.width} px wide, ×2 with ${r.prefer} on the CPU, \`interup run\` in ${r.segmentSeconds} s checkpoints (${r.segments}) vs checkpoints off, ` +
      `then killed (kill -9) at ~90 % of its frames and run again (bench/resume.ts). Load average (1 min) ${f2(r.load[0])} before, ${f2(r.load[1])} after.`,
    '',
    `**Checkpoint overhead ${(100 * r.overhead).toFixed(1)} %** of the wall time (goal ≤ 3 %); **the resumed run redid ${r.redoneFrames.toFixed(0)} frames** (goal ≤ one segment, ${perSegment.toFixed(0)}), ` +
      `${r.reusedSegments} of ${r.segments} segments reused, ${f1(r.resumed)} s against an allowance of ${f1(r.resumedBudget)} s (remaining share + one segment + start-up and join).`,
    '',
    table(
      ['run', 'wall s', 'CPU s'],
      [
        [`checkpoints off${r.pairs && r.pairs > 1 ? ` (mean of ${r.pairs})` : ''}`, f1(r.off), r.offCpu === undefined ? '—' : f1(r.offCpu)],
        [`checkpointed (${r.segments} segments)`, f1(r.checkpointed), r.checkpointedCpu === undefined ? '—' : f1(r.checkpointedCpu)],
        [`resumed after a kill at frame ${r.killedAtFrames} of ${r.frames}`, f1(r.resumed), '—'],
      ],
    ),
    '',
  ].join('\n');
}

const CHARTED = new Set(['seed', 'pipeline', 'rife', 'upscale', 'quality', 'queue', 'resume']);

function otherSection(d: ReportData): string {
  const parts: string[] = [];
  for (const [name, b] of Object.entries(d.benches)) {
    if (!b.ok) parts.push(`### ${name}: FAILED after ${f1(b.seconds)} s`, '', '```', b.error, '```', '');
    else if (!CHARTED.has(name)) parts.push(`### ${name}`, '', '```', ...b.log, '```', '');
  }
  return parts.length ? ['## Other benches', '', ...parts].join('\n') : '';
}

/** The whole Markdown document; `svgPrefix` is the charts' folder relative to the document. */
export function reportMarkdown(d: ReportData, charts: Chart[], svgPrefix: string): string {
  const byName = new Map(charts.map((c) => [c.name, c]));
  const took = Object.entries(d.benches).map(([n, b]) => `${n} ${f1(b.seconds)} s${b.ok ? '' : ' (failed)'}${b.carried ? ` (not rerun: from ${b.carried.file}, ${b.carried.date.slice(0, 16).replace('T', ' ')} UTC, load ${b.carried.loadBefore.join(' / ')})` : ''}`).join(', ');
  const blocks = [
    `# interup benchmarks${d.quick ? ' (quick smoke run)' : ''}`,
    `Made by \`npm run bench report${d.quick ? ' --quick' : ''}\` from \`bench/results/${resultName(d)}.json\`; every chart is drawn from that file.`,
    d.note ? `**Conditions:** ${d.note}` : '',
    machine(d),
    `Benches: ${took}.`,
    seedSection(d, byName, svgPrefix),
    stagesSection(d, byName, svgPrefix),
    qualitySection(d, byName, svgPrefix),
    memorySection(d, byName, svgPrefix),
    queueSection(d),
    resumeSection(d),
    otherSection(d),
    [
      '## Reproduce',
      '',
      '```bash',
      'npm run bench report            # every bench: docs/benchmarks.md and bench/results/<date>-<host>.json',
      'npm run bench report -- --quick # a smoke run of the tooling (bench/results/<date>-<host>-quick.*)',
      'npm run bench report -- --from bench/results/FILE.json  # redraw a report from its JSON',
      'npm run bench report -- --only seed,pipeline --keep bench/results/FILE.json  # rerun some, carry the rest (marked)',
      'npm run bench seed              # one bench alone: seed, pipeline, rife, rife-ncnn, upscale, quality, queue, probe, resume, serve, repeats, dedup',
      '```',
    ].join('\n'),
  ];
  return `${blocks.map((b) => b.trim()).filter((b) => b !== '').join('\n\n')}\n`;
}

/** `<date>-<host>[-quick]`, the stem of the result files. */
export function resultName(d: ReportData): string {
  return `${d.date.slice(0, 10)}-${d.machine.host.replace(/[^A-Za-z0-9._-]/g, '_')}${d.quick ? '-quick' : ''}`;
}
