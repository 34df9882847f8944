// One ONNX Runtime session, built with the chosen provider and graph optimisation and disposed exactly once.
// It runs on its own worker thread (ort-worker.ts): onnxruntime-node's inference is synchronous, and on the
// main thread it stalled decode, encode and progress for the whole call. Our own type, so the native
// session never leaks into the rest of the code.
import { Worker } from 'node:worker_threads';
import { InterupError } from '../../util/index.js';
import { tensorrtEnv } from './tensorrt-env.js';
import type { ProviderName, TensorData, WebgpuSettings, WorkerReply, WorkerRequest } from './worker-protocol.js';

export interface OrtSessionOptions {
  modelPath: string;
  provider: ProviderName;
  threads: number;
  webgpu?: WebgpuSettings;
}

// Omit over each member of the union (a plain Omit would merge them).
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<WorkerRequest>;
type Success = Extract<WorkerReply, { ok: true }>;

// The session thread's entry: the compiled .js next to this file, or, when running from the TypeScript
// sources (tests, INTERUP_FROM_SOURCE), the .ts through tsx's loader, which a worker does not inherit.
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './ort-worker.ts' : './ort-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true });
}

export class OrtSession {
  readonly provider: ProviderName;
  readonly threads: number;
  #inputNames: readonly string[] = [];
  #outputNames: readonly string[] = [];
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, { resolve: (reply: Success) => void; reject: (error: Error) => void }>();

  private constructor(worker: Worker, options: OrtSessionOptions) {
    this.#worker = worker;
    this.provider = options.provider;
    this.threads = options.threads;
    worker.on('message', (reply: WorkerReply) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply);
      else waiter.reject(new Error(reply.message));
    });
    const fail = (error: Error): void => {
      this.#worker = undefined;
      for (const waiter of this.#pending.values()) waiter.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ONNX Runtime thread exited (code ${code})`)));
  }

  /** Loads a model; fails with ORT_SESSION naming the provider and model on error. */
  static async create(options: OrtSessionOptions): Promise<OrtSession> {
    // TensorRT reads its engine-cache settings from the process environment when the session is created.
    if (options.provider === 'tensorrt') Object.assign(process.env, tensorrtEnv(options.modelPath, process.env));
    const session = new OrtSession(startWorker(), options);
    try {
      const reply = await session.#call({ type: 'create', modelPath: options.modelPath, provider: options.provider, threads: options.threads, webgpu: options.webgpu });
      session.#inputNames = reply.inputNames ?? [];
      session.#outputNames = reply.outputNames ?? [];
      return session;
    } catch (error) {
      await session.dispose();
      throw new InterupError('ORT_SESSION', `ONNX Runtime could not load ${options.modelPath} with the ${options.provider} provider: ${(error as Error).message}`, {
        hint: 'Possible solutions: run `interup doctor` to see the providers; use --device cpu; delete the converted model folder (models/<name>/onnx) to convert again.',
        cause: error,
      });
    }
  }

  /**
   * Runs the model on float32 NCHW inputs and returns the named outputs. The inputs' buffers are handed
   * over to the session thread (transferred, not copied): the caller must not use those arrays afterwards.
   */
  async run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
    if (!this.#worker) throw new InterupError('ENGINE_DISPOSED', 'The ONNX Runtime session was disposed or its thread ended.');
    const transfer = [...new Set(Object.values(feeds).map((f) => f.data.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    try {
      return (await this.#call({ type: 'run', feeds }, transfer)).outputs ?? {};
    } catch (error) {
      throw new InterupError('ORT_RUN', `ONNX Runtime failed to run ${this.provider} inference: ${(error as Error).message}`, { cause: error });
    }
  }

  get inputNames(): readonly string[] {
    return this.#inputNames;
  }

  get outputNames(): readonly string[] {
    return this.#outputNames;
  }

  /** Releases the native session and its thread; safe to call more than once. */
  async dispose(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    // Gone for new calls at once; calls already posted finish before the release (the thread takes
    // messages in order).
    this.#worker = undefined;
    try {
      await this.#send(worker, { type: 'dispose' });
    } catch {
      // The thread is going away regardless; a failed release changes nothing for the caller.
    } finally {
      await worker.terminate();
    }
  }

  #call(request: Request, transfer: ArrayBuffer[] = []): Promise<Success> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error('the ONNX Runtime thread is gone'));
    return this.#send(worker, request, transfer);
  }

  #send(worker: Worker, request: Request, transfer: ArrayBuffer[] = []): Promise<Success> {
    const id = this.#next++;
    // The thread keeps the process alive only while a call is in flight: an idle session must not stop a
    // finished program from exiting, and a busy one must not let it exit under an awaiting caller.
    worker.ref();
    const settle = (): void => {
      if (this.#pending.size === 0) worker.unref();
    };
    return new Promise<Success>((resolve, reject) => {
      this.#pending.set(id, {
        resolve: (reply) => {
          resolve(reply);
          settle();
        },
        reject: (error) => {
          reject(error);
          settle();
        },
      });
      worker.postMessage({ ...request, id }, transfer);
    });
  }
}
