// A thread that reads PNG files into rgb24 frames (png-readers.ts): the file read, the inflate and the row
// unfilter all happen here, and the pixels go back as a transferred buffer (no copy).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { decodePng } from './png.js';

export interface ReadRequest {
  id: number;
  path: string;
  /** Keep only the top-left width×height (the helper's padding removed while decoding). */
  crop?: { width: number; height: number };
}

export type ReadReply = { id: number; ok: true; width: number; height: number; data: ArrayBuffer } | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('png-read-worker must run in a worker thread');

port.on('message', (request: ReadRequest) => {
  let reply: ReadReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const frame = decodePng(readFileSync(request.path), request.path, request.crop);
    // A fresh, whole ArrayBuffer can be transferred; a Buffer from node's shared pool cannot.
    const data = frame.data.byteOffset === 0 && frame.data.byteLength === frame.data.buffer.byteLength ? (frame.data.buffer as ArrayBuffer) : new Uint8Array(frame.data).buffer;
    reply = { id: request.id, ok: true, width: frame.width, height: frame.height, data };
    transfer = [data];
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message };
  }
  port.postMessage(reply, transfer);
});
