// Frame ↔ ONNX tensor: packed rgb24 to planar float 0..1 zero-padded bottom/right, and back (×255,
// rounded — truncating loses visibly — clamped, cropped to the frame size).
import { makeFrame, type Frame } from '../../frames/frame.js';

/** Planar [3, ph, pw] float32 of `frame`, zero-padded (a fresh array: the session thread takes it over). */
export function toPlanar(frame: Frame, pw: number, ph: number): Float32Array {
  const { width: w, height: h, data } = frame;
  const plane = pw * ph;
  const out = new Float32Array(3 * plane);
  const k = 1 / 255;
  for (let y = 0; y < h; y++) {
    let src = y * w * 3;
    const row = y * pw;
    for (let x = 0; x < w; x++, src += 3) {
      out[row + x] = data[src] * k;
      out[plane + row + x] = data[src + 1] * k;
      out[2 * plane + row + x] = data[src + 2] * k;
    }
  }
  return out;
}

/** The top-left w×h of planar [3, ph, pw] data as an rgb24 frame (in `into` when it has the right size). */
export function fromPlanar(planar: Float32Array, pw: number, ph: number, w: number, h: number, into?: Buffer): Frame {
  const out = into && into.length === w * h * 3 ? into : Buffer.allocUnsafe(w * h * 3);
  const plane = pw * ph;
  for (let y = 0; y < h; y++) {
    let dst = y * w * 3;
    const row = y * pw;
    for (let x = 0; x < w; x++, dst += 3) {
      out[dst] = to8(planar[row + x]);
      out[dst + 1] = to8(planar[plane + row + x]);
      out[dst + 2] = to8(planar[2 * plane + row + x]);
    }
  }
  return makeFrame(w, h, out);
}

function to8(v: number): number {
  const n = Math.round(v * 255);
  return n < 0 ? 0 : n > 255 ? 255 : n;
}
