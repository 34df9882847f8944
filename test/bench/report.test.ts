// The benchmark report is drawn from its JSON alone: from a real quick run's JSON (captured), every chart
// comes out as an SVG that ffmpeg's SVG decoder renders, with axis titles, units and the goal lines, and
// the Markdown carries the machine, the commit, the headline numbers, the quality table with cut pairs
// apart, the queue bench's numbers, and the output or error of benches the report does not know.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../bench/report/report.js';
import type { ReportData } from '../../bench/report/data.js';
import { readPng } from '../../src/media/index.js';
import { runProcess } from '../../src/process/index.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const captured = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'fixtures', 'bench-report-quick.json'), 'utf8')) as ReportData;

// What bench/queue.ts returns (numbers made up for the test, in the shape it writes).
const queueResult = {
  clip: 'franck.mp4', seconds: 64, width: 256, prefer: 'onnx', segmentSeconds: 8, segments: 8,
  unsplitOne: 96, splitOne: 100, splitTwo: 61.7, planSeconds: 1.2, joinSeconds: 2.1,
  speedup: 1.62, overhead: 0.04, goals: { speedup: 1.7, overhead: 0.05 }, loadBefore: 2.5, loadAfter: 3.1,
};

describe('bench report', () => {
  it('draws every chart and the Markdown from the JSON', async () => {
    const data: ReportData = {
      ...captured,
      benches: {
        ...captured.benches,
        queue: { ok: true, seconds: 300, result: queueResult, log: [] },
        extra: { ok: true, seconds: 1, result: null, log: ['extra: 3 segments joined in 4.2 s'] },
        broken: { ok: false, seconds: 2, error: 'Error: ffmpeg exploded', log: [] },
        // A bench carried from an earlier report (--keep) says where its numbers come from.
        quality: { ...captured.benches.quality, carried: { file: '2026-11-30-vm.json', date: '2026-11-30T20:57:44.526Z', loadBefore: [25.65, 24.19, 19.5] } },
      },
    };
    const md = join(tmp.dir, 'report.md');
    const svgDir = join(tmp.dir, 'charts');
    await writeReport(data, md, svgDir);
    expect(readdirSync(svgDir).sort()).toEqual(['fps-engines.svg', 'fps-stages.svg', 'quality.svg', 'rss.svg', 'seed.svg']);
    const svg = (name: string): string => readFileSync(join(svgDir, `${name}.svg`), 'utf8');
    // Axis titles with units, and the goal lines in the goal colour where a goal exists.
    expect(svg('seed')).toContain('seconds (lower is better)');
    expect(svg('seed')).toContain('MB (lower is better)');
    expect(svg('seed')).toContain('goal 2× faster');
    expect(svg('seed')).toMatch(/stroke="#d62728"[^>]*stroke-dasharray/);
    expect(svg('fps-stages')).toContain('frames per second');
    expect(svg('quality')).toContain('PSNR-Y (dB)');
    expect(svg('rss')).toContain('peak RSS (MiB)');
    expect(svg('rss')).toContain('goal ≤ 1.10');
    // Each SVG renders (ffmpeg's librsvg decoder) to a picture of the size the SVG declares.
    for (const name of ['seed', 'quality']) {
      const png = join(tmp.dir, `${name}.png`);
      await runProcess('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', join(svgDir, `${name}.svg`), png]);
      const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg(name))?.[1]);
      expect((await readPng(png)).width).toBe(width);
    }
    const text = readFileSync(md, 'utf8');
    const seed = captured.benches.seed;
    if (!seed.ok) throw new Error('fixture has no seed result');
    const ratio = (seed.result as { median: { ratio: number } }).median.ratio;
    expect(text).toContain(`**Median wall-time ratio ${ratio.toFixed(2)}×**`);
    expect(text).toContain(captured.machine.cpuModel);
    expect(text).toContain(captured.machine.commit);
    expect(text).toContain('**across a cut**');
    expect(text).toContain('extra: 3 segments joined in 4.2 s');
    // The queue bench's own section: the headline numbers against their goals, and the three runs.
    expect(text).toContain('**Speed-up with 2 workers 1.62×** (goal ≥ 1.7×); **split + join overhead 4.0 %** of the split run (goal ≤ 5.0 %)');
    expect(text).toMatch(/\| split, 2 workers \| 61\.7 \|/);
    expect(text).toContain('### broken: FAILED');
    expect(text).toMatch(/quality [\d.]+ s \(not rerun: from 2026-11-30-vm\.json, 2026-11-30 20:57 UTC, load 25\.65 \/ 24\.19 \/ 19\.5\)/);
    for (const m of text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(existsSync(join(tmp.dir, m[1])), m[1]).toBe(true);
  });
});
