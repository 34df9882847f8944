// What the page shows, gathered from what the command already emits: log records, progress events, a
// sample of the frames on their way to the encoder, finished reports and the watchdog's checks. Readers
// subscribe to changes (the page's event stream); every text is redacted again before it is kept.
import type { Frame } from '../frames/index.js';
import { encodePng } from '../media/index.js';
import type { FrameTap, RunReport } from '../pipeline/index.js';
import { redact, redactText, type LogRecord, type ProgressEvent } from '../util/index.js';
import { shrinkFrame } from './thumb.js';
import { engineWords } from './words.js';
import type { JobView, MonitorView, OutputView, QueueView, WatchSnapshot } from './view.js';

export interface WatchHubOptions {
  /** What runs ('interup run'), the page's title. */
  title: string;
  /** Least milliseconds between two thumbnails (default 3000). */
  thumbEveryMs?: number;
  /** Thumbnail width in pixels (default 320). */
  thumbWidth?: number;
  /** Jobs kept for the page (default 12): the oldest ended ones go first (a queue worker runs many units). */
  maxJobs?: number;
  /** Log lines kept for the page (default 40). */
  logLines?: number;
  /** Milliseconds now (tests step it). */
  now?: () => number;
}

export interface Picture {
  png: Buffer;
  width: number;
  height: number;
}

type Listener = () => void;

/** The same moment of the source and the result, or why there is none. */
export type Compare = { seconds: number; source: Frame; result: Frame } | { error: string };

/** The page's state, fed by the command. */
export class WatchHub {
  readonly #options: Required<WatchHubOptions>;
  readonly #jobs = new Map<string, JobView>();
  readonly #logs: WatchSnapshot['logs'] = [];
  readonly #outputs: OutputView[] = [];
  readonly #pictures = new Map<string, Picture>();
  readonly #listeners = new Set<Listener>();
  readonly #startedAt = new Date().toISOString();
  #thumb: WatchSnapshot['thumb'];
  #thumbTaken = -Infinity;
  /** Pictures not yet encoded (the latest thumbnail until someone asks for it). */
  readonly #frames = new Map<string, Frame>();
  #monitor: MonitorView | undefined;
  #queue: QueueView | undefined;
  #finished = false;
  /** The job progress events belong to: the last one a log record named (a batch runs one at a time). */
  #current = 'run';

  constructor(options: WatchHubOptions) {
    this.#options = { thumbEveryMs: 3000, thumbWidth: 320, maxJobs: 12, logLines: 40, now: () => performance.now(), ...options };
  }

  /** Called on every change (the server throttles what it sends). */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** A job's view by its key; `label` (what the page calls it) replaces the key once known. */
  #job(id: string, label?: string): JobView {
    let job = this.#jobs.get(id);
    if (!job) {
      job = { id: redactText(label ?? id), state: 'working', stages: [], engines: [] };
      this.#jobs.set(id, job);
      for (const [key, old] of this.#jobs) {
        if (this.#jobs.size <= this.#options.maxJobs) break;
        if (old.state !== 'working') this.#jobs.delete(key);
      }
    } else if (label !== undefined) job.id = redactText(label);
    return job;
  }

