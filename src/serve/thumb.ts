// A small copy of a frame for the page: nearest-neighbour sampling with the source offsets of each column
// worked out once (a 320-pixel-wide copy of a 1080p frame is well under a millisecond), 8 bits a component
// whatever the frame's depth, so the PNG codec gets plain rgb24.
import { makeFrame, type Frame } from '../frames/index.js';

/** A copy of `frame` at most `maxWidth` wide (never enlarged), as rgb24. */
export function shrinkFrame(frame: Frame, maxWidth: number): Frame {
  const scale = Math.min(1, maxWidth / frame.width);
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  const deep = frame.format === 'rgb48le';
  // rgb48le: the high byte of each little-endian component is its 8-bit value.
  const bytes = deep ? 6 : 3;
  const step = deep ? 2 : 1;
  const hi = deep ? 1 : 0;
  const columns = new Int32Array(width);
  for (let x = 0; x < width; x++) columns[x] = Math.min(frame.width - 1, Math.floor(((x + 0.5) * frame.width) / width)) * bytes + hi;
  const src = frame.data;
  const out = Buffer.allocUnsafe(width * height * 3);
  let to = 0;
  for (let y = 0; y < height; y++) {
    const row = Math.min(frame.height - 1, Math.floor(((y + 0.5) * frame.height) / height)) * frame.width * bytes;
    for (let x = 0; x < width; x++) {
      const from = row + columns[x];
      out[to++] = src[from];
      out[to++] = src[from + step];
      out[to++] = src[from + 2 * step];
    }
  }
  return makeFrame(width, height, out);
}
