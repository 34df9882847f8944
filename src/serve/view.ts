// What the page receives (as JSON on its event stream): the shape the page's script renders.
import type { ProgressEvent } from '../util/index.js';
import type { WatchdogState } from '../monitor/index.js';
import type { QueueOverview } from '../queue/index.js';

export interface EngineView {
  role: 'interpolator' | 'upscaler';
  id: string;
  /** "interpolating with blend on the CPU". */
  words: string;
}

export interface JobView {
  id: string;
  state: 'working' | 'done' | 'skipped' | 'failed';
  /** The latest progress event of each stage (the terminal bar's numbers). */
  stages: ProgressEvent[];
  engines: EngineView[];
  /** "160x90 at 10 fps → 30 fps, 10 → 30 frames". */
  plan?: string;
  error?: string;
}

export interface OutputView {
  index: number;
  /** The batch job it belongs to. */
  job?: string;
  input: string;
  output: string;
  mode: string;
  checks: string[];
  framesOut: number;
  framesPlanned: number;
  durationIn: number;
  durationOut: number;
  audio: boolean;
  avOffsetSeconds?: number;
  fpsIn: string;
  fpsOut: string;
  wallSeconds: number;
  /** Where the output went and how that was verified ("head:size+sha256-metadata", "local sha256"). */
  upload?: { url: string; check: string };
  /** The before/after pictures of one moment: /picture/compare-N-source.png and -result.png. */
  compare?: { seconds: number; width: number; height: number };
  compareError?: string;
}

/** The queue, as queue/ reads it from Redis, and whether bull-board is mounted at board/. */
export type QueueView = QueueOverview & { board: boolean };

/** The watchdog's state, as monitor/ reports it (the page shows it as it is). */
export type MonitorView = WatchdogState;

export interface WatchSnapshot {
  title: string;
  startedAt: string;
  now: string;
  /** The command's work is over (the page lingers to show the result). */
  finished: boolean;
  jobs: JobView[];
  logs: { time: string; level: string; msg: string }[];
  /** The latest frame on its way to the encoder: /picture/thumb.png?seq=N. */
  thumb?: { seq: number; width: number; height: number; at: string };
  outputs: OutputView[];
  monitor?: MonitorView;
  /** The queue (given --redis, or a queue worker's own). */
  queue?: QueueView;
}
