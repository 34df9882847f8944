// PNG files read into frames on worker threads (png-read-worker.ts), so a helper binary's output folder is
// decoded off the event loop and on several cores at once: each read goes to the thread with the fewest
// in flight. Threads start on first use, hold the process open only while a read is in flight, and stop
// on close(); a thread that dies rejects its reads and is replaced on the next one.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { makeFrame, type Frame } from '../frames/index.js';
import { InputError } from '../util/index.js';
import type { ReadReply, ReadRequest, RecycleRequest } from './png-read-worker.js';

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve(frame: Frame): void; reject(error: Error): void; into?: Buffer }>;
}

// The thread's entry: the compiled .js next to this file, or, from the TypeScript sources (tests,
// INTERUP_FROM_SOURCE), the .ts through tsx's loader, which a worker does not inherit. tsx's disk cache is
// off there: it would leave a folder in the temp dir the engine's own files share.
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './png-read-worker.ts' : './png-read-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, env: { ...process.env, TSX_DISABLE_CACHE: '1' } });
}

/**
 * Threads for PNG reads by default: one per core, at most 8. A 1080p answer costs ~13-19 ms of one core
 * here (zlib's inflate ~5 ms, the row filters most of the rest), so 8 threads read ~400 frames a second,
 * above what one GPU's binary writes.
 */
export function defaultPngThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export class PngReaders {
  readonly threads: number;
  readonly #slots: (Slot | undefined)[];
  #next = 0;
  #closed = false;

  constructor(threads = defaultPngThreads()) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`Expected a positive integer for PNG threads but received ${threads}`);
    this.threads = threads;
    this.#slots = Array.from({ length: threads }, () => undefined);
  }

  /**
   * Reads `path` into an rgb24 frame, keeping its top-left `crop` when given. Rejects with the file named.
   * With `into` (a buffer of exactly the frame's size, e.g. the pipeline's pooled one) the pixels are copied
   * there and the thread's buffer goes back to it for the next read, so neither side allocates per frame.
   */
  read(path: string, crop?: { width: number; height: number }, into?: Buffer): Promise<Frame> {
    if (this.#closed) return Promise.reject(new Error('the PNG reader threads were closed'));
    const slot = this.#pick();
    const id = this.#next++;
    slot.worker.ref();
    return new Promise<Frame>((resolve, reject) => {
      const done = (): void => {
        slot.pending.delete(id);
        if (slot.pending.size === 0) slot.worker.unref();
      };
      slot.pending.set(id, {
        resolve: (frame) => {
          done();
          resolve(frame);
        },
        into,
        reject: (error) => {
          done();
          reject(error);
        },
      });
      const request: ReadRequest = { id, path, crop };
      slot.worker.postMessage(request);
    });
  }

  /** Stops every thread (reads in flight reject). Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0).filter((s): s is Slot => s !== undefined);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  // The started thread with the fewest reads in flight, or a new one in an empty place.
  #pick(): Slot {
    let best: Slot | undefined;
    for (let i = 0; i < this.#slots.length; i++) {
      const slot = this.#slots[i];
      if (!slot) return (this.#slots[i] = this.#start(i));
      if (!best || slot.pending.size < best.pending.size) best = slot;
    }
    return best as Slot;
  }

  #start(index: number): Slot {
    const worker = startWorker();
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (reply: ReadReply) => {
      const waiter = slot.pending.get(reply.id);
      if (!waiter) return;
      if (!reply.ok) return waiter.reject(new InputError('PNG_INVALID', reply.message));
      const { into } = waiter;
      if (into?.length !== reply.data.byteLength) return waiter.resolve(makeFrame(reply.width, reply.height, Buffer.from(reply.data)));
      into.set(new Uint8Array(reply.data));
      const recycle: RecycleRequest = { recycle: reply.data };
      slot.worker.postMessage(recycle, [reply.data]);
      waiter.resolve(makeFrame(reply.width, reply.height, into));
    });
    const fail = (error: Error): void => {
      if (this.#slots[index] === slot) this.#slots[index] = undefined;
      for (const waiter of [...slot.pending.values()]) waiter.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a PNG reader thread exited (code ${code})`)));
    return slot;
  }
}
