// Zero-pads a packed rgb24 frame bottom/right and crops it back (the ncnn engine's padding).
import { makeFrame, type Frame } from '../../frames/frame.js';

/** `frame` zero-padded to pw×ph (the same frame when no padding is needed). */
export function padFrame(frame: Frame, pw: number, ph: number): Frame {
  if (frame.width === pw && frame.height === ph) return frame;
  const out = Buffer.alloc(pw * ph * 3);
  for (let y = 0; y < frame.height; y++) frame.data.copy(out, y * pw * 3, y * frame.width * 3, (y + 1) * frame.width * 3);
  return makeFrame(pw, ph, out);
}

/** The top-left w×h of `frame`. */
export function cropFrame(frame: Frame, w: number, h: number): Frame {
  if (frame.width === w && frame.height === h) return frame;
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) frame.data.copy(out, y * w * 3, y * frame.width * 3, y * frame.width * 3 + w * 3);
  return makeFrame(w, h, out);
}