  /** A log record: kept for the page (debug left out); engine choices and a job's end are read from it. */
  log(record: LogRecord): void {
    if (record.level === 'debug') return;
    const { key, label } = jobOf(record.fields);
    if (key !== undefined) this.#current = key;
    const jobId = key ?? 'run';
    if (label !== undefined) this.#job(jobId, label);
    const chosen = /^(engine|upscaler) (\S+) selected$/.exec(record.msg);
    if (chosen) {
      const device = typeof record.fields.device === 'string' ? record.fields.device : 'unknown';
      const description = typeof record.fields.description === 'string' ? record.fields.description : undefined;
      const role = chosen[1] === 'upscaler' ? 'upscaler' : 'interpolator';
      const job = this.#job(jobId);
      job.engines = [...job.engines.filter((e) => e.role !== role), { role, id: chosen[2], words: redactText(engineWords(role, chosen[2], device, description)) }];
    }
    if (record.msg === 'plan') this.#job(jobId).plan = redactText(planWords(record.fields));
    this.#logs.push({ time: record.time, level: record.level, msg: redactText(`${record.msg}${fieldText(record.fields)}`) });
    if (this.#logs.length > this.#options.logLines) this.#logs.splice(0, this.#logs.length - this.#options.logLines);
    this.#changed();
  }

  /** A progress event of one job's stage (default: the job the latest log record named): the terminal bar's numbers. */
  progress(event: ProgressEvent, jobId = this.#current): void {
    const job = this.#job(jobId);
    // A queue's parent unit works again when its segments are done (the join).
    if (job.state === 'done') job.state = 'working';
    job.stages = [...job.stages.filter((s) => s.stage !== event.stage), { ...event }];
    this.#changed();
  }

  /** The job the latest log record named ('run' for a single run). */
  get currentJob(): string {
    return this.#current;
  }

  /** A job ended: done, skipped (already done by an earlier run), or failed with this message. */
  jobEnded(jobId: string, error?: string, skipped = false): void {
    const job = this.#job(jobId);
    job.state = error !== undefined ? 'failed' : skipped ? 'skipped' : 'done';
    if (error !== undefined) job.error = redactText(error);
    this.#changed();
  }

  /**
   * A frame tap for the pipeline: a small copy of the frame being encoded, at most every thumbEveryMs. The
   * PNG is made only when a reader asks for it, so nobody watching costs one shrink every few seconds.
   */
  frameTap(): FrameTap {
    return {
      wants: () => this.#options.now() - this.#thumbTaken >= this.#options.thumbEveryMs,
      take: (frame: Frame) => {
        this.#thumbTaken = this.#options.now();
        const small = shrinkFrame(frame, this.#options.thumbWidth);
        this.#frames.set('thumb', small);
        this.#pictures.delete('thumb');
        this.#thumb = { seq: (this.#thumb?.seq ?? 0) + 1, width: small.width, height: small.height, at: new Date().toISOString() };
        this.#changed();
      },
    };
  }

  /** A finished output: its report's checks, and (when given) the before/after frames of one moment. */
  addOutput(report: RunReport, extra: { job?: string; upload?: OutputView['upload']; compare?: Compare } = {}): void {
    const index = this.#outputs.length;
    const view: OutputView = redact({
      index,
      job: extra.job,
      input: report.input,
      output: report.output,
      mode: report.mode,
      checks: report.checks,
      framesOut: report.framesOut,
      framesPlanned: report.framesPlanned,
      durationIn: report.durationIn,
      durationOut: report.durationOut,
      audio: report.audio,
      avOffsetSeconds: report.avOffsetSeconds,
      fpsIn: report.fpsIn,
      fpsOut: report.fpsOut,
      wallSeconds: report.wallSeconds,
      upload: extra.upload,
    });
    const compare = extra.compare;
    if (compare && 'error' in compare) view.compareError = redactText(compare.error);
    else if (compare) {
      const width = Math.min(640, compare.result.width);
      const before = shrinkFrame(compare.source, width);
      const after = shrinkFrame(compare.result, width);
      this.#pictures.set(`compare-${index}-source`, { png: encodePng(before), width: before.width, height: before.height });
      this.#pictures.set(`compare-${index}-result`, { png: encodePng(after), width: after.width, height: after.height });
      view.compare = { seconds: compare.seconds, width: after.width, height: after.height };
    }
    this.#outputs.push(view);
    this.#changed();
  }

  /** A job's output was uploaded and verified (or written to its place): shown with its output. */
  setUpload(jobId: string, upload: NonNullable<OutputView['upload']>): void {
    const view = this.#outputs.find((o) => o.job === jobId);
    if (view) view.upload = redact(upload);
    this.#changed();
  }

  /** The queue as last read from Redis (an overview that failed keeps the batches of the one before). */
  setQueue(view: QueueView): void {
    const kept = view.error && this.#queue ? { ...this.#queue, at: view.at, error: view.error } : view;
    this.#queue = redact(kept);
    this.#changed();
  }

  /** The watchdog's latest state. */
  setMonitor(view: MonitorView): void {
    this.#monitor = redact(view);
    this.#changed();
  }

  /** The command's work is over (the page says so; it may linger). */
  finish(): void {
    this.#finished = true;
    this.#changed();
  }

  /** A picture by name: 'thumb', 'compare-N-source', 'compare-N-result' (encoded on first request). */
  picture(name: string): Picture | undefined {
    const frame = this.#frames.get(name);
    if (frame && !this.#pictures.has(name)) this.#pictures.set(name, { png: encodePng(frame, { fast: true }), width: frame.width, height: frame.height });
    return this.#pictures.get(name);
  }

  snapshot(): WatchSnapshot {
    return {
      title: this.#options.title,
      startedAt: this.#startedAt,
      now: new Date().toISOString(),
      finished: this.#finished,
      jobs: [...this.#jobs.values()],
      logs: [...this.#logs],
      thumb: this.#thumb,
      outputs: [...this.#outputs],
      monitor: this.#monitor,
      queue: this.#queue,
    };
  }
}

// Which job a log record belongs to: a queue worker's unit (its segment named as such), else a batch's job.
function jobOf(fields: Record<string, unknown>): { key?: string; label?: string } {
  const job = typeof fields.job === 'string' ? fields.job : undefined;
  if (typeof fields.unit !== 'string') return { key: job };
  const segment = typeof fields.segment === 'string' ? ` segment ${fields.segment}` : '';
  return { key: fields.unit, label: job === undefined ? undefined : `${job}${segment}` };
}

// " key=value …" for a log line (objects as JSON), already redacted by the logger and again by the caller.
function fieldText(fields: Record<string, unknown>): string {
  const parts = Object.entries(redact(fields))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length > 0 ? `  ${parts.join(' ')}` : '';
}

// "160x90 at 10 fps → 30 fps, 10 → 30 frames" from the pipeline's 'plan' record.
function planWords(fields: Record<string, unknown>): string {
  const f = (k: string): string => {
    const v = fields[k];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '?';
  };
  return `${f('size')} at ${f('fpsIn')} fps → ${f('fpsOut')} fps, ${f('framesIn')} → ${f('framesOut')} frames`;
}
