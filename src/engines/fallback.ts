// A provider that fails must not lose the run. An engine is started on the first provider of a plan that
// starts; when `auto` chose it and it fails mid-run (device lost, out of memory on a large frame), the
// next provider is started and the failed call is made again there — the caller sees one slower frame,
// never an error, and every step is logged and kept as an event for the report. When the user named the
// provider, a failure stops with one sentence saying what failed and what to try instead.
import { InputError, InterupError, type Logger } from '../util/index.js';
import type { EngineInfo, FallbackEvent } from './interpolator.js';

export type { FallbackEvent } from './interpolator.js';

/** One provider's way to start an engine. */
export interface ProviderStarter<E> {
  readonly provider: string;
  start(): Promise<E>;
}

interface Engine {
  readonly info: EngineInfo;
  dispose(): Promise<void>;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

// Failures another provider cannot cure: the caller's mistake, a cancellation, a disposed engine.
function notTheProvider(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  if (error instanceof InputError || error instanceof RangeError || error instanceof TypeError) return true;
  return error instanceof InterupError && error.code === 'ENGINE_DISPOSED';
}

export class ProviderFallback<E extends Engine> {
  readonly events: FallbackEvent[] = [];
  readonly #starters: ReadonlyArray<ProviderStarter<E>>;
  readonly #explicit: boolean;
  readonly #logger: Logger;
  readonly #label: string;
  #current: E;
  #provider: string;
  #next: number;
  #calls = 0;
  /** The switch in progress, so calls failing together start the next provider once. */
  #switching: Promise<void> | undefined;
  #disposed = false;

  private constructor(engine: E, index: number, starters: ReadonlyArray<ProviderStarter<E>>, options: { explicit: boolean; logger: Logger; label: string }, events: FallbackEvent[]) {
    this.#current = engine;
    this.#provider = starters[index].provider;
    this.#next = index + 1;
    this.#starters = starters;
    this.#explicit = options.explicit;
    this.#logger = options.logger;
    this.#label = options.label;
    this.events.push(...events);
  }

  /** Starts the first provider that starts; `explicit` (one provider, named by the user) fails with one sentence. */
  static async start<E extends Engine>(starters: ReadonlyArray<ProviderStarter<E>>, options: { explicit: boolean; logger: Logger; label: string; signal?: AbortSignal }): Promise<ProviderFallback<E>> {
    const events: FallbackEvent[] = [];
    for (let i = 0; i < starters.length; i++) {
      try {
        const engine = await starters[i].start();
        return new ProviderFallback(engine, i, starters, options, events);
      } catch (error) {
        if (notTheProvider(error, options.signal)) throw error;
        const provider = starters[i].provider;
        // The GPU the user named cannot start here: their flag cannot be honoured (exit 2), and no other
        // engine may quietly run instead. (The CPU failing to start is no device problem: kept as it is.)
        if (options.explicit && provider !== 'cpu') {
          throw new InputError('DEVICE_FAILED', `${options.label} could not start on --device ${provider}: ${message(error)}.`, {
            hint: 'Use --device auto to take the next provider that starts, or --device cpu; `interup doctor` shows each provider.',
            cause: error,
          });
        }
        if (options.explicit) throw error;
        const to = starters[i + 1]?.provider;
        events.push({ stage: 'start', from: provider, to, reason: message(error) });
        options.logger.warn(`${options.label}: the ${provider} provider failed to start${to ? `; trying ${to}` : ''}`, { reason: message(error) });
        if (!to) throw error;
      }
    }
    throw new Error('internal: no provider to start');
  }

  /** The engine now in use. */
  get current(): E {
    return this.#current;
  }

  get provider(): string {
    return this.#provider;
  }

  /** Runs `call` on the current engine; in auto a provider failure moves to the next provider and calls again. */
  async run<R>(call: (engine: E) => Promise<R>, signal?: AbortSignal): Promise<R> {
    const number = ++this.#calls;
    for (;;) {
      const engine = this.#current;
      try {
        return await call(engine);
      } catch (error) {
        if (this.#disposed || signal?.aborted) throw error;
        // Another call is moving (or moved) off this engine, which may have failed this one: redo it there.
        if (this.#switching) await this.#switching;
        if (engine !== this.#current) continue;
        if (notTheProvider(error, signal)) throw error;
        if (this.#explicit) {
          throw new InterupError('PROVIDER_FAILED', `${this.#label} failed on --device ${this.#provider} at call ${number}: ${message(error)}.`, {
            hint: 'Rerun with --device auto to fall back to the next provider when one fails, or with --device cpu.',
            cause: error,
          });
        }
        if (this.#next >= this.#starters.length) throw error;
        this.#switching = this.#switchFrom(engine, error, number).finally(() => {
          this.#switching = undefined;
        });
        await this.#switching;
      }
    }
  }

  // Gives up the failed provider and starts the next one that starts.
  async #switchFrom(failed: E, error: unknown, call: number): Promise<void> {
    const from = this.#provider;
    const reason = message(error);
    const event: { -readonly [K in keyof FallbackEvent]: FallbackEvent[K] } = { stage: 'run', from, reason, call };
    this.events.push(event);
    await failed.dispose().catch(() => undefined);
    while (this.#next < this.#starters.length) {
      const starter = this.#starters[this.#next++];
      try {
        const engine = await starter.start();
        event.to = starter.provider;
        this.#logger.warn(`${this.#label}: the ${from} provider failed at call ${call}; continuing on ${starter.provider} (that frame is made again there)`, { reason });
        this.#current = engine;
        this.#provider = starter.provider;
        return;
      } catch (startError) {
        this.events.push({ stage: 'start', from: starter.provider, reason: message(startError) });
        this.#logger.warn(`${this.#label}: the ${starter.provider} provider failed to start`, { reason: message(startError) });
      }
    }
    throw new InterupError('PROVIDER_FAILED', `${this.#label} failed on ${from} at call ${call} and no other provider started (${reason}).`, { cause: error });
  }

  /** Frees the engine in use; idempotent. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#switching?.catch(() => undefined);
    await this.#current.dispose();
  }
}
