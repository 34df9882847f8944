// Frame ↔ ONNX tensor: packed rgb24 or rgb48le to planar float 0..1 zero-padded bottom/right, and back
// (×255 or ×65535, rounded — truncating loses visibly — clamped, cropped to the frame size). The networks
// run in float either way, so a 16-bit frame keeps its precision through them.
import { makeFrame, samples16, type Frame, type PixelFormat } from '../../frames/index.js';

/** Planar [3, ph, pw] float32 of `frame`, zero-padded (a fresh array: the session thread takes it over). */
export function toPlanar(frame: Frame, pw: number, ph: number): Float32Array {
  const { width: w, height: h } = frame;
  const data = frame.format === 'rgb24' ? frame.data : samples16(frame);
  const plane = pw * ph;
  const out = new Float32Array(3 * plane);
  const k = frame.format === 'rgb24' ? 1 / 255 : 1 / 65535;
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

/** The top-left w×h of planar [3, ph, pw] data as a frame of `format` (in `into` when it has the right size). */
export function fromPlanar(planar: Float32Array, pw: number, ph: number, w: number, h: number, into?: Buffer, format: PixelFormat = 'rgb24'): Frame {
  if (format === 'rgb48le') return fromPlanar16(planar, pw, ph, w, h, into);
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

/** fromPlanar for rgb48le: the same, at 16 bits. */
function fromPlanar16(planar: Float32Array, pw: number, ph: number, w: number, h: number, into?: Buffer): Frame {
  const out = into && into.length === w * h * 6 ? into : Buffer.allocUnsafeSlow(w * h * 6);
  const frame = makeFrame(w, h, out, 'rgb48le');
  const px = samples16(frame);
  const plane = pw * ph;
  for (let y = 0; y < h; y++) {
    let dst = y * w * 3;
    const row = y * pw;
    for (let x = 0; x < w; x++, dst += 3) {
      px[dst] = to16(planar[row + x]);
      px[dst + 1] = to16(planar[plane + row + x]);
      px[dst + 2] = to16(planar[2 * plane + row + x]);
    }
  }
  // samples16 copied an unaligned buffer: write the values back.
  if (px.buffer !== out.buffer) for (let i = 0; i < px.length; i++) out.writeUInt16LE(px[i], 2 * i);
  return frame;
}

function to16(v: number): number {
  const n = Math.round(v * 65535);
  return n < 0 ? 0 : n > 65535 ? 65535 : n;
}

function to8(v: number): number {
  const n = Math.round(v * 255);
  return n < 0 ? 0 : n > 255 ? 255 : n;
}
