// `npm run bench report [--quick] [--note TEXT] [--from FILE.json]`: runs every bench in bench/registry.ts
// (a failing bench is recorded, not fatal), writes bench/results/<date>-<host>.json, and draws the report
// from that JSON: docs/benchmarks.md with its SVG charts in docs/benchmarks/ (a --quick run writes
// bench/results/<date>-<host>-quick.md and its charts beside it instead, leaving the committed report alone).
// --from redraws a report from an earlier JSON without running anything. --only A,B runs some benches;
// with --keep FILE.json the others are carried from that earlier report, each marked with its date and load.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { format } from 'node:util';
import { BENCHES } from '../registry.js';
import { ROOT } from '../seed/interup-cli.js';
import { runProcess } from '../../src/process/index.js';
import { drawCharts } from './charts.js';
import type { BenchOutcome, ReportData } from './data.js';
import { machineInfo } from './machine.js';
import { reportMarkdown, resultName } from './markdown.js';

export const RESULTS = join(ROOT, 'bench', 'results');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// Runs one bench, keeping what it printed (console.log, which the bench modules use) for the report.
async function runOne(name: string, quick: boolean): Promise<BenchOutcome> {
  const log: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => {
    const text = format(...args);
    log.push(...text.split('\n'));
    original(text);
  };
  const began = performance.now();
  try {
    const mod = await BENCHES[name]();
    const result = await mod.run({ quick });
    return { ok: true, seconds: (performance.now() - began) / 1000, result: result ?? null, log };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    original(`bench ${name} failed: ${message}`);
    return { ok: false, seconds: (performance.now() - began) / 1000, error: message.split('\n').slice(0, 8).join('\n'), log };
  } finally {
    console.log = original;
  }
}

/** Writes the Markdown and SVGs for `data`; returns the Markdown's path. */
export async function writeReport(data: ReportData, markdownPath: string, svgDir: string): Promise<string> {
  const charts = await drawCharts(data);
  mkdirSync(svgDir, { recursive: true });
  for (const c of charts) writeFileSync(join(svgDir, `${c.name}.svg`), c.svg);
  const prefix = `${relative(dirname(markdownPath), svgDir) || '.'}/`;
  mkdirSync(dirname(markdownPath), { recursive: true });
  writeFileSync(markdownPath, reportMarkdown(data, charts, prefix));
  return markdownPath;
}

/** Where a report's Markdown and charts go: the committed docs for a full run, bench/results for a quick one. */
export function reportPaths(data: ReportData): { markdown: string; svgDir: string } {
  if (data.quick) {
    const stem = join(RESULTS, resultName(data));
    return { markdown: `${stem}.md`, svgDir: stem };
  }
  return { markdown: join(ROOT, 'docs', 'benchmarks.md'), svgDir: join(ROOT, 'docs', 'benchmarks') };
}

export async function runReport(options: { quick: boolean; note?: string; only?: string[] }): Promise<{ json: string; data: ReportData }> {
  const began = performance.now();
  const machine = await machineInfo();
  const data: ReportData = { schema: 'interup.bench-report/1', date: new Date().toISOString(), quick: options.quick, note: options.note, machine, seconds: 0, benches: {} };
  if (!options.quick) {
    // The seed bench times the CLI as installed: build dist/ from these sources first.
    await runProcess('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, timeoutMs: 900_000 });
  }
  for (const name of options.only ?? Object.keys(BENCHES)) {
    console.log(`\n== bench ${name}${options.quick ? ' (quick)' : ''} ==`);
    data.benches[name] = await runOne(name, options.quick);
  }
  data.machine.loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
  data.seconds = (performance.now() - began) / 1000;
  mkdirSync(RESULTS, { recursive: true });
  const json = join(RESULTS, `${resultName(data)}.json`);
  writeFileSync(json, `${JSON.stringify(data, null, 2)}\n`);
  return { json, data };
}

function readReport(file: string): ReportData {
  const data = JSON.parse(readFileSync(file, 'utf8')) as ReportData;
  if (data.schema !== 'interup.bench-report/1') throw new Error(`${file} is not an interup bench report (schema ${String(data.schema)})`);
  return data;
}

/** Benches of `earlier` that `data` did not run, each marked with where it came from. */
function carryBenches(data: ReportData, earlier: ReportData, file: string): void {
  for (const [name, outcome] of Object.entries(earlier.benches)) {
    if (name in data.benches) continue;
    data.benches[name] = { ...outcome, carried: outcome.carried ?? { file: basename(file), date: earlier.date, loadBefore: earlier.machine.loadBefore } };
  }
}

/** Entry point for bench/run.ts. */
export async function run(options: { quick?: boolean } = {}): Promise<void> {
  const from = argValue('--from');
  let data: ReportData;
  if (from) {
    data = readReport(from);
  } else {
    const only = argValue('--only')?.split(',');
    const keep = argValue('--keep');
    const earlier = keep === undefined ? undefined : readReport(keep);
    const done = await runReport({ quick: options.quick ?? false, note: argValue('--note') ?? process.env.BENCH_NOTE, only });
    data = done.data;
    if (keep !== undefined && earlier) {
      carryBenches(data, earlier, keep);
      writeFileSync(done.json, `${JSON.stringify(data, null, 2)}\n`);
    }
    console.log(`\nresults: ${relative(process.cwd(), done.json)}`);
  }
  const paths = reportPaths(data);
  await writeReport(data, paths.markdown, paths.svgDir);
  console.log(`report:  ${relative(process.cwd(), paths.markdown)} (charts in ${relative(process.cwd(), paths.svgDir)}/)`);
  const failed = Object.entries(data.benches).filter(([, b]) => !b.ok).map(([n]) => n);
  if (failed.length > 0) {
    console.log(`failed benches: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}
