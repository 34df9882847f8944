// A queue worker: takes videos and segments from the shared queue, checks each job again on this box,
// runs it, and reports its progress. BullMQ does the distributed part: locks, stalled-job recovery (a
// box killed mid-unit loses only that unit), retries, and the flow that wakes a parent after its children.
import { DelayedError, UnrecoverableError, WaitingChildrenError, Worker, type Job } from 'bullmq';
import { describeError, InputError, redactText } from '../../util/index.js';
import type { RedisTarget } from '../connection.js';
import { openQueue, type QueueHandle } from '../connect.js';
import { parseQueuedJob } from '../job-data.js';
import { checkJob } from './checks.js';
import type { WorkContext } from './context.js';
import { runSegment } from './run-segment.js';
import { runSplit } from './run-split.js';
import { runWhole } from './run-whole.js';

export interface QueueWorkerOptions extends Omit<WorkContext, 'queue'> {
  target: RedisTarget;
  queueName: string;
  /** Units run at once on this box. */
  concurrency: number;
  /** How long a unit's lock lasts without renewal: a killed worker's unit is taken over after about this long. */
  lockSeconds: number;
}

export class QueueWorker {
  readonly #worker: Worker;
  readonly #handle: QueueHandle;
  readonly #options: QueueWorkerOptions;
  #active = 0;
  #lastBusy = Date.now();
  #handingBack = false;
  #finished = 0;

  private constructor(handle: QueueHandle, options: QueueWorkerOptions) {
    this.#handle = handle;
    this.#options = options;
    const ctx: WorkContext = { ...options, queue: handle.queue };
    this.#worker = new Worker(options.queueName, (job, token, signal) => this.#process(job, token ?? '', ctx, signal), {
      connection: options.target.options,
      concurrency: options.concurrency,
      lockDuration: options.lockSeconds * 1000,
      stalledInterval: options.lockSeconds * 1000,
      maxStalledCount: 2,
      name: options.workerName,
      autorun: false,
    });
    let lastError = '';
    this.#worker.on('error', (error) => {
      // Redis going away repeats the same error many times a second: say it once per change.
      const text = describeError(error);
      if (text !== lastError) options.logger.warn(`queue connection: ${text}`);
      lastError = text;
    });
    this.#worker.on('ready', () => {
      if (lastError) options.logger.info('queue connection restored');
      lastError = '';
    });
  }

  /** Connects and starts taking units. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    const handle = await openQueue(options.target, options.queueName);
    const worker = new QueueWorker(handle, options);
    void worker.#worker.run().catch((error: unknown) => options.logger.error(`worker stopped: ${describeError(error)}`));
    await worker.#worker.waitUntilReady();
    // Idle time counts from when the worker could first take a unit, not from when it began connecting.
    worker.#lastBusy = Date.now();
    options.logger.info('worker ready', { worker: options.workerName, queue: options.queueName, redis: options.target.where, concurrency: options.concurrency });
    return worker;
  }

  /** Units running now. */
  get active(): number {
    return this.#active;
  }

  /** Units finished (verified, or failed) since start. */
  get finished(): number {
    return this.#finished;
  }

  /** Milliseconds since the last unit ended (0 while one runs). */
  idleMs(now = Date.now()): number {
    return this.#active > 0 ? 0 : now - this.#lastBusy;
  }

  /**
   * Stops taking units. Graceful: the running ones finish first. `handBack`: they are aborted and put
   * back on the queue (no attempt used) for another worker.
   */
  async close(options: { handBack?: boolean } = {}): Promise<void> {
    if (options.handBack) {
      this.#handingBack = true;
      this.#worker.cancelAllJobs('handed back: the worker is stopping');
    }
    try {
      await this.#worker.close();
    } finally {
      await this.#handle.close();
      await this.#options.sources.clear();
    }
  }

  async #process(job: Job, token: string, ctx: WorkContext, signal?: AbortSignal): Promise<unknown> {
    this.#active++;
    const logger = ctx.logger.child({ unit: job.id });
    let failure: string | undefined;
    try {
      let data;
      let checked;
      try {
        data = parseQueuedJob(job.data);
        checked = await checkJob(data, ctx);
      } catch (error) {
        const message = redactText(describeError(error));
        logger.error('job refused', { error: message });
        failure = message;
        throw new UnrecoverableError(message);
      }
      if (data.kind === 'segment') return await runSegment(job, data, checked, ctx, signal);
      if (data.spec.segmentSeconds) return await runSplit(job, token, data, checked, ctx, signal);
      return await runWhole(job, data, checked, ctx, signal);
    } catch (error) {
      if (error instanceof WaitingChildrenError || error instanceof UnrecoverableError) throw error;
      if (this.#handingBack && signal?.aborted) {
        logger.warn('unit handed back to the queue');
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      const message = redactText(describeError(error));
      failure = message;
      logger.error('unit failed', { error: message, attempt: job.attemptsMade + 1 });
      // Bad input fails the same way on every box: no retry.
      if (error instanceof InputError) throw new UnrecoverableError(message);
      throw new Error(message);
    } finally {
      ctx.watch?.ended(job.id ?? '', failure);
      this.#active--;
      this.#finished++;
      this.#lastBusy = Date.now();
    }
  }
}
