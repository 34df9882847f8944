// The report's JSON (bench/results/<date>-<host>.json): the machine, each bench's result or error, and how
// long each took. Charts and the Markdown are drawn from this file only, so a report can be redrawn later.
import type { MachineInfo } from './machine.js';
import type { PipelineCaseResult } from '../pipeline.js';
import type { RifeBenchResult } from '../rife.js';
import type { UpscaleBenchResult } from '../upscale.js';
import type { SeedResult } from '../seed/seed.js';
import type { QualityResult } from '../quality/quality.js';
import type { QueueBenchResult } from '../queue.js';
import type { ResumeBenchResult } from '../resume.js';

/** A bench not rerun in this report but taken from an earlier one (`--keep FILE.json`): which, when, and
 *  under what load, so the report says so beside its numbers. */
export interface CarriedFrom {
  file: string;
  date: string;
  loadBefore: number[];
}

export type BenchOutcome = ({ ok: true; seconds: number; result: unknown; log: string[] } | { ok: false; seconds: number; error: string; log: string[] }) & { carried?: CarriedFrom };

export interface ReportData {
  schema: 'interup.bench-report/1';
  /** ISO time the run started. */
  date: string;
  quick: boolean;
  /** Conditions a person should know (a shared or loaded machine…). */
  note?: string;
  machine: MachineInfo;
  seconds: number;
  benches: Record<string, BenchOutcome>;
}

/** The result of bench `name` when it succeeded. The shapes are the benches' own exported types. */
function result<T>(data: ReportData, name: string): T | undefined {
  const b = data.benches[name];
  return b?.ok ? (b.result as T) : undefined;
}

export const seedOf = (d: ReportData): SeedResult | undefined => result<SeedResult>(d, 'seed');
export const pipelineOf = (d: ReportData): PipelineCaseResult[] | undefined => result<PipelineCaseResult[]>(d, 'pipeline');
export const rifeOf = (d: ReportData): RifeBenchResult | undefined => result<RifeBenchResult>(d, 'rife');
export const upscaleOf = (d: ReportData): UpscaleBenchResult | undefined => result<UpscaleBenchResult>(d, 'upscale');
export const qualityOf = (d: ReportData): QualityResult | undefined => result<QualityResult>(d, 'quality');
export const queueOf = (d: ReportData): QueueBenchResult | undefined => result<QueueBenchResult>(d, 'queue');
export const resumeOf = (d: ReportData): ResumeBenchResult | undefined => result<ResumeBenchResult>(d, 'resume');
