// A thread that reads PNG files into rgb24 frames (png-readers.ts): the file read, the inflate and the row
// unfilter all happen here, and the pixels go back as a transferred buffer (no copy). A caller that copies
// them into a buffer of its own sends the buffer back ('recycle'), and the next read of that size decodes
// into it: a 1080p frame's 6 MB then never has to be faulted in afresh (5-7 ms of CPU a frame here).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { decodePng } from './png.js';

export interface ReadRequest {
  id: number;
  path: string;
  /** Keep only the top-left width×height (the helper's padding removed while decoding). */
  crop?: { width: number; height: number };
}

/** A buffer the caller is done with, for the next read of its size. */
export interface RecycleRequest {
  recycle: ArrayBuffer;
}

export type ReadReply = { id: number; ok: true; width: number; height: number; data: ArrayBuffer } | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('png-read-worker must run in a worker thread');

// A few returned buffers; reads in flight on this thread rarely need more.
const SPARE_LIMIT = 4;
const spare: ArrayBuffer[] = [];

function takeSpare(bytes: number | undefined): Uint8Array | undefined {
  if (bytes === undefined) return undefined;
  const at = spare.findIndex((b) => b.byteLength === bytes);
  return at < 0 ? undefined : new Uint8Array(spare.splice(at, 1)[0]);
}

port.on('message', (request: ReadRequest | RecycleRequest) => {
  if ('recycle' in request) {
    if (spare.length >= SPARE_LIMIT) spare.shift();
    spare.push(request.recycle);
    return;
  }
  let reply: ReadReply;
  let transfer: ArrayBuffer[] = [];
  const into = takeSpare(request.crop ? request.crop.width * request.crop.height * 3 : undefined);
  try {
    const frame = decodePng(readFileSync(request.path), request.path, request.crop, into);
    // The general codec (not 8-bit RGB/RGBA) answers in its own buffer: keep the spare for the next read.
    if (into && frame.data.buffer !== into.buffer && spare.length < SPARE_LIMIT) spare.push(into.buffer as ArrayBuffer);
    // A fresh, whole ArrayBuffer can be transferred; a Buffer from node's shared pool cannot.
    const data = frame.data.byteOffset === 0 && frame.data.byteLength === frame.data.buffer.byteLength ? (frame.data.buffer as ArrayBuffer) : new Uint8Array(frame.data).buffer;
    reply = { id: request.id, ok: true, width: frame.width, height: frame.height, data };
    transfer = [data];
  } catch (error) {
    if (into && spare.length < SPARE_LIMIT) spare.push(into.buffer as ArrayBuffer);
    reply = { id: request.id, ok: false, message: (error as Error).message };
  }
  port.postMessage(reply, transfer);
});
